/**
 * The neutral record every transcript reader produces, whatever the agent CLI: the turns, the
 * commands with their exit codes and output, the files edited and the final assistant message,
 * each with the transcript line it came from (so a verdict can point at it).
 *
 * A command's output is kept whole up to KEEP_HEAD + KEEP_TAIL lines; a longer one keeps its
 * first and last lines (a test runner's summary is at the end) and says how many it left out.
 * That keeps memory bounded by the number of commands, not the size of their logs: a 50 MB
 * session of three thousand test runs keeps about 140 lines of each.
 */

/** The formats the readers know, as `verify` names them. */
export type TranscriptFormat =
  | 'copilot-share'
  | 'copilot-events'
  | 'copilot-print'
  | 'claude-jsonl'
  | 'claude-stream'
  | 'claude-export'
  | 'claude-extractor'
  | 'claude-log-md'
  | 'hook-log'
  | 'codex-rollout'
  | 'codex-exec'
  | 'codex-export'
  | 'codex-app-md'
  | 'opencode-share'
  | 'opencode-json'
  | 'aider'
  | 'gemini-capture'
  | 'gemini-stream'
  | 'gemini-session'
  | 'terminal';

/**
 * How much of the tools' output a format keeps: all of it; some (an exporter that drops a
 * tool's calls or folds long output, a terminal capture that cuts lines); none (only the
 * conversation's text, or only the tools' inputs). Where it keeps none, a claim about what
 * ran can never be checked against the transcript.
 */
export type ToolOutput = 'kept' | 'partial' | 'none';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  /** The transcript line the turn starts on (1-based). */
  line: number;
}

export interface OutputLine {
  text: string;
  /** The transcript line it is on: in a JSONL log, every line of one output is on the same line. */
  line: number;
}

export interface CommandRun {
  /** The command as the agent ran it (a shell line). */
  command: string;
  line: number;
  /** When the format records it. */
  exitCode?: number;
  /** The format marks the call as failed without an exit code (❌, `is_error`, `success: false`). */
  failed?: boolean;
  /** The CLI stopped it at its time limit before it finished (OpenCode: `terminated … after exceeding timeout`). */
  timedOut?: boolean;
  output: OutputLine[];
  /** Lines of output not kept (by the CLI, which printed `… +N lines`, or by the reader). */
  omitted: number;
  /** The CLI itself cut the output (so a summary line may be missing). */
  cutByCli?: boolean;
  /** The working folder, relative to the session's own, when the format gives one. */
  folder?: string;
  /**
   * The CLI ran it in the background (or it was still running when its call returned): its
   * output and exit code may arrive in later calls that read it (`read_bash`, `BashOutput`,
   * `write_stdin`), which the reader adds to this run.
   */
  background?: boolean;
}

export interface FileEdit {
  path: string;
  kind: 'edit' | 'write' | 'create' | 'delete';
  line: number;
}

export interface TranscriptProblem {
  line: number;
  message: string;
}

export interface TranscriptRecord {
  format: TranscriptFormat;
  turns: Turn[];
  commands: CommandRun[];
  edits: FileEdit[];
  /** The last assistant message: the one whose claims are checked. */
  finalMessage: Turn | undefined;
  /** Lines the reader could not use (a JSONL line that is not JSON), with the rest still read. */
  problems: TranscriptProblem[];
  /** Lines read. */
  lines: number;
  /**
   * Whether a turn's text lines are the transcript's lines from `line` on (markdown and text
   * logs), so a sentence can be pointed at exactly; in a JSONL log a whole message is one line.
   */
  textLines: boolean;
  /** What of the tools' output the format keeps. */
  toolOutput: ToolOutput;
  /** The session's working folder (absolute), when the format records it. */
  cwd?: string;
  /**
   * Tool calls whose work the record does not show: sub-agents, MCP tools, tools the reader
   * does not know. Anything may have happened in them, so absence proves nothing.
   */
  hiddenWork: number;
  /** Commits the CLI itself reports outside any command's output (aider's `Commit 1a2b3c4 …`). */
  commits: { hash: string; subject: string; line: number }[];
  /**
   * The headless stream's own last word says the run failed: Claude Code's `result` with
   * `is_error` (which real streams send with `subtype: "success"` too: an expired token, a wrong
   * model) or an `error_…` subtype. Its text, when it gives one.
   */
  endedInError?: string;
  /** What the run cost, when a headless stream says. */
  usage?: { inputTokens?: number; outputTokens?: number; costUsd?: number; durationMs?: number; turns?: number };
}

