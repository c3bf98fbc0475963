/**
 * What `opencode run … --format json` prints: one event a line, each with `type`, `timestamp`
 * (epoch ms) and `sessionID`. `step_start`; `text` (`part.text`, one finished text part);
 * `reasoning`; `tool_use` (`part.tool`, `part.state`: `status` completed | error, `input`,
 * `output`, `metadata` — for bash `metadata.exit` holds the exit code); `step_finish` (`part.cost`,
 * `part.tokens`); `error`. There is no opening event and the prompt is not in the stream.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { eachJson, firstJsonObjects, isObject, type Json, patchEdits, text, toolDetail } from './shared.js';

const QUIET = new Set(['read', 'glob', 'grep', 'list', 'webfetch', 'todowrite', 'todoread', 'question']);

export const opencodeJson: TranscriptReader = {
  format: 'opencode-json',
  label: 'opencode headless stream (opencode run --format json)',
  activity(entry) {
    const part = isObject(entry.part) ? entry.part : {};
    if (entry.type !== 'tool_use') return undefined;
    return { tool: text(part.tool), detail: toolDetail(isObject(part.state) ? part.state.input : undefined) };
  },
  detect(head) {
    return firstJsonObjects(head).some(
      (entry) => typeof entry.sessionID === 'string' && /^ses_/.test(entry.sessionID) && isObject(entry.part),
    )
      ? 90
      : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('opencode-json');
    let cost = 0;
    let input = 0;
    let output = 0;
    const count = eachJson(lines, builder, (entry, line) => {
      const part = isObject(entry.part) ? entry.part : {};
      if (entry.type === 'text') builder.turn('assistant', text(part.text), line);
      else if (entry.type === 'tool_use') tool(builder, part, line);
      else if (entry.type === 'step_finish') {
        cost += Number(part.cost ?? 0) || 0;
        const tokens = isObject(part.tokens) ? part.tokens : {};
        input += Number(tokens.input ?? 0) || 0;
        output += Number(tokens.output ?? 0) || 0;
        builder.record.usage = { inputTokens: input, outputTokens: output, costUsd: Math.round(cost * 1e6) / 1e6 };
      }
    });
    return builder.finish(count);
  },
};

/** What OpenCode's bash tool appends to the output of a command it stopped at its time limit. */
export const OPENCODE_TIMEOUT = /<bash_metadata>\s*bash tool terminated command after exceeding timeout/;

function tool(builder: RecordBuilder, part: Json, line: number): void {
  const name = text(part.tool);
  const state = isObject(part.state) ? part.state : {};
  const input = isObject(state.input) ? state.input : {};
  const done = state.status === 'completed';
  if (name === 'bash') {
    const run = builder.command(text(input.command), line);
    const metadata = isObject(state.metadata) ? state.metadata : {};
    if (typeof metadata.exit === 'number') run.exitCode = metadata.exit;
    if (!done) run.failed = true;
    const output = text(state.output) || text(metadata.output) || text(state.error);
    if (OPENCODE_TIMEOUT.test(output)) run.timedOut = true;
    builder.outputText(run, output, line);
    return;
  }
  if (!done) return;
  if (name === 'edit' || name === 'multiedit') builder.edit(text(input.filePath), 'edit', line);
  else if (name === 'write') builder.edit(text(input.filePath), 'write', line);
  else if (name === 'patch' || name === 'apply_patch') {
    for (const edit of patchEdits(text(input.patchText) || text(input.patch) || text(input.input)))
      builder.edit(edit.path, edit.kind, line);
  } else if (!QUIET.has(name)) builder.hidden();
}
