/**
 * OpenAI Codex CLI session rollouts: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`, one
 * `{ timestamp, type, payload }` a line. The first is `session_meta` (with the session's `cwd`);
 * `response_item` payloads are the model's items: `message` (role user or assistant, content
 * parts `input_text` / `output_text`), `function_call` of the shell tool (`arguments`, a JSON
 * string with the argv in `command` and an optional `workdir`), `function_call_output` (`output`:
 * JSON `{ output, metadata: { exit_code } }`, or text starting `Exit code: N`), and `apply_patch`
 * calls whose patch names the files. `event_msg` payloads repeat much of it for the terminal
 * view; `exec_command_end` gives an exit code when the output has none.
 */
import path from 'node:path';
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import {
  exitCodeIn,
  firstJsonObjects,
  isObject,
  type Json,
  eachJson,
  partsText,
  patchEdits,
  shellLine,
  text,
} from './shared.js';

const SHELL = new Set(['shell', 'local_shell', 'container.exec', 'exec_command', 'shell_command']);
/** Codex's own tools that change nothing outside the conversation. */
const QUIET = new Set(['update_plan', 'view_image', 'web_search', 'read_file', 'list_dir', 'grep_files']);
/** User messages Codex writes itself: the environment and AGENTS.md it hands the model. */
const INJECTED = /^\s*(?:<environment_context>|<user_instructions>|<permissions|# AGENTS\.md instructions)/;

export const codexRollout: TranscriptReader = {
  format: 'codex-rollout',
  label: 'OpenAI Codex CLI session rollout (.jsonl)',
  detect(head) {
    return firstJsonObjects(head).some(
      (line) =>
        isObject(line.payload) &&
        (line.type === 'session_meta' || line.type === 'response_item' || line.type === 'turn_context'),
    )
      ? 90
      : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('codex-rollout');
    let sessionCwd = '';
    const exitCodes = new Map<string, number>();
    const open = new Map<string, ReturnType<RecordBuilder['command']>>();
    /** write_stdin calls waiting for their output: the session each one polls. */
    const polls = new Map<string, string>();
    const count = eachJson(lines, builder, (entry, line) => {
      if (!isObject(entry.payload)) return;
      const payload = entry.payload;
      if (entry.type === 'session_meta' || entry.type === 'turn_context') {
        sessionCwd ||= text(payload.cwd);
        builder.record.cwd ||= sessionCwd || undefined;
        return;
      }
      if (entry.type === 'event_msg' && payload.type === 'patch_apply_end' && isObject(payload.changes)) {
        if (payload.success !== false)
          for (const file of Object.keys(payload.changes)) builder.edit(file, 'edit', line);
        return;
      }
      if (entry.type === 'event_msg') {
        if (payload.type === 'exec_command_end' && typeof payload.exit_code === 'number') {
          const id = text(payload.call_id);
          const run = open.get(id);
          if (run && run.exitCode === undefined) run.exitCode = payload.exit_code;
          else exitCodes.set(id, payload.exit_code);
        }
        return;
      }
      if (entry.type !== 'response_item') return;
      switch (payload.type) {
        case 'message': {
          const said = partsText(payload.content);
          if (payload.role === 'assistant') builder.turn('assistant', said, line);
          else if (payload.role === 'user' && !INJECTED.test(said)) builder.turn('user', said, line);
          break;
        }
        case 'function_call':
        case 'local_shell_call':
        case 'custom_tool_call': {
          const id = text(payload.call_id);
          const name = text(payload.name);
          const args = argumentsOf(payload);
          if (name === 'write_stdin') {
            polls.set(id, String(args.session_id ?? ''));
            break;
          }
          if (name === 'apply_patch' || payload.type === 'custom_tool_call') {
            const patch = text(payload.input) || text(args.input) || text(args.patch);
            for (const edit of patchEdits(patch)) builder.edit(edit.path, edit.kind, line);
            break;
          }
          if (payload.type === 'local_shell_call' || SHELL.has(name)) {
            const action = isObject(payload.action) ? payload.action : {};
            const argv = args.cmd ?? args.command ?? action.command;
            const command = shellLine(argv);
            const patch = /^apply_patch\b/.test(command) ? command : '';
            if (patch) {
              for (const edit of patchEdits(patch)) builder.edit(edit.path, edit.kind, line);
              break;
            }
            const workdir = text(args.workdir) || text(action.working_directory);
            const folder = workdir && sessionCwd ? path.relative(sessionCwd, workdir) || '.' : undefined;
            const run = builder.command(command, line, id, folder && !folder.startsWith('..') ? folder : undefined);
            open.set(id, run);
            const early = exitCodes.get(id);
            if (early !== undefined) run.exitCode = early;
          } else if (!QUIET.has(name)) builder.hidden();
          break;
        }
        case 'function_call_output':
        case 'custom_tool_call_output': {
          const id = text(payload.call_id);
          const session = polls.get(id);
          if (session !== undefined) {
            polls.delete(id);
            const { output, exitCode } = outputOf(payload.output);
            builder.poll(session, output, line, exitCode);
            break;
          }
          const run = builder.take(id);
          if (!run) break;
          const { output, exitCode } = outputOf(payload.output);
          const running = /^Process running with session ID (\d+)/m.exec(text(payload.output));
          if (running && exitCode === undefined) {
            builder.background(run, running[1]!);
            builder.outputText(run, output, line);
            break;
          }
          if (exitCode !== undefined) run.exitCode = exitCode;
          else if (exitCodes.has(id)) run.exitCode = exitCodes.get(id)!;
          if (/\[\.\.\. omitted \d+ of \d+ lines \.\.\.\]|\.\.\. \d+ lines truncated/.test(output)) run.cutByCli = true;
          builder.outputText(run, output, line);
          break;
        }
      }
    });
    return builder.finish(count);
  },
};

function argumentsOf(payload: Json): Json {
  if (isObject(payload.arguments)) return payload.arguments;
  if (typeof payload.arguments !== 'string') return {};
  try {
    const value = JSON.parse(payload.arguments) as unknown;
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

/** `{"output": "...", "metadata": {"exit_code": 0}}`, or text with `Exit code: N` and `Output:` lines. */
function outputOf(value: unknown): { output: string; exitCode?: number } {
  const raw = typeof value === 'string' ? value : isObject(value) ? text(value.content) || text(value.output) : '';
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (isObject(parsed) && typeof parsed.output === 'string') {
      const metadata = isObject(parsed.metadata) ? parsed.metadata : {};
      const code =
        typeof metadata.exit_code === 'number' ? metadata.exit_code : exitCodeIn(parsed.output.slice(0, 200));
      return { output: parsed.output, ...(code === undefined ? {} : { exitCode: code }) };
    }
  } catch {
    // plain text
  }
  const code = exitCodeIn(raw.slice(0, 200));
  const body = /\nOutput:\n([\s\S]*)$/.exec(raw)?.[1] ?? raw;
  return { output: body, ...(code === undefined ? {} : { exitCode: code }) };
}