export const KEEP_HEAD = 10;
export const KEEP_TAIL = 60;
/** A longer output line is cut here (binary noise, minified code). */
export const MAX_LINE = 4000;

/**
 * Readers build the record through this: it cleans output text (terminal escapes and control
 * characters removed), keeps long outputs to their head and tail, and pairs tool calls with
 * results that arrive later.
 */
export class RecordBuilder {
  readonly record: TranscriptRecord;
  private readonly pending = new Map<string, CommandRun>();
  private tails = new WeakMap<CommandRun, OutputLine[]>();
  /** The session's working folder when the format records it: edited paths are made relative to it. */
  cwd = '';
  /** Kept output lines by text: a test suite run ten times prints the same lines ten times. */
  private readonly seen = new Map<string, string>();

  /** Runs that went on in the background, by the id later calls read them with. */
  private readonly shells = new Map<string, CommandRun>();

  constructor(format: TranscriptFormat, options: { textLines?: boolean; toolOutput?: ToolOutput } = {}) {
    this.record = {
      format,
      turns: [],
      commands: [],
      edits: [],
      finalMessage: undefined,
      problems: [],
      lines: 0,
      textLines:
        options.textLines ?? (format === 'copilot-share' || format === 'claude-export' || format === 'terminal'),
      toolOutput: options.toolOutput ?? 'kept',
      hiddenWork: 0,
      commits: [],
    };
  }

  /** A run that goes on in the background: later output read with `id` belongs to it. */
  background(run: CommandRun, id: string): void {
    run.background = true;
    this.shells.set(id, run);
  }

  /** The background run a later read or poll call (`read_bash`, `BashOutput`, `write_stdin`) reads. */
  shell(id: string): CommandRun | undefined {
    return this.shells.get(id);
  }

  /** The id of the run sent to the background last (for a read call that names none). */
  lastShell(): string | undefined {
    return [...this.shells.keys()].pop();
  }

  /** Output (and, once it ended, the exit code) that a later call read from a background run. */
  poll(id: string, text: string, line: number, exitCode?: number): boolean {
    const run = this.shells.get(id);
    if (!run) return false;
    for (const row of text.split('\n')) if (row.trim() !== '') this.output(run, row, line);
    if (exitCode !== undefined) run.exitCode = exitCode;
    return true;
  }

  /** A tool call whose work the record cannot show (a sub-agent, an MCP tool). */
  hidden(): void {
    this.record.hiddenWork++;
  }

  /** A commit the CLI reports itself. */
  commit(hash: string, subject: string, line: number): void {
    this.record.commits.push({ hash, subject, line });
  }

  turn(role: Turn['role'], text: string, line: number): void {
    const cleaned = cleanText(text);
    const clean = cleaned.trim();
    if (!clean) return;
    // Blank lines before the text are dropped; the turn starts where its text does.
    const skipped = this.record.textLines ? (/^\s*\n/.exec(cleaned)?.[0].split('\n').length ?? 1) - 1 : 0;
    const turn = { role, text: clean, line: line + skipped };
    this.record.turns.push(turn);
    if (role === 'assistant') this.record.finalMessage = turn;
  }

  /** Appends to the last turn when it has the same role (a message that spans several log lines). */
  appendToTurn(role: Turn['role'], text: string, line: number): void {
    const last = this.record.turns[this.record.turns.length - 1];
    if (last && last.role === role) {
      const clean = cleanText(text);
      last.text = `${last.text}\n${clean}`.trim();
      return;
    }
    this.turn(role, text, line);
  }

  /** A command; `id` pairs it with a result that comes later (a tool call id). */
  command(command: string, line: number, id?: string, folder?: string): CommandRun {
    const run: CommandRun = { command: cleanText(command).trim(), line, output: [], omitted: 0 };
    if (folder && folder !== '.') run.folder = folder;
    this.record.commands.push(run);
    if (id !== undefined) this.pending.set(id, run);
    return run;
  }

