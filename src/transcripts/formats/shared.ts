/** What several readers need: JSON lines, tool-result text, exit codes written into output. */
import { shellQuote } from '../../util/text.js';
import type { LineSource } from '../lines.js';
import type { RecordBuilder } from '../record.js';

export type Json = Record<string, unknown>;

/** A JSONL line as an object; a line that is not one is reported with its number and skipped. */
export function jsonLine(text: string, line: number, builder: RecordBuilder): Json | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    builder.problem(line, 'is JSON but not an object; skipped');
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? error.message.replace(/ in JSON at position \d+.*$/, '') : 'unreadable';
    builder.problem(line, `is not valid JSON (${reason}; cut off?); skipped, the rest was read`);
  }
  return undefined;
}

/** How much a line opens `{`/`[` (minus what it closes), strings skipped. */
function depthChange(text: string, inString: { value: boolean }): number {
  let depth = 0;
  let escaped = false;
  for (const c of text) {
    if (inString.value) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString.value = false;
    } else if (c === '"') inString.value = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth;
}

/**
 * Each JSON object of a JSONL log, with the line it starts on: one object a line, or objects
 * pretty-printed over several lines one after another (as some people commit session logs).
 * A line that is neither is reported and skipped. Returns the number of lines read.
 */
export function eachJson(
  lines: LineSource,
  builder: RecordBuilder,
  visit: (entry: Json, line: number) => void,
): number {
  let buffer: string[] = [];
  let start = 0;
  let depth = 0;
  const inString = { value: false };
  const count = lines((raw, line) => {
    if (buffer.length > 0 && raw.startsWith('{')) {
      // A new object at the start of a line: what was gathered was one line cut off, not a pretty-printed object.
      jsonLine(buffer[0]!, start, builder);
      buffer = [];
    }
    if (buffer.length > 0) {
      buffer.push(raw);
      depth += depthChange(raw, inString);
      if (depth > 0 || buffer.length > 100_000) return;
      const entry = jsonLine(buffer.join('\n'), start, builder);
      buffer = [];
      if (entry) visit(entry, start);
      return;
    }
    const trimmed = raw.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('{') && !trimmed.endsWith('}')) {
      inString.value = false;
      const opened = depthChange(raw, inString);
      if (opened > 0) {
        buffer = [raw];
        start = line;
        depth = opened;
        return;
      }
    }
    const entry = jsonLine(raw, line, builder);
    if (entry) visit(entry, line);
  });
  // An object still open at the end was cut off: reported like any broken line.
  if (buffer.length > 0) jsonLine(buffer[0]!, start, builder);
  return count;
}

/** The first JSON objects of a head of text that parse (a JSONL log's opening lines). */
export function firstJsonObjects(head: string, count = 8): Json[] {
  const found: Json[] = [];
  let buffer: string[] = [];
  let depth = 0;
  const inString = { value: false };
  const take = (text: string) => {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) found.push(value as Json);
    } catch {
      // the last line of a head is usually cut; a bad line in the middle is reported when read
    }
  };
  for (const line of head.split('\n')) {
    const trimmed = line.trim();
    if (buffer.length > 0) {
      buffer.push(line);
      depth += depthChange(line, inString);
      if (depth <= 0) {
        take(buffer.join('\n'));
        buffer = [];
      }
    } else if (!trimmed) continue;
    else if (!trimmed.startsWith('{')) return found;
    else if (trimmed.endsWith('}')) take(trimmed);
    else {
      inString.value = false;
      depth = depthChange(line, inString);
      buffer = [line];
    }
    if (found.length >= count) break;
  }
  return found;
}

