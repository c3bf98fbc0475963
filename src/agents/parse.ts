import matter from 'gray-matter';
import yaml from 'js-yaml';
import { ConductorError } from '../errors.js';
import { dataShapeProblem } from '../util/data.js';
import { placeOf, quote } from '../util/text.js';
import { KNOWN_KEYS } from './keys.js';

/** A problem found in a file, at a 1-based line when one is known. */
export interface Diagnostic {
  line?: number;
  message: string;
}

export interface FrontMatterFile {
  data: Record<string, unknown>;
  body: string;
  hasFrontMatter: boolean;
  /** 1-based file line of each top-level front matter key. */
  keyLines: Record<string, number>;
  warnings: Diagnostic[];
}

/** Thrown by the refused engines; turned into a ConductorError with the file's name below. */
class RefusedLanguage extends Error {}

const refuse = (language: string) => ({
  parse(): object {
    throw new RefusedLanguage(
      `front matter in "${language}" is not read: code in a data file is never run; write it as YAML`,
    );
  },
});

/**
 * The YAML subset the conductor reads: JSON-like values only (no timestamps, no custom tags),
 * so what comes in as data stays plain data.
 */
function parseYaml(text: string): object {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA }) as object;
}

// gray-matter evaluates `---js` front matter with eval() unless its JS engines are replaced.
// Passing options on every call also keeps it from caching (and sharing) parsed objects.
type MatterOptions = { language: string; engines: Record<string, { parse: (input: string) => object }> };
const MATTER_OPTIONS: MatterOptions = {
  language: 'yaml',
  engines: {
    yaml: { parse: parseYaml },
    yml: { parse: parseYaml },
    json: { parse: (text: string) => JSON.parse(text) as object },
    js: refuse('js'),
    javascript: refuse('javascript'),
    coffee: refuse('coffee'),
    coffeescript: refuse('coffeescript'),
    cson: refuse('cson'),
  },
};

/**
 * Splits a profile into front matter and body. Strict YAML first; when that fails, the
 * lenient reading the agent CLIs apply (unquoted values containing `: `) is tried, and each
 * value read that way gets a warning. What still cannot be read is an error at file:line.
 */
export function parseFrontMatter(text: string, file: string): FrontMatterFile {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text.replace(/^\uFEFF/, ''), MATTER_OPTIONS);
  } catch (error) {
    if (error instanceof RefusedLanguage) {
      throw new ConductorError('INVALID_FILE', error.message, { where: placeOf(file, 1) });
    }
    if (error instanceof yaml.YAMLException) return recover(text, file, error);
    const message = error instanceof Error ? error.message : String(error);
    throw new ConductorError('INVALID_FILE', `front matter cannot be read: ${message}`, {
      where: placeOf(file, 1),
      cause: error,
    });
  }
  const raw = parsed.matter ?? '';
  const hasFrontMatter = raw !== '' || text.startsWith('---');
  return {
    data: asMapping(parsed.data, file),
    body: parsed.content,
    hasFrontMatter,
    keyLines: findKeyLines(raw),
    warnings: [],
  };
}

/** gray-matter's `matter` starts with the newline after the opening `---`: its line 0 is file line 1. */
function fileLine(matterLine: number): number {
  return matterLine + 1;
}

function findKeyLines(raw: string): Record<string, number> {
  // keys come from the file: no prototype
  const lines: Record<string, number> = Object.create(null) as Record<string, number>;
  raw.split('\n').forEach((line, index) => {
    const match = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"-][^:]*?))\s*:(?:\s|$)/.exec(line);
    const key = match && (match[1] ?? match[2] ?? match[3]);
    if (key && !Object.hasOwn(lines, key)) lines[key] = fileLine(index);
  });
  return lines;
}

function asMapping(data: unknown, file: string): Record<string, unknown> {
  if (data === null || data === undefined) return {};
  const problem = dataShapeProblem(data);
  if (problem)
    throw new ConductorError('INVALID_FILE', `front matter is refused: ${problem}`, { where: placeOf(file, 2) });
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConductorError('INVALID_FILE', 'front matter must be a set of `key: value` lines', {
      where: placeOf(file, 2),
    });
  }
  return data as Record<string, unknown>;
}

