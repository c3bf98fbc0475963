/**
 * Gemini CLI's screen copied out of the terminal: a banner ("Tips for getting started", or the
 * `Gemini CLI v0.46.0` logo), the person's messages `> …` (continued on indented lines), the
 * model's `✦ …` (continued indented two spaces), and tool calls in rounded boxes:
 *
 *     ╭──────────────────────────────────────────────╮
 *     │ ✓  Shell npm test [current working directory … │
 *     │                                              │
 *     │ Tests:       12 passed, 12 total             │
 *     ╰──────────────────────────────────────────────╯
 *
 * The glyph says whether the call itself went through (`✓`; `x` failed, `-` cancelled, `?`
 * waiting for approval), never a command's exit code, which is shown only when the command printed
 * nothing (`Command exited with code: 1`). The header is cut
 * to the box's width with `…`, so a long command is seen only in part, and the box may hide the
 * first lines of the output (`... first 33 lines hidden (Ctrl+O to show) ...`). Edits are `Edit
 * path: old => new` and `WriteFile Writing to path` boxes, or, in newer builds, unboxed lines
 * such as `  ✓  WriteFile  app.ts → Accepted (+33, -0)`. The session ends with `/quit` and an
 * "Interaction Summary" box; what the terminal shows after it is not part of the session.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';

const BOX_TOP = /^\s*╭─+╮\s*$/u;
const BOX_BOTTOM = /^\s*╰─+╯\s*$/u;
const BOX_ROW = /^\s*│/u;
/** A tool's header inside a box: status glyph, two spaces, the tool's name and what it does. */
const TOOL_HEADER = /^ ?([✓x?o⊷-]) {2}([A-Za-z][\w-]*)(?: (.*))?$/u;
/** A tool line outside any box (newer builds): `  ✓  ReadFile  package.json`. */
const TOOL_LINE = /^ {1,4}([✓x?o⊷-]) {2}([A-Za-z][\w-]*) {2}(.*)$/u;
const USER = /^ ?> (.*)$/;
const SAYS = /^✦ (.*)$/u;
const PLACEHOLDER = /^\s*Type your message or @path\/to\/file/;
const FOOTER = /^\s*(?:\? for shortcuts|Shift\+Tab to accept edits|accepting edits \(|Using: \d+ )|^─{10,}/u;
const HIDDEN = /^\.\.\. (?:first )?(\d+) lines? hidden\b/;
/** Tools that read, search or plan: they change nothing and run nothing. */
const QUIET = new Set([
  'ReadFile',
  'ReadFolder',
  'ReadManyFiles',
  'FindFiles',
  'SearchText',
  'GoogleSearch',
  'WebFetch',
  'SaveMemory',
  'Save',
  'WriteTodos',
  'exit_plan_mode',
  'enter_plan_mode',
]);
const EDITS = new Set(['Edit', 'WriteFile', 'Replace', 'Write']);

interface Row {
  text: string;
  line: number;
}

interface Call {
  status: string;
  name: string;
  about: string;
  line: number;
  output: Row[];
}

export const geminiCapture: TranscriptReader = {
  format: 'gemini-capture',
  label: 'Gemini CLI terminal capture (✦ messages and tool boxes)',
  detect(head) {
    if (/^⏺ /mu.test(head)) return 0; // Claude Code's own mark: its /export, whatever it quotes
    const says = /^✦ \S/mu.test(head);
    const tools = /^\s*│ ?[✓x?-] {2}[A-Za-z]\w+/mu.test(head) || /^ {1,4}[✓x] {2}[A-Z]\w+ {2}\S/mu.test(head);
    const banner = /Tips for getting started:|^\s*(?:\S+\s+)?Gemini CLI v\d/mu.test(head);
    if (banner && (says || tools)) return 100;
    if (says && tools) return 80;
    return says && /^ ?> \S/m.test(head) ? 60 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const reader = new CaptureReader();
    const count = lines((raw, line) => reader.line(raw, line));
    return reader.finish(count);
  },
};

class CaptureReader {
  private readonly builder = new RecordBuilder('gemini-capture', { textLines: true, toolOutput: 'partial' });
  private box: Row[] | undefined;
  private turn: { role: 'user' | 'assistant'; view: string[]; base: number } | undefined;
  private ended = false;

  line(raw: string, line: number): void {
    if (this.ended) return;
    if (this.box) {
      if (BOX_ROW.test(raw)) {
        this.box.push({ text: inner(raw), line });
        return;
      }
      const closing = BOX_BOTTOM.test(raw);
      this.endBox();
      if (closing) return;
    }
    if (BOX_TOP.test(raw)) {
      this.endTurn();
      this.box = [];
      return;
    }
    const tool = TOOL_LINE.exec(raw);
    if (tool) {
      this.endTurn();
      this.call({ status: tool[1]!, name: tool[2]!, about: tool[3]!, line, output: [] });
      return;
    }
    if (this.text(raw, line)) return;
    this.endTurn();
  }

  finish(count: number): TranscriptRecord {
    this.endBox();
    this.endTurn();
    return this.builder.finish(count);
  }

  /** The person's and the model's words: a new message, or a line that continues one. */
  private text(raw: string, line: number): boolean {
    const user = USER.exec(raw);
    // `> /quit` and the like drive the CLI; they are not words to the model.
    if (user && (PLACEHOLDER.test(user[1]!) || /^\/\w+\s*$/.test(user[1]!))) return this.end();
    if (user) return this.start('user', user[1]!, line);
    const says = SAYS.exec(raw);
    if (says) return this.start('assistant', says[1]!, line);
    const turn = this.turn;
    if (!turn || FOOTER.test(raw)) return false;
    if (turn.role === 'user' && /^ {2,3}\S/.test(raw)) turn.view[line - turn.base] = raw.trim();
    else if (turn.role === 'assistant' && (/^ {2}/.test(raw) || raw.trim() === '')) {
      turn.view[line - turn.base] = raw.slice(2);
    } else return false;
    return true;
  }

  private end(): boolean {
    this.endTurn();
    return true;
  }

  private start(role: 'user' | 'assistant', first: string, line: number): boolean {
    this.endTurn();
    this.turn = { role, view: [first], base: line };
    return true;
  }

  private endTurn(): void {
    const turn = this.turn;
    this.turn = undefined;
    if (turn) this.builder.turn(turn.role, Array.from(turn.view, (row) => row ?? '').join('\n'), turn.base);
  }

  /** A box: one or more tool calls with their output, a notice, or the closing summary. */
  private endBox(): void {
    const rows = this.box;
    this.box = undefined;
    if (!rows) return;
    if (rows.some((row) => /Interaction Summary|Agent powering down/.test(row.text))) {
      this.ended = true;
      return;
    }
    let call: Call | undefined;
    for (const row of rows) {
      const header = TOOL_HEADER.exec(row.text);
      if (header) {
        if (call) this.call(call);
        call = { status: header[1]!, name: header[2]!, about: header[3] ?? '', line: row.line, output: [] };
      } else call?.output.push(row);
    }
    if (call) this.call(call);
  }

  private call(call: Call): void {
    if (call.status === '?' || call.status === 'o') return; // waiting to be approved: it has not run
    if (call.name === 'Shell') this.shell(call);
    else if (EDITS.has(call.name)) this.edit(call);
    else if (!QUIET.has(call.name)) this.builder.hidden();
  }

  private shell(call: Call): void {
    // Some builds show the tool's own description instead of the command: what ran is unknown.
    if (/^This tool executes/.test(call.about)) {
      this.builder.hidden();
      return;
    }
    const { command, folder } = shellCommand(call.about);
    const run = this.builder.command(command, call.line, undefined, folder);
    if (call.status === 'x' || call.status === '-') run.failed = true;
    const output = call.output[0]?.text.trim() === '' ? call.output.slice(1) : call.output;
    for (const row of output) {
      // Shown only when the command printed nothing: the one exit code a capture ever holds.
      const exit = /^Command exited with code:? (\d+)\s*$/.exec(row.text.trim());
      if (exit) run.exitCode = Number(exit[1]);
      const hidden = HIDDEN.exec(row.text.trim());
      if (hidden) {
        run.omitted += Number(hidden[1]);
        run.cutByCli = true;
      } else this.builder.output(run, row.text, row.line);
    }
  }

  private edit(call: Call): void {
    const about = call.about.trim();
    if (call.status !== '✓' || /→ (?:Rejected|Cancel)/.test(about)) return;
    const file =
      /^(.+?) → /.exec(about)?.[1] ??
      /^Writing to (.+)$/.exec(about)?.[1] ??
      /^Create (\S+)$/.exec(about)?.[1] ??
      /^(.+?): /.exec(about)?.[1] ??
      about.split(/\s+/)[0];
    if (!file || /^(?:Writes|Replaces) /.test(about)) {
      this.builder.hidden(); // the tool's description, not its file
      return;
    }
    this.builder.edit(
      file.replace(/\\/g, '/'),
      call.name === 'Edit' || call.name === 'Replace' ? 'edit' : 'write',
      call.line,
    );
  }
}

/** A box row's content: the borders and the one space after the left one taken off. */
function inner(raw: string): string {
  const content = raw.replace(/^\s*│/u, '').replace(/│\s*$/u, '');
  return content.replace(/^ /, '').trimEnd();
}

/**
 * `npm test [current working directory /repo] (Run the tests)` → `npm test`; `[in web]` names
 * the folder it ran in. A header cut before its bracket keeps the cut command, `…` and all.
 */
function shellCommand(about: string): { command: string; folder?: string } {
  const folder = / \[in ([^\]]+)\]/.exec(about)?.[1];
  const bracket = about.search(/ \[(?:current working directory|in |background\])/);
  let command = bracket === -1 ? about : about.slice(0, bracket);
  const cutBracket = / \[([a-z ]*)…$/.exec(command);
  if (cutBracket && ['current working directory', 'in ', 'background'].some((word) => word.startsWith(cutBracket[1]!)))
    command = command.slice(0, cutBracket.index);
  command = command.trim();
  return folder && !folder.startsWith('/') ? { command, folder } : { command };
}
