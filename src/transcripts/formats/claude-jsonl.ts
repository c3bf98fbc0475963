/**
 * Claude Code's JSON lines, in the two places they are written:
 *
 * - the session log, `~/.claude/projects/<encoded-cwd>/<session-id>.jsonl` (some people commit it
 *   pretty-printed, one object over many lines: both are read). Each line has `type`, `uuid`,
 *   `sessionId`, `cwd`; `type: "user" | "assistant"` lines carry `message.content`, a string or a
 *   list of blocks: `text`, `tool_use` (`Bash`, `Edit`, `Write`, `MultiEdit`, `Task`, `mcp__…`,
 *   with `input`), and `tool_result` (`tool_use_id`, `content`, `is_error`) in the user line after.
 *   A non-zero Bash exit sets `is_error` and starts the content `Exit code N`; success has no code.
 * - the headless stream, `claude -p --output-format stream-json --verbose`: `system` (subtype
 *   `init`, with `cwd` and `session_id`), the same `assistant` and `user` lines, and a last
 *   `result` line with the final text, `total_cost_usd`, `usage`, `num_turns` and `duration_ms`.
 *
 * `run_in_background: true` starts a shell the model reads later with `BashOutput` (`bash_id`),
 * whose result carries `<exit_code>` and `<stdout>`: that output belongs to the run it started.
 * Sub-agents (`Task`) and MCP tools work out of the record's sight; `isSidechain` lines are a
 * sub-agent's, whose commands count but whose words are not the session's.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptFormat, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { eachJson, exitCodeIn, firstJsonObjects, isObject, type Json, partsText, text, toolDetail } from './shared.js';

/** User text that Claude Code writes itself, not the person: local commands, reminders. */
const GENERATED = /^\s*<(?:command-name|command-message|local-command-stdout|system-reminder|user-memory-input)>/;
const READ_SHELL = new Set(['BashOutput', 'TaskOutput']);
/** The line types of a session log; the first lines are often bookkeeping (a queue operation, a snapshot). */
const CLAUDE_LINES = new Set([
  'user',
  'assistant',
  'summary',
  'system',
  'queue-operation',
  'permission-mode',
  'ai-title',
]);

function reader(format: TranscriptFormat, label: string, detect: (objects: Json[]) => number): TranscriptReader {
  return {
    format,
    label,
    detect: (head) => detect(firstJsonObjects(head)),
    read(lines: LineSource): TranscriptRecord {
      const builder = new RecordBuilder(format);
      const session = new ClaudeSession(builder);
      const count = eachJson(lines, builder, (entry, line) => session.line(entry, line));
      return builder.finish(count);
    },
    activity(entry) {
      if (entry.type !== 'assistant' || !isObject(entry.message) || !Array.isArray(entry.message.content)) return;
      const call = entry.message.content.find((block) => isObject(block) && block.type === 'tool_use') as Json;
      return call ? { tool: text(call.name), detail: toolDetail(call.input) } : undefined;
    },
  };
}

export const claudeJsonl = reader('claude-jsonl', 'Claude Code session log (.jsonl)', (objects) =>
  objects.some(
    (line) =>
      (CLAUDE_LINES.has(String(line.type)) && ('sessionId' in line || 'uuid' in line || 'parentUuid' in line)) ||
      (line.type === 'file-history-snapshot' && 'messageId' in line),
  )
    ? 90
    : 0,
);

export const claudeStream = reader(
  'claude-stream',
  'Claude Code headless stream (claude -p --output-format stream-json)',
  (objects) =>
    objects.some((line) => line.type === 'system' && line.subtype === 'init' && 'session_id' in line) ||
    (objects.some((line) => (line.type === 'assistant' || line.type === 'user') && 'session_id' in line) &&
      !objects.some((line) => 'uuid' in line && 'parentUuid' in line))
      ? 95
      : 0,
);

class ClaudeSession {
  private textTurnOpen = false;
  /** BashOutput calls waiting for their result: the background shell each reads. */
  private readonly reads = new Map<string, string>();
  /** Bash calls started with run_in_background, waiting for the result that names their shell. */
  private readonly starting = new Set<string>();

  constructor(private readonly builder: RecordBuilder) {}

