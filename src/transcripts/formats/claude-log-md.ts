/**
 * A markdown export of Claude Code sessions that keeps the tools (an exporter committed as
 * `claude-session.md` and the like): a first line `Processed N messages from M entries`, then
 * sections `## 👤 User`, `## 🤖 Assistant`, `## 🔧 Tool` and `### ⚙️ System`, parted by `---`,
 * each with an italic time (`_11/26/2025, 10:26:07 PM_`) and the assistant's `_Model: …_`.
 * An assistant section holds text, `💭 **Thinking:**`, or a call: `` 🔧 **Tool Use:** `Bash` ``
 * with its input as fenced JSON. A tool section holds `` 📋 **Tool Result:** `toolu_…` `` and the
 * output fenced, in the order the calls were made; long output is cut `... [truncated] ...`.
 * Claude's own convention holds: a failed command's result starts `Exit code N`, a successful
 * one carries no code.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { exitCodeIn, isObject, type Json, text } from './shared.js';

// The exporter puts a non-breaking space after some of the emoji (`## 🔧\u00a0Tool`).
const SECTION = /^##(#?) (👤[\s\u00a0]User|🤖[\s\u00a0]Assistant|🔧[\s\u00a0]Tool|⚙️[\s\u00a0]System)\s*$/u;
const QUIET = new Set([
  'Read',
  'Glob',
  'Grep',
  'LS',
  'WebFetch',
  'WebSearch',
  'TodoWrite',
  'KillShell',
  'ExitPlanMode',
]);

type Call = { name: string; input: Json; line: number };

export const claudeLogMd: TranscriptReader = {
  format: 'claude-log-md',
  label: 'Claude Code session markdown with tool results (Processed N messages)',
  detect(head) {
    const header = /^Processed \d+ messages from \d+ entries/.test(head.trimStart());
    const sections = /^## (?:🤖 Assistant|👤 User)\s*$/mu.test(head);
    if (header && sections) return 100;
    return sections && /^🔧 \*\*Tool Use:\*\* `/mu.test(head) ? 75 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('claude-log-md', { toolOutput: 'partial' });
    const pending: Call[] = [];
    let section = '';
    let rows: { text: string; line: number }[] = [];
    const close = () => {
      if (section === 'user' || section === 'assistant') words(builder, section, rows, pending);
      else if (section === 'tool') result(builder, rows, pending);
      rows = [];
    };
    let fence = '';
    const count = lines((raw, line) => {
      if (fence) {
        if (raw.trim() === fence) fence = '';
        rows.push({ text: raw, line });
        return;
      }
      const heading = SECTION.exec(raw);
      if (heading) {
        close();
        section = heading[2]!.includes('User')
          ? 'user'
          : heading[2]!.includes('Assistant')
            ? 'assistant'
            : heading[2]!.includes('Tool')
              ? 'tool'
              : 'system';
        return;
      }
      if (raw.trim() === '---') {
        close();
        section = '';
        return;
      }
      const opening = /^(`{3,})/.exec(raw);
      if (opening) fence = opening[1]!;
      rows.push({ text: raw, line });
    });
    close();
    return builder.finish(count);
  },
};

/** A user's or the assistant's section: its words, and the tool calls it makes. */
function words(
  builder: RecordBuilder,
  role: 'user' | 'assistant',
  rows: { text: string; line: number }[],
  pending: Call[],
) {
  const said: { text: string; line: number }[] = [];
  let thinking = false;
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at]!;
    if (/^_(?:Model: .*|\d{1,2}\/\d{1,2}\/\d{4}, .*)_\s*$/.test(row.text) || /^<sub>Tokens\b/.test(row.text)) continue;
    // Each message is one block: thinking runs to the section's end (or a tool call).
    if (/^💭 \*\*Thinking:\*\*/u.test(row.text)) {
      thinking = true;
      continue;
    }
    const use = /^🔧 \*\*Tool Use:\*\* `([^`]+)`/u.exec(row.text);
    if (use) {
      thinking = false;
      const open = rows.findIndex((entry, index) => index > at && /^```/.test(entry.text));
      const end = rows.findIndex((entry, index) => index > open && /^```\s*$/.test(entry.text));
      let input: Json = {};
      try {
        const value = JSON.parse(
          rows
            .slice(open + 1, end === -1 ? undefined : end)
            .map((entry) => entry.text)
            .join('\n'),
        ) as unknown;
        if (isObject(value)) input = value;
      } catch {
        // The exporter cuts long inputs mid-string: the path and command are still at the front.
        const raw = rows
          .slice(open + 1, end === -1 ? undefined : end)
          .map((entry) => entry.text)
          .join('\n');
        for (const key of ['file_path', 'command', 'bash_id']) {
          const found = new RegExp(`"${key}":\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(raw)?.[1];
          if (found !== undefined) input[key] = unescapeJson(found);
        }
      }
      pending.push({ name: use[1]!, input, line: row.line });
      if (end !== -1) at = end;
      continue;
    }
    if (!thinking) said.push(row);
  }
  const first = said.find((row) => row.text.trim() !== '');
  if (first) builder.turn(role, said.map((row) => row.text).join('\n'), first.line);
}

/** A JSON string's body as text; one that does not decode (a raw control character in it) as it stands. */
function unescapeJson(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

/** A tool section: the result of the oldest call still waiting for one. */
function result(builder: RecordBuilder, rows: { text: string; line: number }[], pending: Call[]) {
  const call = pending.shift();
  if (!call) return;
  const open = rows.findIndex((row) => /^```/.test(row.text));
  const body =
    open === -1
      ? []
      : rows.slice(open + 1).filter((row, index, all) => index < all.length - 1 || !/^```\s*$/.test(row.text));
  const output = body.map((row) => row.text).join('\n');
  const { name, input, line } = call;
  if (name === 'Bash') {
    const run = builder.command(text(input.command), line);
    const background = /background with ID:?\s*(\w+)/.exec(output)?.[1];
    if (input.run_in_background === true && background) {
      builder.background(run, background);
      return;
    }
    run.exitCode = /^Exit code \d+/.test(output) ? exitCodeIn(output.slice(0, 100)) : 0;
    if (/\[truncated\]/.test(output)) run.cutByCli = true;
    builder.outputText(run, output.replace(/^Exit code \d+\n?/, ''), body[0]?.line ?? line);
    return;
  }
  if (name === 'BashOutput') {
    const stdout = /<stdout>\n?([\s\S]*?)\n?<\/stdout>/.exec(output)?.[1] ?? output;
    const code = /<exit_code>(\d+)<\/exit_code>/.exec(output)?.[1];
    builder.poll(
      text(input.bash_id) || builder.lastShell() || '',
      stdout,
      body[0]?.line ?? line,
      code === undefined ? undefined : Number(code),
    );
    return;
  }
  if (name === 'Edit' || name === 'MultiEdit') builder.edit(text(input.file_path), 'edit', line);
  else if (name === 'Write') builder.edit(text(input.file_path), 'write', line);
  else if (!QUIET.has(name)) builder.hidden();
}
