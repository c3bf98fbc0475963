/**
 * A Claude Code session written by a custom hook: `# Session Log 2026-05-03-163445`, then `##
 * User` and `## Assistant` sections (the assistant's own markdown may hold `## Overview` and the
 * like, so only those two exact headings start one). A tool call is ``**Tool call: `Bash`**``
 * followed by its input as a fenced `json` block (`{"command": …}`, `{"file_path": …}`). No tool
 * output and no exit code is written: a command is known to have been asked for, never what it
 * printed, so no claim about what ran can be checked against the file.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { claudeTool, slashCommand } from './claude-extractor.js';
import { type Json, jsonOfRows } from './shared.js';

const SECTION = /^## (User|Assistant)\s*$/;
const TOOL_CALL = /^\*\*Tool call: `([^`]+)`\*\*\s*$/;
const FENCE = /^(`{3,}|~{3,})\s*([\w-]*)\s*$/;

interface Row {
  text: string;
  line: number;
}

export const hookLog: TranscriptReader = {
  format: 'hook-log',
  label: 'Session Log markdown written by a Claude Code hook (tool inputs only)',
  detect(head) {
    const sections = /^## (?:User|Assistant)\s*$/m.test(head);
    if (/^# Session Log\b/.test(head.trimStart()) && sections) return 100;
    return sections && /^\*\*Tool call: `[^`]+`\*\*\s*$/m.test(head) ? 60 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('hook-log', { textLines: true, toolOutput: 'none' });
    let section: { role: 'user' | 'assistant'; rows: Row[] } | undefined;
    const close = () => {
      if (section) sectionTurn(builder, section.role, section.rows);
      section = undefined;
    };
    const count = lines((raw, line) => {
      const heading = SECTION.exec(raw);
      if (heading) {
        close();
        section = { role: heading[1] === 'User' ? 'user' : 'assistant', rows: [] };
        return;
      }
      section?.rows.push({ text: raw, line });
    });
    close();
    return builder.finish(count);
  },
};

function sectionTurn(builder: RecordBuilder, role: 'user' | 'assistant', rows: Row[]): void {
  const first = rows.findIndex((row) => row.text.trim() !== '');
  if (first === -1) return;
  const body = rows.slice(first);
  const view = role === 'assistant' ? toolCalls(builder, body) : body.map((row) => row.text);
  const said = view.join('\n');
  builder.turn(role, role === 'user' ? slashCommand(said) : said, body[0]!.line);
}

/** Records each ``**Tool call: `X`**`` and its JSON input; returns the text with those lines blank. */
function toolCalls(builder: RecordBuilder, rows: Row[]): string[] {
  const view = rows.map((row) => row.text);
  for (let at = 0; at < rows.length; at++) {
    const call = TOOL_CALL.exec(rows[at]!.text);
    if (!call) continue;
    const start = at;
    let next = at + 1;
    while (next < rows.length && rows[next]!.text.trim() === '') next++;
    const opening = FENCE.exec(rows[next]?.text ?? '');
    let input: Json = {};
    if (opening) {
      let end = next + 1;
      while (end < rows.length && rows[end]!.text.trim() !== opening[1]) end++;
      input = jsonOfRows(rows.slice(next + 1, end)) ?? {};
      at = Math.min(end, rows.length - 1);
    }
    for (let k = start; k <= at; k++) view[k] = '';
    claudeTool(builder, call[1]!, input, rows[start]!.line);
  }
  return view;
}
