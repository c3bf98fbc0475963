/**
 * aider's `.aider.chat.history.md`: every session opens `# aider chat started at 2025-01-01
 * 10:00:00` (one file holds many), what the person typed is `#### …` (consecutive lines are one
 * message), aider's own notes and prompts are `> …` (each line ends in two spaces), and everything
 * else is the model's reply in markdown, with its edits as SEARCH/REPLACE blocks after a line
 * naming the file (or, in the whole-file formats, the file's name and its content fenced or in
 * `<source>` tags). What the notes say:
 *
 * - `Applied edit to src/app.py`: the file changed; `Create new file? … y` just before names a new one;
 * - `Commit 1a2b3c4 subject`: aider committed. When `Committing src/app.py before applying edits.`
 *   (or the person's `/commit`) comes first, that commit holds the person's own changes, not the
 *   model's;
 * - `Running npm test` (after `Run shell command? … y`): a command the model suggested. The
 *   person's own are `#### /run cmd`, `#### /test cmd` and `#### !cmd`.
 *
 * A command's output is not always there: older versions wrote it after the command as a note
 * (the first line quoted, the rest plain); newer ones only say `Added 12 lines of output to the
 * chat.` No exit code is ever written. In architect mode the architect's plan is echoed back as a
 * `####` block before the editor's reply: it is not the person speaking.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';

const HEADER = /^# aider chat started at /;
const USER = /^####(?: (.*))?$/;
/** Commands a `/load` script or a watcher fed in, echoed as a note. */
const QUOTED_USER = /^> #{4,5} (.*)$/;
const NOTE = /^>(?: (.*))?$/;
/** aider's own notes and prompts: anything else quoted right after a command is its output. */
const AIDER_NOTE = new RegExp(
  [
    String.raw`^(?:Tokens: |Applied edit to |Commit [0-9a-f]{7,40} |Committing |Running |Run shell commands?\?`,
    String.raw`Add (?:the |command |[\d.]+k tokens of command )?output to the chat\?|Added \d+ lines? of output`,
    String.raw`You can use \/undo|Create new file\?|Allow edits to|Add file to the chat\?|Aider v\d|Model: `,
    `Git repo: |Repo-map: |The LLM did not conform|Removed: |Now at: |Cost: )`,
  ].join('|'),
);
/** Notes only aider writes: inside a reply's unclosed fence they still end the reply. */
const STRONG_NOTE = /^> (?:Tokens: |Applied edit to |Commit [0-9a-f]{7,40} |Running |You can use \/undo)/;
const FAILED_EDIT =
  /did not conform to the edit format|SearchReplaceNoExactMatch|failed to match|Failed to apply edit/i;
