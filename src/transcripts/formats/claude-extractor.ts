/**
 * What claude-conversation-extractor writes of a Claude Code session: markdown that starts `#
 * Claude Conversation Log`, `Session ID: …` and `Date: …`, then `## 👤 User` and `## 🤖 Claude`
 * sections, each closed by a `---` line. Only the text of the messages is kept: every tool result
 * is dropped, so nothing in the file shows what a command printed or how it ended. Slash commands
 * stay as raw `<command-message>`/`<command-name>` tags, and many assistant sections are one-liners
 * ("Now run the tests:").
 *
 * Its detailed mode also writes each tool call into the assistant's text: `🔧 Using tool: Bash`
 * then `Input: {` and the input as indented JSON. Those calls are read as commands and edits
 * without output; a `### 🔧 Tool Use` section (older builds) is read the same way.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { isObject, type Json, text } from './shared.js';

const SECTION = /^##(#?) (?:(👤) User|(🤖) Claude|🔧 Tool Use|📤 Tool Result|ℹ️ System)\s*$/u;
const TOOL_LINE = /^🔧 (?:Using tool|Tool): (.+?)\s*$/u;
/** Claude Code tools that read, search or plan: they change nothing and run nothing. */
const QUIET = new Set([
  'Read',
  'Grep',
  'Glob',
  'LS',
  'TodoWrite',
  'TodoRead',
  'WebFetch',
  'WebSearch',
  'ToolSearch',
  'BashOutput',
  'KillShell',
  'KillBash',
  'ExitPlanMode',
  'Skill',
]);

interface Row {
  text: string;
  line: number;
}

export const claudeExtractor: TranscriptReader = {
  format: 'claude-extractor',
  label: 'Claude Conversation Log markdown (claude-conversation-extractor; no tool output)',
  detect(head) {
    if (/^# Claude Conversation Log\s*$/.test(head.trimStart().split('\n', 1)[0]!)) return 100;
    return /^## 👤 User\s*$/mu.test(head) && /^## 🤖 Claude\s*$/mu.test(head) ? 70 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('claude-extractor', { textLines: true, toolOutput: 'none' });
    let section: { role?: 'user' | 'assistant'; tools: boolean; rows: Row[] } | undefined;
    const close = () => {
      if (section?.role) sectionTurn(builder, section.role, section.rows);
      else if (section?.tools) toolCalls(builder, section.rows);
      section = undefined;
    };
    const count = lines((raw, line) => {
      const heading = SECTION.exec(raw);
      if (heading) {
        close();
        const role = heading[1] ? undefined : heading[2] ? 'user' : heading[3] ? 'assistant' : undefined;
        section = { ...(role ? { role } : {}), tools: /Tool Use/.test(raw), rows: [] };
        return;
      }
      section?.rows.push({ text: raw, line });
    });
    close();
    return builder.finish(count);
  },
};

/** A message section: its text (tool calls blanked, so lines still match), and its tool calls. */
function sectionTurn(builder: RecordBuilder, role: 'user' | 'assistant', rows: Row[]): void {
  const body = trimSeparator(rows);
  if (body.length === 0) return;
  const view = role === 'assistant' ? toolCalls(builder, body) : body.map((row) => row.text);
  builder.turn(role, role === 'user' ? slashCommand(view.join('\n')) : view.join('\n'), body[0]!.line);
}

/** The rows without the `---` that closes the section and the blank lines around it. */
function trimSeparator(rows: Row[]): Row[] {
  let end = rows.length;
  while (end > 0 && /^\s*(?:---\s*)?$/.test(rows[end - 1]!.text)) end--;
  return rows.slice(0, end);
}

/** `<command-name>/review</command-name><command-args>42</command-args>` → `/review 42`. */
export function slashCommand(said: string): string {
  const name = /<command-name>\s*([^<]+?)\s*<\/command-name>/.exec(said)?.[1];
  if (!name) return said;
  const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(said)?.[1]?.trim();
  return args ? `${name} ${args}` : name;
}

/**
 * Records the `🔧 Using tool: X` / `Input: {…}` calls among the rows, and returns the rows'
 * text with those lines blank.
 */
function toolCalls(builder: RecordBuilder, rows: Row[]): string[] {
  const view = rows.map((row) => row.text);
  for (let at = 0; at < rows.length; at++) {
    const tool = TOOL_LINE.exec(rows[at]!.text);
    if (!tool) continue;
    const start = at;
    let input: Json = {};
    if (/^Input: /.test(rows[at + 1]?.text ?? '')) {
      const parsed = jsonAt(rows, at + 1);
      input = parsed.value;
      at = parsed.end;
    }
    for (let k = start; k <= at; k++) view[k] = '';
    claudeTool(builder, tool[1]!, input, rows[start]!.line);
  }
  return view;
}

/** The JSON after `Input: ` that starts at `rows[start]` (it may span lines), and its last row. */
function jsonAt(rows: Row[], start: number): { value: Json; end: number } {
  let source = rows[start]!.text.replace(/^Input: /, '');
  for (let end = start; end < rows.length && end < start + 5000; end++) {
    if (end > start) source += `\n${rows[end]!.text}`;
    if (!/[}\]]\s*$/.test(rows[end]!.text) && end > start) continue;
    try {
      const value = JSON.parse(source) as unknown;
      return { value: isObject(value) ? value : {}, end };
    } catch {
      // not the end of the object yet
    }
  }
  return { value: {}, end: start };
}

/**
 * One Claude Code tool call as the record keeps it when the format has no results: Bash is a
 * command without output or exit code, Edit/Write an edit of its file, a tool that only reads
 * is nothing, and anything else (a sub-agent, an MCP tool) is work out of sight.
 */
export function claudeTool(builder: RecordBuilder, name: string, input: Json, line: number): void {
  if (name === 'Bash') {
    const command = text(input.command);
    if (command) builder.command(command, line);
    return;
  }
  const file = text(input.file_path) || text(input.notebook_path) || text(input.path);
  if (/^(?:Edit|MultiEdit|NotebookEdit|Update)$/.test(name)) {
    if (file) builder.edit(file, 'edit', line);
    return;
  }
  if (name === 'Write') {
    if (file) builder.edit(file, 'write', line);
    return;
  }
  if (!QUIET.has(name)) builder.hidden();
}
