/**
 * What `codex exec --json` prints: one event a line. `thread.started` (`thread_id`),
 * `turn.started`, then `item.started` / `item.updated` / `item.completed` with an `item` of a type:
 * `agent_message` (`text`), `reasoning`, `command_execution` (`command`, `aggregated_output`,
 * `exit_code`, `status` in_progress | completed | failed | declined), `file_change` (`changes`:
 * `{ path, kind: add | update | delete }`), `mcp_tool_call`, `web_search`, `todo_list`, `error`;
 * `turn.completed` (`usage`: `input_tokens`, `cached_input_tokens`, `output_tokens`),
 * `turn.failed`, `error`. The prompt is not in the stream. Older builds printed
 * `{ "id", "msg": { "type": … } }` events instead (`agent_message`, `exec_command_begin` /
 * `exec_command_end` with `exit_code`, `patch_apply_begin`, `task_complete`): both are read.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { eachJson, firstJsonObjects, isObject, type Json, shellLine, text } from './shared.js';

const ITEM_EVENT = /^item\.(?:started|updated|completed)$/;
const QUIET_ITEMS = new Set(['reasoning', 'web_search', 'todo_list']);

export const codexExec: TranscriptReader = {
  format: 'codex-exec',
  label: 'OpenAI Codex headless stream (codex exec --json)',
  detect(head) {
    const objects = firstJsonObjects(head);
    if (objects.some((entry) => entry.type === 'thread.started' && 'thread_id' in entry)) return 95;
    if (objects.some((entry) => typeof entry.type === 'string' && ITEM_EVENT.test(entry.type) && isObject(entry.item)))
      return 85;
    return objects.some(
      (entry) => typeof entry.id === 'string' && isObject(entry.msg) && typeof entry.msg.type === 'string',
    )
      ? 60
      : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('codex-exec');
    const runs = new Map<string, CommandRun>();
    let input = 0;
    let output = 0;
    const count = eachJson(lines, builder, (entry, line) => {
      if (entry.type === 'turn.completed' && isObject(entry.usage)) {
        input += Number(entry.usage.input_tokens ?? 0) || 0;
        output += Number(entry.usage.output_tokens ?? 0) || 0;
        builder.record.usage = { inputTokens: input, outputTokens: output };
        return;
      }
      if (typeof entry.type === 'string' && ITEM_EVENT.test(entry.type) && isObject(entry.item)) {
        item(builder, runs, entry.item, entry.type === 'item.completed', line);
        return;
      }
      if (isObject(entry.msg)) legacy(builder, runs, entry.msg, line);
    });
    return builder.finish(count);
  },
  activity(entry) {
    if (!isObject(entry.item)) return;
    const item = entry.item;
    if (entry.type === 'item.started' && item.type === 'command_execution')
      return { tool: 'shell', detail: text(item.command) };
    if (entry.type === 'item.started' && item.type === 'mcp_tool_call')
      return { tool: text(item.tool) || 'mcp', detail: text(item.server) };
    if (entry.type === 'item.completed' && item.type === 'file_change' && Array.isArray(item.changes)) {
      const files = item.changes.filter(isObject).map((change) => text(change.path));
      return { tool: 'apply_patch', detail: files.join(', ') };
    }
    return undefined;
  },
};

function item(builder: RecordBuilder, runs: Map<string, CommandRun>, item: Json, done: boolean, line: number): void {
  const id = text(item.id);
  switch (item.type) {
    case 'agent_message':
      if (done) builder.turn('assistant', text(item.text), line);
      return;
    case 'command_execution': {
      let run = runs.get(id);
      if (!run) {
        run = builder.command(shellLine(item.command), line);
        runs.set(id, run);
      }
      if (!done) return;
      if (typeof item.exit_code === 'number') run.exitCode = item.exit_code;
      if (item.status === 'declined') run.failed = true;
      builder.outputText(run, text(item.aggregated_output), line);
      return;
    }
    case 'file_change':
      if (!done || item.status === 'failed') return;
      for (const change of Array.isArray(item.changes) ? item.changes : []) {
        if (!isObject(change)) continue;
        const kind = change.kind === 'add' ? 'create' : change.kind === 'delete' ? 'delete' : 'edit';
        builder.edit(text(change.path), kind, line);
      }
      return;
    case 'mcp_tool_call':
      if (done) builder.hidden();
      return;
    case 'error':
      return;
    default:
      if (done && !QUIET_ITEMS.has(text(item.type))) builder.hidden();
  }
}

/** The events of builds before the item stream. */
function legacy(builder: RecordBuilder, runs: Map<string, CommandRun>, msg: Json, line: number): void {
  switch (msg.type) {
    case 'agent_message':
      builder.turn('assistant', text(msg.message), line);
      return;
    case 'task_complete':
      if (text(msg.last_agent_message) && builder.record.finalMessage?.text !== text(msg.last_agent_message).trim())
        builder.turn('assistant', text(msg.last_agent_message), line);
      return;
    case 'exec_command_begin': {
      const run = builder.command(shellLine(msg.command), line);
      runs.set(text(msg.call_id), run);
      if (!builder.record.cwd && text(msg.cwd)) builder.record.cwd = text(msg.cwd);
      return;
    }
    case 'exec_command_end': {
      const run = runs.get(text(msg.call_id));
      if (!run) return;
      if (typeof msg.exit_code === 'number') run.exitCode = msg.exit_code;
      builder.outputText(run, text(msg.aggregated_output) || [text(msg.stdout), text(msg.stderr)].join('\n'), line);
      return;
    }
    case 'patch_apply_begin':
      if (isObject(msg.changes)) for (const file of Object.keys(msg.changes)) builder.edit(file, 'edit', line);
      return;
  }
}