/** Splits `---\n<matter>\n---\n<body>` by hand, the same way gray-matter does. */
function split(text: string): { raw: string; body: string } {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const rest = source.slice(3);
  const close = rest.indexOf('\n---');
  if (close === -1) return { raw: rest, body: '' };
  const afterClose = rest.indexOf('\n', close + 4);
  return { raw: rest.slice(0, close), body: afterClose === -1 ? '' : rest.slice(afterClose + 1) };
}

/** Plain scalars the agent CLIs accept but strict YAML rejects, worth re-reading as text. */
const PLAIN_VALUE = /^([A-Za-z_][\w.-]*)(\s*):[ \t]+(?!["'[{|>&*!%@`])(.+)$/;

function recover(text: string, file: string, original: yaml.YAMLException): FrontMatterFile {
  const { raw, body } = split(text);
  const lines = raw.split('\n');
  const warnings: Diagnostic[] = [];
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const match = PLAIN_VALUE.exec(line);
    if (!match) {
      out.push(line);
      continue;
    }
    // A plain scalar may go on over more-indented lines; take them with it.
    const parts = [match[3]!.trim()];
    let next = index + 1;
    while (next < lines.length && /^[ \t]+\S/.test(lines[next]!)) parts.push(lines[next++]!.trim());
    const continued = columnZeroContinuation(lines, next);
    const value = [parts.join(' '), ...continued].join('\n').trimEnd();
    if (!needsQuoting(value) && continued.length === 0) {
      out.push(line);
      continue;
    }
    // A JSON string is a YAML scalar that keeps the text exactly, line breaks included.
    out.push(`${match[1]}: ${JSON.stringify(value)}`);
    const end = next + continued.length;
    for (let skipped = index + 1; skipped < end; skipped++) out.push('');
    if (needsQuoting(parts.join(' '))) {
      warnings.push({
        line: fileLine(index),
        message:
          `${match[1]}: unquoted value contains ": " (not valid YAML); read as plain text — put it in ` +
          `quotes to silence this`,
      });
    }
    if (continued.length > 0) {
      const first = continued.find((entry) => entry.trim())!;
      warnings.push({
        line: fileLine(next + continued.indexOf(first)),
        message:
          `${match[1]}: goes on at column 0 (${quote(first, 30)}, to line ${fileLine(end - 1)}); read ` +
          `as part of it, as Claude Code does — indent those lines or write them as \\n escapes to silence this`,
      });
    }
    index = end - 1;
  }
  if (warnings.length === 0) throw yamlError(original, file);
  let data: unknown;
  try {
    data = parseYaml(out.join('\n'));
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    throw yamlError(original, file);
  }
  return { data: asMapping(data, file), body, hasFrontMatter: true, keyLines: findKeyLines(raw), warnings };
}

/**
 * Lines at column 0 after a plain value that carry on its text: agent files in the wild put a
 * description's examples there (`<example>`, `user: "…"`, `assistant: "…"`). They are taken up to
 * the next key that front matter is known to have (model, color, tools, …), and only when one
 * of them cannot be a `key: value` line at all, so a file of ordinary keys is read as it is.
 */
function columnZeroContinuation(lines: readonly string[], from: number): string[] {
  let end = from;
  while (end < lines.length && !isKnownKeyLine(lines[end]!) && !/^\s*(-\s|#)/.test(lines[end]!)) end++;
  const taken = lines.slice(from, end);
  while (taken.length > 0 && taken[taken.length - 1]!.trim() === '') taken.pop();
  return taken.some((line) => line.trim() && !/^[A-Za-z_][\w.-]*\s*:(\s|$)/.test(line)) ? taken : [];
}

function isKnownKeyLine(line: string): boolean {
  const key = /^([A-Za-z_][\w.-]*)\s*:(\s|$)/.exec(line)?.[1];
  return key !== undefined && KNOWN_KEYS.has(key);
}

function needsQuoting(value: string): boolean {
  return /:\s/.test(value) || value.endsWith(':');
}

function yamlError(error: yaml.YAMLException, file: string): ConductorError {
  const line = error.mark ? fileLine(error.mark.line) : 1;
  return new ConductorError('INVALID_FILE', `front matter is not valid YAML: ${error.reason}`, {
    where: placeOf(file, line),
    hint: 'fix the YAML between the --- lines (quote values that contain ": ")',
    cause: error,
  });
}