  /** The command a tool call id started, once. */
  take(id: string): CommandRun | undefined {
    const run = this.pending.get(id);
    this.pending.delete(id);
    return run;
  }

  /** One line of a command's output. */
  output(run: CommandRun, text: string, line: number): void {
    const entry = { text: this.keep(cleanLine(text)), line };
    if (run.output.length < KEEP_HEAD) {
      run.output.push(entry);
      return;
    }
    let tail = this.tails.get(run);
    if (!tail) {
      tail = [];
      this.tails.set(run, tail);
    }
    tail.push(entry);
    if (tail.length > KEEP_TAIL * 2) {
      run.omitted += tail.length - KEEP_TAIL;
      tail.splice(0, tail.length - KEEP_TAIL);
    }
  }

  /**
   * Every line of a block of output text that sits on one transcript line (JSONL). Only the lines
   * that will be kept are cut out of it; the middle of a long output is counted, not copied.
   */
  outputText(run: CommandRun, text: string, line: number): void {
    const starts = [0];
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    const count = starts.length;
    const lineAt = (k: number) => text.slice(starts[k], k + 1 < count ? starts[k + 1]! - 1 : text.length);
    const room = Math.max(0, KEEP_HEAD - run.output.length);
    if (count <= room + KEEP_TAIL) {
      for (let k = 0; k < count; k++) this.output(run, lineAt(k), line);
      return;
    }
    for (let k = 0; k < room; k++) this.output(run, lineAt(k), line);
    run.omitted += count - room - KEEP_TAIL;
    for (let k = count - KEEP_TAIL; k < count; k++) this.output(run, lineAt(k), line);
  }

  /** One copy of each kept line's text (see `own`), shared by every output that prints it. */
  private keep(text: string): string {
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    const copy = own(text);
    if (this.seen.size < 100_000) this.seen.set(copy, copy);
    return copy;
  }

  edit(path: string, kind: FileEdit['kind'], line: number): void {
    let clean = path.trim().replace(/^["'`]|["'`]$/g, '');
    const base = (this.cwd || this.record.cwd || '').replace(/\/+$/, '');
    if (base && clean.startsWith(`${base}/`)) clean = clean.slice(base.length + 1);
    if (clean) this.record.edits.push({ path: clean, kind, line });
  }

  problem(line: number, message: string): void {
    if (this.record.problems.length < 100) this.record.problems.push({ line, message });
  }

  /** The record, with each long output's tail put back after its head. */
  finish(lines: number): TranscriptRecord {
    for (const run of this.record.commands) {
      const tail = this.tails.get(run);
      if (!tail) continue;
      if (tail.length > KEEP_TAIL) {
        run.omitted += tail.length - KEEP_TAIL;
        tail.splice(0, tail.length - KEEP_TAIL);
      }
      run.output.push(...tail);
    }
    this.tails = new WeakMap();
    this.seen.clear();
    this.record.lines = lines;
    return this.record;
  }
}

const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]+/g;

/**
 * Text without terminal escapes (colours, cursor moves) and control characters; tabs and
 * newlines stay. A carriage return without a newline (a progress bar redrawn) keeps what the
 * terminal showed last.
 */
export function cleanText(text: string): string {
  let clean = text.includes('\u001b') || text.includes('\u009b') ? text.replace(ESCAPES, '') : text;
  if (clean.includes('\r')) clean = clean.replace(/\r\n/g, '\n').replace(/[^\n\r]*\r(?!\n)/g, '');
  return clean.replace(CONTROLS, ' ');
}

/**
 * A copy of a kept line that does not hold on to the text it was cut from: V8 keeps a slice of a
 * string as a view into the whole, so one kept line of a JSONL record would keep the record's
 * whole output (often megabytes) alive.
 */
function own(text: string): string {
  // Concatenating, then slicing, makes V8 copy the text into a string of its own.
  return text.length === 0 ? '' : ` ${text}`.slice(1);
}

/** One output line, cleaned and cut to MAX_LINE characters (a line of binary noise or minified code). */
function cleanLine(text: string): string {
  const clean = cleanText(text).replace(/\n/g, ' ').trimEnd();
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE)} …` : clean;
}
