/**
 * What OpenCode writes when a session is shared or exported as markdown: `# <session title>`,
 * `**Session ID:** ses_…`, `**Created:**`/`**Updated:**`, then messages parted by `---`: `## User`
 * and `## Assistant (<Agent> · <model> · 3.6s)` (or a bare `## Assistant`). An assistant message is
 * a run of parts, one after another with no marker between text parts:
 *
 * - `_Thinking:_` and the reasoning (not words to the user);
 * - text, the model's own markdown (which may hold `## ` headings of its own);
 * - ``**Tool: bash**``, then `**Input:**` with the input as fenced JSON, then `**Output:**` or
 *   `**Error:**` with the result fenced. A command with no output has no `**Output:**` at all.
 *   The result is fenced with three backticks whatever it holds, so a fence inside it ends the
 *   block early; the result runs to the last bare fence before the next part's marker.
 *
 * No exit codes are written (a timeout shows as `<bash_metadata>… terminated command after
 * exceeding timeout …</bash_metadata>` in the output). `edit`/`write`/`multiedit` name their file
 * in `filePath`. The final message is the last `## Assistant` text.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { type Json, patchEdits, text, jsonOfRows } from './shared.js';
import { OPENCODE_TIMEOUT } from './opencode-json.js';

const SECTION = /^## (?:User|Assistant(?: \(.*\))?)\s*$/;
/** `**Tool: bash**`; `_Tool call: read_` (details left out); `Tool: bash` inside a fence (older builds). */
const TOOL = /^(?:\*\*Tool: ([\w.:-]+)\*\*|_Tool call: ([\w.:-]+)_|Tool: ([\w.:-]+))\s*$/;
const THINKING = /^_Thinking:_\s*$/;
const FIELD = /^\*\*(Input|Output|Error):\*\*\s*$/;
const BOLD_LINE = /^\*\*[^*].*\*\*\s*$/;
/** Tools that read, search, plan or ask: they change nothing and run nothing. */
const QUIET = new Set([
  'read',
  'glob',
  'grep',
  'list',
  'ls',
  'webfetch',
  'websearch',
  'codesearch',
  'todowrite',
  'todoread',
  'skill',
  'question',
  'lsp_diagnostics',
  'lsp_hover',
]);

interface Row {
  text: string;
  line: number;
}

interface Tool {
  name: string;
  line: number;
  /** Whether the call came with its input (exports can leave tool details out). */
  detailed: boolean;
  /** Older builds wrap the whole call in one more plain fence. */
  outer: boolean;
  input: Row[];
  output?: Row[];
  error?: Row[];
  /** The field being read: a fenced input, or a result that runs to the next part. */
  reading?: 'input' | 'output' | 'error';
}

