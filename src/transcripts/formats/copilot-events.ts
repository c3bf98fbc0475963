/**
 * GitHub Copilot CLI's own session state (`~/.copilot/session-state/`): JSONL events
 * `{ type, data, id, timestamp }`: `session.start`, `user.message` and `assistant.message`
 * (`data.content`), `tool.execution_start` (`data.toolCallId`, `toolName`, `arguments`) and
 * `tool.execution_complete` (`data.toolCallId`, `success`, `result.content`). The bash tool's
 * result ends with `<exited with exit code N>` (newer builds also give `result.contents[]` with an
 * `exitCode`). `copilot -p --output-format json` prints the same events, and a last `result` line
 * with the session's usage: one reader serves both. A shell sent to the background (`mode:
 * "async"`) is read later with `read_bash`, whose output belongs to it.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import {
  EDIT_TOOLS,
  exitCodeIn,
  firstJsonObjects,
  isObject,
  eachJson,
  partsText,
  patchEdits,
  SHELL_TOOLS,
  text,
  toolDetail,
  WRITE_TOOLS,
} from './shared.js';

/** Tools that only read or ask: they change nothing and run nothing. */
const QUIET = new Set([
  'view',
  'grep',
  'glob',
  'ask_user',
  'skill',
  'sql',
  'report_intent',
  'update_todo',
  'stop_bash',
  'write_bash',
  'web_fetch',
]);

export const copilotEvents: TranscriptReader = {
  format: 'copilot-events',
  label: 'GitHub Copilot CLI session events (.jsonl, also copilot -p --output-format json)',
  detect(head) {
    return firstJsonObjects(head).some(
      (line) =>
        typeof line.type === 'string' && /^(?:session|user|assistant|tool)\.\w+/.test(line.type) && isObject(line.data),
    )
      ? 90
      : 0;
  },
  activity(entry) {
    if (entry.type !== 'tool.execution_start' || !isObject(entry.data)) return undefined;
    return { tool: text(entry.data.toolName), detail: toolDetail(entry.data.arguments) };
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('copilot-events');
    /** read_bash calls waiting for their result: the shell each reads. */
    const reads = new Map<string, string>();
    const count = eachJson(lines, builder, (entry, line) => {
      if (entry.type === 'result' && isObject(entry.usage)) {
        // `copilot -p --output-format json` ends with this line: what the run took.
        const duration = entry.usage.sessionDurationMs;
        if (typeof duration === 'number') builder.record.usage = { ...builder.record.usage, durationMs: duration };
        return;
      }
      if (!isObject(entry.data)) return;
      const data = entry.data;
      switch (entry.type) {
        case 'session.start': {
          const context = isObject(data.context) ? data.context : {};
          builder.record.cwd ||= text(context.cwd) || undefined;
          break;
        }
        case 'user.message':
          builder.turn('user', partsText(data.content), line);
          break;
        case 'assistant.message':
          builder.turn('assistant', partsText(data.content), line);
          break;
        case 'session.task_complete':
          if (text(data.summary)) builder.turn('assistant', text(data.summary), line);
          break;
        case 'tool.execution_start': {
          const name = text(data.toolName).toLowerCase();
          const args = isObject(data.arguments) ? data.arguments : {};
          const id = text(data.toolCallId);
          if (SHELL_TOOLS.has(name)) {
            const run = builder.command(text(args.command), line, id);
            if (args.mode === 'async' && args.shellId !== undefined) builder.background(run, String(args.shellId));
          } else if (name === 'read_bash' || name === 'read_powershell')
            reads.set(id, args.shellId === undefined ? (builder.lastShell() ?? '') : String(args.shellId));
          else if (EDIT_TOOLS.has(name)) builder.edit(text(args.path) || text(args.file_path), 'edit', line);
          else if (WRITE_TOOLS.has(name)) builder.edit(text(args.path) || text(args.file_path), 'create', line);
          else if (name === 'apply_patch')
            for (const edit of patchEdits(text(args.input) || text(args.patch)))
              builder.edit(edit.path, edit.kind, line);
          else if (name === 'task_complete' && text(args.summary)) builder.turn('assistant', text(args.summary), line);
          else if (!QUIET.has(name) && name !== 'task') builder.hidden();
          break;
        }
        case 'tool.execution_complete': {
          const id = text(data.toolCallId);
          const result = isObject(data.result) ? partsText(data.result.content) : partsText(data.result);
          const error = isObject(data.error) ? text(data.error.message) : text(data.error);
          const output = result || error;
          const shell = reads.get(id);
          if (shell !== undefined) {
            reads.delete(id);
            builder.poll(shell, output.replace(/\n?<exited with exit code \d+>\s*$/, ''), line, exitCodeIn(output));
            break;
          }
          const run = builder.take(id);
          if (!run) break;
          const running = /<command with (?:shellId|id): ?(\w+) is still running/.exec(output);
          if (running && !run.background) builder.background(run, running[1]!);
          // Newer builds give the exit code as data: `result.contents[]` of type terminal or shell_exit.
          const contents = isObject(data.result) && Array.isArray(data.result.contents) ? data.result.contents : [];
          const given = contents.find((part) => isObject(part) && typeof part.exitCode === 'number') as
            | { exitCode: number }
            | undefined;
          const code = given?.exitCode ?? exitCodeIn(output);
          if (code !== undefined) run.exitCode = code;
          if (data.success === false) run.failed = true;
          builder.outputText(run, output.replace(/\n?<exited with exit code \d+>\s*$/, ''), line);
          break;
        }
      }
    });
    return builder.finish(count);
  },
};