/** The JSON object written over these lines of a markdown fence, or undefined (not JSON, not an object). */
export function jsonOfRows(rows: readonly { text: string }[]): Json | undefined {
  try {
    const value = JSON.parse(rows.map((row) => row.text).join('\n')) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Text out of a string, or a list of `{ type: 'text', text }` parts (tool results, messages). */
export function partsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .map((part) => (isObject(part) ? text(part.text) : typeof part === 'string' ? part : ''))
    .filter(Boolean)
    .join('\n');
}

/**
 * `<exited with exit code 1>` (Copilot CLI), `Exit code: 1` / `Process exited with code 1` (Codex), `Exit code 1`
 * (Claude Code).
 */
export function exitCodeIn(output: string): number | undefined {
  const match =
    /<exited with exit code (\d+)>/.exec(output) ??
    /^(?:Exit code:?|Process exited with code) (\d+)\b/m.exec(output) ??
    /\bexit(?:ed with)? (?:code|status) (\d+)\b/i.exec(output.slice(-400));
  return match ? Number(match[1]) : undefined;
}

/** A shell command out of an argv (`["bash", "-lc", "npm test"]` → `npm test`). */
export function shellLine(argv: unknown): string {
  if (typeof argv === 'string') return argv;
  if (!Array.isArray(argv)) return '';
  const parts = argv.map(String);
  if (parts.length >= 3 && /(?:^|\/)(?:ba|z|da)?sh$/.test(parts[0]!) && /^-\w*c$/.test(parts[1]!)) {
    return parts.slice(2).join(' ');
  }
  return parts.map(shellQuote).join(' ');
}

/** The files an `apply_patch` body touches: `*** Update File: src/a.ts`, `*** Add File: …`, `*** Delete File: …`. */
export function patchEdits(patch: string): { path: string; kind: 'edit' | 'create' | 'delete' }[] {
  const edits: { path: string; kind: 'edit' | 'create' | 'delete' }[] = [];
  for (const match of patch.matchAll(/^\*\*\* (Update|Add|Delete) File: (.+)$/gm)) {
    edits.push({
      path: match[2]!.trim(),
      kind: match[1] === 'Add' ? 'create' : match[1] === 'Delete' ? 'delete' : 'edit',
    });
  }
  return edits;
}

/** Tool names, across the CLIs, that run a shell command or change a file. */
export const SHELL_TOOLS = new Set(['bash', 'shell', 'powershell', 'run_in_terminal', 'execute', 'run_command']);
export const EDIT_TOOLS = new Set([
  'edit',
  'str_replace',
  'str_replace_editor',
  'replace',
  'multiedit',
  'notebookedit',
]);
export const WRITE_TOOLS = new Set(['create', 'write', 'write_file', 'create_file']);

/** What a tool call is used on, from its arguments: the command, else the file, else nothing. */
export function toolDetail(input: unknown): string {
  if (!isObject(input)) return '';
  for (const key of ['command', 'file_path', 'path', 'filePath', 'pattern', 'url', 'query']) {
    const value = input[key];
    if (typeof value === 'string' && value.trim()) return value;
    if (Array.isArray(value) && key === 'command') return shellLine(value);
  }
  return '';
}

/** A fenced block of a markdown export: its info string's language and the rows inside it. */
export interface FencedBlock<Row> {
  lang: string;
  rows: Row[];
}

/**
 * A markdown section's fenced blocks, and its other rows. `fence` matches an opening line with
 * the marker (group 1) and the language (group 2); `closes` says whether a line ends the block the
 * marker opened (exporters differ: the same marker exactly, or any run of it as long); `open`
 * makes the block (with what the caller noted from the rows before it, through `plain`).
 */
export function fencedBlocks<Row extends { text: string }, Block extends FencedBlock<Row>>(
  rows: readonly Row[],
  options: {
    fence: RegExp;
    closes(text: string, marker: string): boolean;
    open(lang: string): Block;
    plain?(row: Row): void;
  },
): { blocks: Block[]; plain: Row[] } {
  const blocks: Block[] = [];
  const plain: Row[] = [];
  let open: Block | undefined;
  let marker = '';
  for (const row of rows) {
    if (open) {
      if (options.closes(row.text, marker)) {
        blocks.push(open);
        open = undefined;
      } else open.rows.push(row);
      continue;
    }
    const opening = options.fence.exec(row.text);
    if (opening) {
      marker = opening[1]!;
      open = options.open(opening[2] ?? '');
      continue;
    }
    options.plain?.(row);
    plain.push(row);
  }
  if (open) blocks.push(open);
  return { blocks, plain };
}