const FENCE = /^\s*(?:`{3,}|~{3,})/;
const SEARCH = /^<{5,9} SEARCH\s*$/;
const REPLACE = /^>{5,9} REPLACE\s*$/;
const PATH = /^[^\s<>`#*|:][^\s<>`|*]*$/;

export const aiderHistory: TranscriptReader = {
  format: 'aider',
  label: 'aider chat history (.aider.chat.history.md)',
  detect(head) {
    if (HEADER.test(head.trimStart())) return 100;
    if (/^# aider chat started at /m.test(head)) return 90;
    const notes = /^> (?:Tokens: [\d.]+k? sent|Applied edit to |Aider v\d|Commit [0-9a-f]{7,40} )/m.test(head);
    return notes && /^#### \S/m.test(head) ? 70 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const reader = new AiderReader();
    const count = lines((raw, line) => reader.line(raw, line));
    return reader.finish(count);
  },
};

class AiderReader {
  private readonly builder = new RecordBuilder('aider', { textLines: true, toolOutput: 'partial' });
  private user: { rows: string[]; line: number } | undefined;
  private reply: { view: string[]; base: number } | undefined;
  /** Inside a fenced block (or `<source>`) and inside a SEARCH/REPLACE block of the reply. */
  private code = false;
  private search = false;
  /** The reply's last text lines: the one before a SEARCH block names its file. */
  private candidate = '';
  /** The run whose output the next lines are, and the last run (for `Added N lines of output`). */
  private run: CommandRun | undefined;
  private lastRun: CommandRun | undefined;
  private previous: 'user' | 'note' | 'blank' | 'plain' = 'blank';
  /** aider is about to commit the person's own changes: the next `Commit` is not the model's. */
  private dirty = false;
  private lastNote = '';
  private created = new Set<string>();
  /** Files the reply's SEARCH/REPLACE blocks edit, until aider says it applied them. */
  private pending = new Map<string, number>();
  private editFailed = false;
  /** The first line of the last reply: the architect's plan echoed back starts with it. */
  private echo: string | undefined;

  line(raw: string, line: number): void {
    const row = raw.replace(/\s+$/, '');
    if (this.reply && (this.code || this.search)) {
      if (!STRONG_NOTE.test(row) && !HEADER.test(row)) {
        this.replyLine(row, line);
        return;
      }
      this.code = this.search = false;
    }
    if (HEADER.test(row)) {
      this.endUser();
      this.endReply();
      this.endEdits();
      this.run = undefined;
      this.previous = 'blank';
      return;
    }
    const user = USER.exec(row) ?? QUOTED_USER.exec(row);
    if (user) {
      this.userLine(user[1] ?? '', line);
      return;
    }
    this.endUser();
    const note = NOTE.exec(row);
    if (note) {
      this.endReply();
      this.note(note[1] ?? '', line);
      this.previous = 'note';
      return;
    }
    if (row === '') {
      if (this.reply) this.replyLine('', line);
      this.previous = 'blank';
      return;
    }
    if (this.run) this.builder.output(this.run, row, line);
    // A line right under a note continues it (a suggested command over two lines, an error).
    else if (this.previous !== 'note') this.replyLine(row, line);
    this.previous = 'plain';
  }

  finish(count: number): TranscriptRecord {
    this.endUser();
    this.endReply();
    this.endEdits();
    return this.builder.finish(count);
  }

  private userLine(said: string, line: number): void {
    this.endReply();
    this.run = undefined;
    if (!this.user || this.previous !== 'user') {
      this.endUser();
      this.endEdits();
      this.user = { rows: [], line };
    }
    this.user.rows.push(said);
    this.previous = 'user';
  }

  /** A finished `####` message: a command, a slash command, the architect's echo, or words. */
  private endUser(): void {
    const user = this.user;
    this.user = undefined;
    if (!user) return;
    const first = user.rows[0]!.trim();
    const command = /^(?:\/(run|test|git)\s+|!)(\S.*)$/.exec(first);
    if (command) {
      const line = command[1] === 'git' ? `git ${command[2]}` : command[2]!;
      this.run = this.lastRun = this.builder.command(line.trim(), user.line);
      return;
    }
    const said = user.rows.join('\n');
    const mode = /^\/(?:ask|code|architect|context)\s+(\S[\s\S]*)$/.exec(said);
    if (/^\/\w/.test(first) && !mode) {
      this.slash(first);
      return;
    }
    if (this.echo !== undefined && user.rows.find((row) => row.trim() !== '')?.trim() === this.echo) return;
    if (said.trim() === '<blank>') return;
    this.builder.turn('user', mode ? mode[1]! : said, user.line);
  }

  /** `/commit` commits the person's own changes; `/test`, `/lint` without a command ran unseen. */
  private slash(command: string): void {
    if (/^\/commit\b/.test(command)) this.dirty = true;
    else if (/^\/(?:test|lint|run)\s*$/.test(command)) this.builder.hidden();
  }

  private note(body: string, line: number): void {
    if (this.run && !AIDER_NOTE.test(body)) {
      if (body) this.builder.output(this.run, body, line);
      return;
    }
    this.run = undefined;
    const running = /^Running (.+)$/.exec(body);
    if (running) this.run = this.lastRun = this.builder.command(running[1]!, line);
    else this.fileNote(body, line);
    this.lastNote = body;
  }

  /** Notes about files and commits. */
  private fileNote(body: string, line: number): void {
    const applied = /^Applied edit to (.+)$/.exec(body);
    const commit = /^Commit ([0-9a-f]{7,40}) (.+)$/.exec(body);
    const added = /^Added (\d+) lines? of output to the chat/.exec(body);
    if (applied) {
      const file = slashes(applied[1]!);
      this.builder.edit(file, this.created.has(file) ? 'create' : 'edit', line);
      this.pending.delete(file);
    } else if (/ before applying edits\.?$/.test(body) && /^Committing /.test(body)) this.dirty = true;
    else if (commit) {
      if (this.dirty) this.dirty = false;
      else this.builder.commit(commit[1]!, commit[2]!, line);
    } else if (/^Create new file\?/.test(body)) this.created.add(slashes(this.lastNote));
    else if (added && this.lastRun && this.lastRun.output.length === 0) {
      // The output went to the model, not to the file.
      this.lastRun.omitted += Number(added[1]);
      this.lastRun.cutByCli = true;
    } else if (/^Removed: [0-9a-f]{7,40}\b/.test(body)) this.undo(body);
    else if (FAILED_EDIT.test(body)) this.editFailed = true;
  }

  /** `/undo` took the last aider commit back. */
  private undo(body: string): void {
    const hash = /^Removed: ([0-9a-f]{7,40})/.exec(body)![1]!;
    const commits = this.builder.record.commits;
    const at = commits.findIndex((entry) => entry.hash.startsWith(hash) || hash.startsWith(entry.hash));
    if (at !== -1) commits.splice(at, 1);
  }

  private replyLine(row: string, line: number): void {
    if (!this.reply) {
      if (row === '') return;
      this.endEdits();
      this.reply = { view: [], base: line };
      this.candidate = '';
    }
    this.reply.view[line - this.reply.base] = row;
    this.track(row, line);
  }

  /** Fences, `<source>` blocks and SEARCH/REPLACE blocks of the reply, and the files they edit. */
  private track(row: string, line: number): void {
    if (this.search) {
      if (REPLACE.test(row)) this.search = false;
      return;
    }
    if (SEARCH.test(row)) {
      this.search = true;
      if (PATH.test(this.candidate)) this.pending.set(slashes(this.candidate), line);
      return;
    }
    if (FENCE.test(row)) this.code = !this.code;
    else if (/^<source>/.test(row)) this.code = true;
    else if (/^<\/source>/.test(row)) this.code = false;
    else if (row.trim() !== '') this.candidate = row.trim();
  }

  private endReply(): void {
    const reply = this.reply;
    this.reply = undefined;
    this.code = this.search = false;
    if (!reply) return;
    const view = Array.from(reply.view, (row) => row ?? '');
    this.echo = view.find((row) => row.trim() !== '')?.trim();
    this.builder.turn('assistant', view.join('\n'), reply.base);
  }

  /** The reply's edits aider never confirmed count, unless it said they failed. */
  private endEdits(): void {
    if (!this.editFailed) for (const [file, line] of this.pending) this.builder.edit(file, 'edit', line);
    this.pending.clear();
    this.created.clear();
    this.editFailed = false;
  }
}

/** `backend\db.py` (aider on Windows) → `backend/db.py`. */
function slashes(file: string): string {
  return file.trim().replace(/\\/g, '/');
}
