/**
 * Gemini CLI, in the two places it writes a session as data:
 *
 * - the headless stream, `gemini -p … --output-format stream-json`: `init` (`session_id`, `model`),
 *   `message` (`role`, `content`; assistant text arrives in `delta: true` chunks to be joined),
 *   `tool_use` (`tool_name`, `tool_id`, `parameters`), `tool_result` (`tool_id`, `status`,
 *   `output`), `error`, and a last `result` (`status`, `stats`). A shell call's result is its
 *   combined output with no exit code: a non-zero exit is still `status: "success"`.
 * - the saved session, `~/.gemini/tmp/<project>/chats/session-…-<id8>.jsonl`: a first line of
 *   metadata (`sessionId`, `projectHash`, `startTime`), then message records (`type` user | gemini,
 *   `content`, and `toolCalls[]` with `name`, `args`, `result`, `status`, `resultDisplay`). A record
 *   written again with the same `id` replaces the earlier one; `{"$rewindTo": id}` drops it and all
 *   after it. Older builds kept one JSON object `{ sessionId, messages: […] }` instead. The model's
 *   shell result reads `Output: …\nExit Code: N`, which gives the exit code.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { eachJson, firstJsonObjects, isObject, type Json, partsText, text, toolDetail } from './shared.js';

const SHELL = new Set(['run_shell_command', 'shell']);
const EDIT = new Set(['replace', 'edit']);
const WRITE = new Set(['write_file']);
const QUIET = new Set([
  'read_file',
  'read_many_files',
  'list_directory',
  'glob',
  'search_file_content',
  'grep',
  'google_web_search',
  'web_fetch',
  'save_memory',
  'write_todos',
  'ask_user',
]);

/** A tool call of either shape: the shell command it ran or the file it changed, or work out of sight. */
function toolCall(builder: RecordBuilder, name: string, args: Json, line: number): CommandRun | undefined {
  if (SHELL.has(name)) return builder.command(text(args.command), line);
  if (EDIT.has(name)) builder.edit(text(args.file_path), 'edit', line);
  else if (WRITE.has(name)) builder.edit(text(args.file_path), 'write', line);
  else if (!QUIET.has(name)) builder.hidden();
  return undefined;
}

export const geminiStream: TranscriptReader = {
  format: 'gemini-stream',
  label: 'Gemini CLI headless stream (gemini -p --output-format stream-json)',
  activity(entry) {
    return entry.type === 'tool_use'
      ? { tool: text(entry.tool_name), detail: toolDetail(entry.parameters) }
      : undefined;
  },
  detect(head) {
    const objects = firstJsonObjects(head);
    if (objects.some((entry) => entry.type === 'init' && 'session_id' in entry && 'model' in entry)) return 95;
    return objects.some((entry) => entry.type === 'tool_use' && 'tool_name' in entry && 'tool_id' in entry) ? 80 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('gemini-stream');
    const runs = new Map<string, CommandRun>();
    let said: { text: string; line: number } | undefined;
    const flush = () => {
      if (said) builder.turn('assistant', said.text, said.line);
      said = undefined;
    };
    const count = eachJson(lines, builder, (entry, line) => {
      if (entry.type === 'message' && entry.role === 'assistant') {
        // Chunks of one answer: joined as they came, without breaks of their own.
        if (said && entry.delta === true) said.text += text(entry.content);
        else {
          flush();
          said = { text: text(entry.content), line };
        }
        return;
      }
      flush();
      switch (entry.type) {
        case 'message':
          builder.turn('user', text(entry.content), line);
          break;
        case 'tool_use': {
          const run = toolCall(
            builder,
            text(entry.tool_name),
            isObject(entry.parameters) ? entry.parameters : {},
            line,
          );
          if (run) runs.set(text(entry.tool_id), run);
          break;
        }
        case 'tool_result': {
          const run = runs.get(text(entry.tool_id));
          if (!run) break;
          if (entry.status === 'error') run.failed = true;
          const output = text(entry.output);
          const exited = /^Command exited with code: (\d+)\s*$/.exec(output.trim());
          if (exited) run.exitCode = Number(exited[1]);
          else builder.outputText(run, output, line);
          break;
        }
        case 'result': {
          const stats = isObject(entry.stats) ? entry.stats : {};
          const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
          builder.record.usage = {
            ...(number(stats.input_tokens) === undefined ? {} : { inputTokens: number(stats.input_tokens)! }),
            ...(number(stats.output_tokens) === undefined ? {} : { outputTokens: number(stats.output_tokens)! }),
            ...(number(stats.duration_ms) === undefined ? {} : { durationMs: number(stats.duration_ms)! }),
          };
          break;
        }
      }
    });
    flush();
    return builder.finish(count);
  },
};

