/**
 * What codex-conversation-exporter writes of a Codex thread: markdown that starts `# Codex
 * Conversation Export`, a `## Metadata` list (`- CWD: /repo` is the session's folder), then `##
 * Transcript` with `### Turn N: …` headings and sections under them:
 *
 * - `#### 👤 User Prompt`: a `- Time:` line and the prompt in a ```` ```text ```` fence;
 * - `#### 🤖 <model> (<effort>)`: a `- Time:` line and the assistant's markdown, which may hold
 *   `<oai-mem-citation>…</oai-mem-citation>` blocks (memory references, not words to the user).
 *   The last one of the file is the final message;
 * - `#### Tool: <name>`: the input fenced (```` ```sh ```` for `exec_command`, ```` ```json ```` for
 *   `write_stdin` and others), then `Output:` and the output fenced; the fence is four backticks
 *   when the output itself holds a triple-backtick fence.
 *
 * What it leaves out: `apply_patch` calls (so edits show only in later `git status`/`git diff`
 * output), and `exec_command`'s result header with its exit code. Only `write_stdin` results keep
 * the raw header (`Command: …`, `Chunk ID`, `Process exited with code N` or `Process running with
 * session ID N`, `Output:`): a command still running when its call returned finishes in them.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';
import { fencedBlocks, jsonOfRows, patchEdits, shellLine, text } from './shared.js';

const HEADING = /^#### (?:👤 User Prompt|(🤖) .+|Tool: (\S+))\s*$/u;
/** Headings that end a section without starting one of the three kinds. */
const BOUNDARY = /^(?:## (?:Metadata|Transcript)|### Turn \d+\b.*)\s*$/;
const FENCE = /^(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
const SHELLS = new Set(['exec_command', 'shell', 'shell_command', 'local_shell', 'container.exec']);
/** Tools that only read, plan or ask: they change nothing and run nothing. */
const QUIET = new Set([
  'update_plan',
  'view_image',
  'web_search',
  'request_user_input',
  'read_file',
  'list_dir',
  'grep_files',
]);
/** Commands that usually outlast the call that starts them. */
const SLOW = new RegExp(
  String.raw`\b(?:npm|pnpm|yarn|npx|bunx?|node|deno|jest|vitest|pytest|tox|cargo|go|make|gradlew?|mvn|dotnet|` +
    String.raw`docker|podman|gh|curl|wget|pip|uv|poetry|tsc|playwright|rspec|bundle|rake|mix)\b|` +
    String.raw`\bgit\s+(?:push|pull|fetch|clone)\b`,
);
const CITATION = /<oai-mem-citation>[\s\S]*?<\/oai-mem-citation>/g;

interface Row {
  text: string;
  line: number;
}

interface Section {
  kind: 'meta' | 'user' | 'assistant' | 'tool' | 'none';
  tool?: string;
  line: number;
  rows: Row[];
}

interface Block {
  lang: string;
  rows: Row[];
  /** The block follows an `Output:` line: it is the result, not the input. */
  output: boolean;
}

export const codexExport: TranscriptReader = {
  format: 'codex-export',
  label: 'Codex Conversation Export markdown (codex-conversation-exporter)',
  detect(head) {
    if (/^# Codex Conversation Export\s*$/m.test(head.trimStart().split('\n', 1)[0]!)) return 100;
    const tools = /^#### Tool: (?:exec_command|write_stdin|update_plan)\s*$/m.test(head);
    return tools && /^#### 🤖 \S/mu.test(head) ? 70 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const reader = new ExportReader();
    const count = lines((raw, line) => reader.line(raw, line));
    return reader.finish(count);
  },
};

class ExportReader {
  readonly builder = new RecordBuilder('codex-export', { textLines: true, toolOutput: 'partial' });
  private section: Section = { kind: 'meta', line: 1, rows: [] };
  private fence = '';
  /** exec_command runs in order, and the latest stretch of them (calls made one after another). */
  private readonly execs: CommandRun[] = [];
  private group: CommandRun[] = [];
  private last: 'exec' | 'other' = 'other';

  line(raw: string, line: number): void {
    if (this.fence) {
      // The assistant's own unclosed fence must not swallow the rest of the file.
      const breaksOut = this.section.kind === 'assistant' && HEADING.test(raw);
      if (!breaksOut) {
        if (closes(raw, this.fence)) this.fence = '';
        this.section.rows.push({ text: raw, line });
        return;
      }
      this.fence = '';
    }
    const heading = HEADING.exec(raw);
    if (heading || BOUNDARY.test(raw)) {
      this.close();
      this.section = { kind: kindOf(raw, heading), line, rows: [], ...(heading?.[2] ? { tool: heading[2] } : {}) };
      return;
    }
    const opening = FENCE.exec(raw);
    if (opening) this.fence = opening[1]!;
    this.section.rows.push({ text: raw, line });
  }

  finish(count: number): TranscriptRecord {
    this.close();
    return this.builder.finish(count);
  }

  private close(): void {
    const section = this.section;
    if (section.kind === 'meta') this.metadata(section.rows);
    else if (section.kind === 'user') this.userPrompt(section.rows);
    else if (section.kind === 'assistant') this.assistant(section.rows);
    if (section.kind === 'user' || section.kind === 'assistant') this.last = 'other';
    else if (section.kind === 'tool') this.tool(section);
    this.section = { kind: 'none', line: section.line, rows: [] };
  }

  private metadata(rows: Row[]): void {
    const cwd = rows.map((row) => /^- CWD: (.+?)\s*$/.exec(row.text)?.[1]).find(Boolean);
    if (cwd) this.builder.record.cwd = cwd;
  }

  /** The prompt is the fenced block; an unfenced one (older exporters) is the section's text. */
  private userPrompt(rows: Row[]): void {
    const { blocks } = blocksOf(rows);
    const body = blocks[0]?.rows ?? dropTime(rows);
    if (body.length > 0) this.builder.turn('user', body.map((row) => row.text).join('\n'), body[0]!.line);
  }

  private assistant(rows: Row[]): void {
    const body = dropTime(rows);
    if (body.length === 0) return;
    // A citation's lines become blank, so every later sentence keeps its own line.
    const said = body
      .map((row) => row.text)
      .join('\n')
      .replace(CITATION, (block) => block.replace(/[^\n]/g, ''));
    this.builder.turn('assistant', said, body[0]!.line);
  }

  private tool(section: Section): void {
    const name = section.tool!;
    const { blocks, plain } = blocksOf(section.rows);
    const input = blocks.find((block) => !block.output);
    const output = blocks.find((block) => block.output);
    if (SHELLS.has(name)) this.exec(section, input, output, plain);
    else if (name === 'write_stdin') this.poll(input, output);
    else if (name === 'apply_patch') {
      // Not exported by the versions seen; if a build does, its patch names the files.
      const patch = [...(input?.rows ?? []), ...plain].map((row) => row.text).join('\n');
      for (const edit of patchEdits(patch)) this.builder.edit(edit.path, edit.kind, section.line);
    } else if (!QUIET.has(name)) this.builder.hidden();
    // A plan update between calls does not end a stretch of them; anything else does.
    if (!SHELLS.has(name) && name !== 'write_stdin' && name !== 'update_plan') this.last = 'other';
  }

  private exec(section: Section, input: Block | undefined, output: Block | undefined, plain: Row[]): void {
    const command = commandOf(input);
    if (!command) return;
    const run = this.builder.command(command, section.line, undefined, this.folder(plain));
    this.execs.push(run);
    if (this.last === 'other') this.group = [];
    this.group.push(run);
    this.last = 'exec';
    const result = parseResult(output?.rows ?? []);
    if (result.exitCode !== undefined) run.exitCode = result.exitCode;
    if (result.session !== undefined) this.builder.background(run, result.session);
    for (const row of result.body) this.builder.output(run, row.text, row.line);
  }

  /** `- Working Directory: /repo/web` (verbose exports), relative to the session's folder. */
  private folder(plain: Row[]): string | undefined {
    const dir = plain.map((row) => /^- Working Directory: (.+?)\s*$/.exec(row.text)?.[1]).find(Boolean);
    const cwd = this.builder.record.cwd?.replace(/\/+$/, '');
    if (!dir || !cwd) return undefined;
    if (dir === cwd) return '.';
    return dir.startsWith(`${cwd}/`) ? dir.slice(cwd.length + 1) : undefined;
  }

  /**
   * A `write_stdin` result: more output of a run that was still going, and its exit code once it
   * ended. The exporter drops the `Process running with session ID` line that would name the run,
   * so it is the one registered under the session id, else the one its `Command:` line names,
   * else a guess among the latest stretch of `exec_command` calls (see `unread`).
   */
  private poll(input: Block | undefined, output: Block | undefined): void {
    const result = parseResult(output?.rows ?? []);
    if (!result.header) return; // "write_stdin failed: …" and the like carry no process output
    const args = jsonOfRows(input?.rows ?? []);
    const id = String(args?.session_id ?? result.session ?? '');
    let run = this.builder.shell(id);
    if (!run) {
      run = this.named(result.command) ?? this.unread();
      if (!run) return; // better no run than another run's output
      this.builder.background(run, id);
    }
    for (const row of result.body) this.builder.output(run, row.text, row.line);
    if (result.exitCode !== undefined) run.exitCode = result.exitCode;
  }

  /**
   * The run a poll that names none most likely reads, of the latest stretch of calls not yet tied
   * to a session: of those that take time (tests, builds, installs, network), the earliest (a
   * model that starts several reads them in the order it started them); else the last one.
   */
  private unread(): CommandRun | undefined {
    const open = this.group.filter((run) => !run.background);
    return open.find((run) => SLOW.test(run.command)) ?? open[open.length - 1];
  }

  /** The run a `Command: /bin/zsh -lc '…'` line names: the earliest one not yet read, else the last. */
  private named(command: string | undefined): CommandRun | undefined {
    if (!command) return undefined;
    const wanted = unwrapShell(command);
    const same = (run: CommandRun) => run.command === wanted || run.command === command;
    return this.execs.find((run) => same(run) && !run.background) ?? [...this.execs].reverse().find(same);
  }
}

function kindOf(raw: string, heading: RegExpExecArray | null): Section['kind'] {
  if (!heading) return /^## Metadata/.test(raw) ? 'meta' : 'none';
  return heading[2] ? 'tool' : heading[1] ? 'assistant' : 'user';
}

function closes(raw: string, fence: string): boolean {
  const trimmed = raw.trim();
  return trimmed.length >= fence.length && trimmed[0] === fence[0] && /^(`+|~+)$/.test(trimmed);
}

/** The fenced blocks of a section, each marked as input or output, and its other lines. */
function blocksOf(rows: Row[]): { blocks: Block[]; plain: Row[] } {
  let afterOutput = false;
  return fencedBlocks(rows, {
    fence: FENCE,
    closes,
    open: (lang): Block => ({ lang, rows: [], output: afterOutput }),
    plain: (row) => {
      if (/^Output:\s*$/.test(row.text)) afterOutput = true;
    },
  });
}

/** A section's rows without the `- Time: …` line that opens it. */
function dropTime(rows: Row[]): Row[] {
  const start = rows.findIndex((row) => row.text.trim() !== '' && !/^- Time: /.test(row.text));
  return start === -1 ? [] : rows.slice(start);
}

/** The command of a shell call: the ```sh block, or `cmd`/`command` of a JSON one. */
function commandOf(input: Block | undefined): string {
  if (!input) return '';
  if (input.lang === 'json') {
    const args = jsonOfRows(input.rows);
    return shellLine(args?.cmd ?? args?.command);
  }
  return input.rows.map((row) => row.text).join('\n');
}

interface Result {
  /** The output starts with Codex's raw header (`Chunk ID`, `Wall time`, `Process …`). */
  header: boolean;
  command?: string;
  exitCode?: number;
  session?: string;
  body: Row[];
}

const HEADER_LINE =
  /^(?:Command: |Chunk ID: |Wall time: |Process (?:exited|running) |Original token count: |Exit code: ?)/;

/** An output's header fields and the lines after it (all of it when there is no header). */
function parseResult(rows: Row[]): Result {
  let at = 0;
  const result: Result = { header: false, body: rows };
  while (at < rows.length && HEADER_LINE.test(rows[at]!.text)) {
    const row = rows[at]!.text;
    const exit = /^(?:Process exited with code|Exit code:?) (-?\d+)/.exec(row);
    const running = /^Process running with session ID (\d+)/.exec(row);
    if (exit) result.exitCode = Number(exit[1]);
    if (running) result.session = running[1]!;
    if (row.startsWith('Command: ')) result.command = text(row.slice('Command: '.length).trim());
    if (!row.startsWith('Command: ')) result.header = true;
    at++;
  }
  if (!result.header) return { header: false, body: rows };
  if (at < rows.length && /^Output:\s*$/.test(rows[at]!.text)) at++;
  result.body = rows.slice(at);
  return result;
}

/** `/bin/zsh -lc 'npm test'` → `npm test`: the command a `Command:` line wraps in a login shell. */
function unwrapShell(command: string): string {
  const single = /^(?:\S*\/)?(?:ba|z|da)?sh -l?c '([\s\S]*)'$/.exec(command);
  if (single) return single[1]!.replace(/'\\''/g, "'");
  const double = /^(?:\S*\/)?(?:ba|z|da)?sh -l?c "([\s\S]*)"$/.exec(command);
  return double ? double[1]!.replace(/\\"/g, '"') : command;
}