export const opencodeShare: TranscriptReader = {
  format: 'opencode-share',
  label: 'OpenCode session markdown (/share, /export)',
  detect(head) {
    const start = head.trimStart();
    if (/^# .+\n(?:\s*\n){0,2}\*\*Session ID:\*\* ses_\w+/.test(start)) return 100;
    const tools = /^\*\*Tool: [\w.:-]+\*\*\s*$/m.test(head) && /^\*\*Input:\*\*\s*$/m.test(head);
    if (/^## Assistant \(.+ · .+\)\s*$/m.test(head) && (tools || /^## User\s*$/m.test(head))) return 70;
    return tools && /^## Assistant\s*$/m.test(head) ? 60 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const reader = new ShareReader();
    const count = lines((raw, line) => reader.line(raw, line));
    return reader.finish(count);
  },
};

class ShareReader {
  private readonly builder = new RecordBuilder('opencode-share', { textLines: true, toolOutput: 'partial' });
  private role: 'user' | 'assistant' | undefined;
  private base = 0;
  /** The section's text by line (index = line − base); lines that are not text stay empty. */
  private view: string[] = [];
  private mode: 'text' | 'thinking' = 'text';
  private thinking = { started: false, blank: false, blanks: 0, subjects: false, subject: false };
  private tool: Tool | undefined;

  line(raw: string, line: number): void {
    if (SECTION.test(raw)) {
      this.close();
      this.role = raw.startsWith('## User') ? 'user' : 'assistant';
      this.base = line + 1;
      return;
    }
    if (!this.role) return; // the title and session header
    if (this.tool?.reading) {
      if (this.readField(this.tool, raw, line)) return;
    }
    const tool = TOOL.exec(raw);
    if (tool) {
      this.endTool();
      this.mode = 'text';
      const name = (tool[1] ?? tool[2] ?? tool[3]!).toLowerCase();
      this.tool = { name, line, detailed: !tool[2], outer: Boolean(tool[3]), input: [] };
      if (tool[3] && this.view[line - 1 - this.base]?.trim() === '```') delete this.view[line - 1 - this.base];
      return;
    }
    if (THINKING.test(raw)) {
      this.endTool();
      this.mode = 'thinking';
      this.thinking = { started: false, blank: false, blanks: 0, subjects: false, subject: false };
      return;
    }
    if (this.tool && this.toolField(this.tool, raw)) return;
    if (this.mode === 'thinking' && this.thought(raw)) return;
    this.view[line - this.base] = raw;
  }

  finish(count: number): TranscriptRecord {
    this.close();
    return this.builder.finish(count);
  }

  /** `**Input:**`, `**Output:**`, `**Error:**` and the blank lines between them belong to the call. */
  private toolField(tool: Tool, raw: string): boolean {
    const field = FIELD.exec(raw);
    if (field) {
      tool.reading = field[1]!.toLowerCase() as Tool['reading'];
      if (tool.reading === 'output') tool.output = [];
      if (tool.reading === 'error') tool.error = [];
      return true;
    }
    if (raw.trim() === '') return true;
    const outerEnd = tool.outer && raw.trim() === '```';
    this.endTool(); // a text part follows the call
    return outerEnd;
  }

  /** A line of the field being read; false when it is the next part's marker instead. */
  private readField(tool: Tool, raw: string, line: number): boolean {
    if (tool.reading === 'input') {
      tool.input.push({ text: raw, line });
      // The input is JSON: its own closing fence ends it (JSON never holds a bare fence line).
      if (tool.input.length > 1 && raw.trim() === '```') tool.reading = undefined;
      return true;
    }
    if (TOOL.test(raw) || THINKING.test(raw) || FIELD.test(raw)) {
      tool.reading = undefined;
      return false;
    }
    (tool.reading === 'error' ? tool.error : tool.output)!.push({ text: raw, line });
    return true;
  }

  /**
   * Reasoning after `_Thinking:_`: its first paragraph, and for models that write it as bold
   * subjects each with a paragraph (`**Planning the fix**`), every subject and its paragraph.
   * The first paragraph that is neither is the message's text; so is all of it when the reasoning
   * was empty. Returns whether the line was reasoning.
   */
  private thought(raw: string): boolean {
    const state = this.thinking;
    if (raw.trim() === '') {
      state.blank = state.started;
      if (!state.started) state.blanks++;
      return true;
    }
    // `_Thinking:_` then one blank line then the reasoning; more blank lines: the reasoning was empty.
    if (!state.started && state.blanks > 1) {
      this.mode = 'text';
      return false;
    }
    if (!state.started) {
      state.started = true;
      state.subjects = state.subject = BOLD_LINE.test(raw);
      return true;
    }
    if (!state.blank) return true;
    state.blank = false;
    if (state.subject) {
      state.subject = false;
      return true;
    }
    if (state.subjects && BOLD_LINE.test(raw)) {
      state.subject = true;
      return true;
    }
    this.mode = 'text';
    return false;
  }

  private close(): void {
    this.endTool();
    if (this.role) {
      const rows = Array.from(this.view, (row) => row ?? '');
      while (rows.length > 0 && /^\s*(?:---\s*)?$/.test(rows[rows.length - 1]!)) rows.pop();
      this.builder.turn(this.role, rows.join('\n'), this.base);
    }
    this.view = [];
    this.mode = 'text';
    this.role = undefined;
  }

  private endTool(): void {
    const tool = this.tool;
    this.tool = undefined;
    if (!tool) return;
    const result = splitResult(tool.error ?? tool.output ?? [], tool.outer);
    // What follows a result's closing fence, before the next part, is the message's text.
    for (const row of result.after) {
      if (!/^\s*(?:---\s*)?$/.test(row.text)) this.view[row.line - this.base] = row.text;
    }
    recordTool(this.builder, tool, jsonOfRows(tool.input.slice(1, -1)) ?? {}, result.rows);
  }
}

/**
 * A result's rows between its opening fence and its last bare closing fence (the one before
 * that, when the call has an outer fence of its own), and what follows.
 */
function splitResult(rows: Row[], outer: boolean): { rows: Row[]; after: Row[] } {
  const start = rows.findIndex((row) => /^`{3,}\s*$/.test(row.text.trim()));
  if (start === -1) return { rows: [], after: rows };
  const closing = (from: number) => {
    let end = from;
    while (end > start && rows[end]!.text.trim() !== '```') end--;
    return end;
  };
  const last = closing(rows.length - 1);
  const end = outer && last > start ? closing(last - 1) : last;
  if (end === start) return { rows: rows.slice(start + 1, outer ? last : undefined), after: [] };
  return { rows: rows.slice(start + 1, end), after: rows.slice((outer ? last : end) + 1) };
}

function recordTool(builder: RecordBuilder, tool: Tool, input: Json, result: Row[]): void {
  const failed = tool.error !== undefined;
  if (tool.name === 'bash' || tool.name === 'shell') {
    const command = text(input.command);
    if (!command) {
      builder.hidden(); // an export without tool details: something ran, nobody knows what
      return;
    }
    const run = builder.command(command, tool.line, undefined, relative(text(input.workdir)));
    if (failed) run.failed = true;
    for (const row of result) builder.output(run, row.text, row.line);
    const said = result.map((row) => row.text).join('\n');
    if (OPENCODE_TIMEOUT.test(said)) run.timedOut = true;
    const exit = /<bash_metadata>[\s\S]*?\bexit code:? (-?\d+)/i.exec(said);
    if (exit) run.exitCode = Number(exit[1]);
    return;
  }
  const file = text(input.filePath) || text(input.file_path) || text(input.path);
  if (tool.name === 'edit' || tool.name === 'multiedit' || tool.name === 'write') {
    if (!file) builder.hidden();
    else if (!failed) builder.edit(file, tool.name === 'write' ? 'write' : 'edit', tool.line);
    return;
  }
  if (tool.name === 'patch' || tool.name === 'apply_patch') {
    const edits = failed ? [] : patchEdits(text(input.patchText) || text(input.patch));
    for (const edit of edits) builder.edit(edit.path, edit.kind, tool.line);
    return;
  }
  if (!QUIET.has(tool.name)) builder.hidden();
}

/** A `workdir` below the session's folder; an absolute one says nothing the record can use. */
function relative(dir: string): string | undefined {
  return dir && !dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir) ? dir : undefined;
}