export const geminiSession: TranscriptReader = {
  format: 'gemini-session',
  label: 'Gemini CLI saved session (~/.gemini/tmp/…/chats)',
  detect(head) {
    const [first] = firstJsonObjects(head, 1);
    if (first && typeof first.sessionId === 'string' && 'projectHash' in first && 'startTime' in first) return 90;
    return /^\s*\{\s*"sessionId"\s*:[\s\S]*"projectHash"[\s\S]*"messages"\s*:/.test(head) ? 85 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('gemini-session');
    // Records are replayed: a message written again replaces itself, a rewind drops what follows.
    const messages = new Map<string, { entry: Json; line: number }>();
    const count = eachJson(lines, builder, (entry, line) => {
      if (Array.isArray(entry.messages)) {
        for (const [index, message] of entry.messages.entries())
          if (isObject(message)) messages.set(text(message.id) || `#${index}`, { entry: message, line });
        return;
      }
      if (typeof entry.$rewindTo === 'string') {
        let dropping = false;
        for (const id of [...messages.keys()]) {
          if (id === entry.$rewindTo) dropping = true;
          if (dropping) messages.delete(id);
        }
        return;
      }
      if (isObject(entry.$set) && Array.isArray(entry.$set.messages)) {
        messages.clear();
        for (const [index, message] of entry.$set.messages.entries())
          if (isObject(message)) messages.set(text(message.id) || `#${index}`, { entry: message, line });
        return;
      }
      if (typeof entry.type === 'string' && 'content' in entry) {
        const id = text(entry.id) || `line-${line}`;
        messages.delete(id);
        messages.set(id, { entry, line });
      }
    });
    for (const { entry, line } of messages.values()) message(builder, entry, line);
    return builder.finish(count);
  },
};

function message(builder: RecordBuilder, entry: Json, line: number): void {
  const said = partsText(entry.content);
  if (entry.type === 'user') {
    builder.turn('user', said, line);
    return;
  }
  if (entry.type !== 'gemini') return;
  for (const call of Array.isArray(entry.toolCalls) ? entry.toolCalls : []) {
    if (!isObject(call)) continue;
    const run = toolCall(builder, text(call.name), isObject(call.args) ? call.args : {}, line);
    if (!run) continue;
    const response = responseText(call.result);
    const exit = /^Exit Code: (\d+)\s*$/m.exec(response)?.[1];
    if (exit !== undefined) run.exitCode = Number(exit);
    if (call.status === 'error' || call.status === 'cancelled') run.failed = true;
    const shown = typeof call.resultDisplay === 'string' ? call.resultDisplay : response.replace(/^Output: /, '');
    builder.outputText(run, shown, line);
  }
  if (said.trim()) builder.turn('assistant', said, line);
}

/** The text of a tool result's `functionResponse` parts. */
function responseText(result: unknown): string {
  if (!Array.isArray(result)) return '';
  return result
    .map((part) => {
      const response = isObject(part) && isObject(part.functionResponse) ? part.functionResponse.response : undefined;
      if (!isObject(response)) return '';
      return text(response.output) || text(response.content) || text(response.llmContent);
    })
    .filter(Boolean)
    .join('\n');
}