  line(entry: Json, line: number): void {
    const { builder } = this;
    if (!builder.record.cwd && typeof entry.cwd === 'string') builder.record.cwd = entry.cwd;
    if (entry.type === 'result') {
      this.result(entry, line);
      return;
    }
    if (!isObject(entry.message)) return;
    const sidechain = entry.isSidechain === true;
    const content = entry.message.content;
    if (entry.type === 'assistant') {
      for (const block of Array.isArray(content) ? content : [{ type: 'text', text: content }]) {
        if (!isObject(block)) continue;
        if (block.type === 'text' && text(block.text).trim()) {
          if (sidechain) continue;
          if (this.textTurnOpen) builder.appendToTurn('assistant', text(block.text), line);
          else builder.turn('assistant', text(block.text), line);
          this.textTurnOpen = true;
        } else if (block.type === 'tool_use') {
          this.toolUse(block, line);
          this.textTurnOpen = false;
        }
      }
    } else if (entry.type === 'user') {
      if (entry.isMeta === true) return;
      if (typeof content === 'string') {
        if (!GENERATED.test(content) && !sidechain) builder.turn('user', content, line);
        this.textTurnOpen = false;
        return;
      }
      for (const block of Array.isArray(content) ? content : []) {
        if (!isObject(block)) continue;
        if (block.type === 'text' && !GENERATED.test(text(block.text)) && !sidechain) {
          builder.turn('user', text(block.text), line);
          this.textTurnOpen = false;
        } else if (block.type === 'tool_result') this.toolResult(block, line);
      }
    }
  }

  private toolUse(block: Json, line: number): void {
    const { builder } = this;
    const input = isObject(block.input) ? block.input : {};
    const id = text(block.id);
    const name = text(block.name);
    switch (name) {
      case 'Bash':
        builder.command(text(input.command), line, id);
        if (input.run_in_background === true) this.starting.add(id);
        break;
      case 'Edit':
      case 'MultiEdit':
        builder.edit(text(input.file_path), 'edit', line);
        break;
      case 'Write':
        builder.edit(text(input.file_path), 'write', line);
        break;
      case 'NotebookEdit':
        builder.edit(text(input.notebook_path), 'edit', line);
        break;
      default:
        if (READ_SHELL.has(name))
          this.reads.set(id, text(input.bash_id) || text(input.shell_id) || text(input.task_id));
        else if (name === 'Task' || name === 'Agent' || name.startsWith('mcp__')) builder.hidden();
    }
  }

  private toolResult(block: Json, line: number): void {
    const { builder } = this;
    const id = text(block.tool_use_id);
    const output = partsText(block.content);
    const shell = this.reads.get(id);
    if (shell !== undefined) {
      this.reads.delete(id);
      const stdout = /<stdout>\n?([\s\S]*?)\n?<\/stdout>/.exec(output)?.[1] ?? '';
      const stderr = /<stderr>\n?([\s\S]*?)\n?<\/stderr>/.exec(output)?.[1] ?? '';
      const code = /<exit_code>(\d+)<\/exit_code>/.exec(output)?.[1];
      builder.poll(
        shell || builder.lastShell() || '',
        [stdout, stderr].filter(Boolean).join('\n'),
        line,
        code === undefined ? undefined : Number(code),
      );
      return;
    }
    const run = builder.take(id);
    if (!run) return;
    if (this.starting.delete(id)) {
      const started = /(?:background with ID|shell ID|bash_id)[:\s]+(\w+)/i.exec(output)?.[1];
      if (started) {
        builder.background(run, started);
        return;
      }
    }
    const code = exitCodeIn(output.slice(0, 200));
    if (block.is_error === true) {
      run.failed = true;
      if (code !== undefined) run.exitCode = code;
    } else {
      run.exitCode = 0;
    }
    if (/\[\d+ lines truncated\]|\.\.\. \[\d+ (?:characters|lines) truncated|<persisted-output>/.test(output))
      run.cutByCli = true;
    builder.outputText(run, output.replace(/^Exit code \d+\n?/, ''), line);
  }

  /** The headless stream's last line: the final text (when no assistant line carried it) and what it cost. */
  private result(entry: Json, line: number): void {
    const { builder } = this;
    const final = text(entry.result);
    if (entry.is_error === true || /^error/.test(text(entry.subtype)))
      builder.record.endedInError = final.trim() || text(entry.subtype) || 'is_error';
    if (final.trim() && builder.record.finalMessage?.text !== final.trim()) builder.turn('assistant', final, line);
    const usage = isObject(entry.usage) ? entry.usage : {};
    const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
    const input =
      (number(usage.input_tokens) ?? 0) +
      (number(usage.cache_read_input_tokens) ?? 0) +
      (number(usage.cache_creation_input_tokens) ?? 0);
    builder.record.usage = {
      ...(input > 0 ? { inputTokens: input } : {}),
      ...(number(usage.output_tokens) === undefined ? {} : { outputTokens: number(usage.output_tokens)! }),
      ...(number(entry.total_cost_usd) === undefined ? {} : { costUsd: number(entry.total_cost_usd)! }),
      ...(number(entry.duration_ms) === undefined ? {} : { durationMs: number(entry.duration_ms)! }),
      ...(number(entry.num_turns) === undefined ? {} : { turns: number(entry.num_turns)! }),
    };
  }
}
