/**
 * What the CLI writes: results, notes and errors, made safe for a terminal, and coloured when
 * that is wanted. Colour is used only on a terminal, unless `--color` asks for it; `--no-color`
 * or a non-empty `NO_COLOR` (https://no-color.org) turn it off. Errors get their hints here:
 * the library says what would help (a command, a flag), this says it the way the person types it.
 */
import { type ConductorError, fromSystemError, isConductorError, type Remedy } from '../errors.js';
import { terminalSafeJson, visibleControls } from '../util/text.js';
import type { CommandOutput, Progress } from './define.js';
import type { Env } from '../types.js';

/** Where output goes; the process's streams, or buffers in tests that run the CLI in process. */
export interface Streams {
  /** The terminal `run` reads answers from; without one (piped, in tests) `run` refuses. */
  stdin?: { isTTY?: boolean };
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Env;
}

export interface OutputOptions {
  json: boolean;
  verbose: boolean;
  /** `--color` / `--no-color` when given. */
  color: boolean | undefined;
  /** How the person types the program. */
  command: string;
}

const ANSI = {
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  dim: '\u001b[2m',
  reset: '\u001b[39m\u001b[22m',
};
const ICON_COLOURS: Record<string, string> = {
  '✓': ANSI.green,
  '✗': ANSI.red,
  '▶': ANSI.cyan,
  '○': ANSI.dim,
  '↷': ANSI.yellow,
  '↺': ANSI.yellow,
  '⚠': ANSI.yellow,
};

export function colourWanted(stream: Streams['stdout'], flag: boolean | undefined, env: Env): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

/** Status icons at the start of a line, and `error:`/`warning:`/`note:` prefixes. */
function colour(text: string): string {
  return text
    .replace(
      /^(\s*)([✓✗▶○↷↺⚠])/gmu,
      (_match, indent: string, icon: string) => `${indent}${ICON_COLOURS[icon]}${icon}${ANSI.reset}`,
    )
    .replace(
      /^(error|hint|warning|note):/gm,
      (_match, word: string) =>
        `${word === 'error' ? ANSI.red : word === 'hint' ? ANSI.dim : ANSI.yellow}${word}:${ANSI.reset}`,
    );
}

function write(streams: Streams, to: 'stdout' | 'stderr', text: string, options: OutputOptions): void {
  const stream = streams[to];
  // On a terminal, control characters from files are made visible; piped output stays byte for byte.
  const safe = stream.isTTY ? visibleControls(text) : text;
  stream.write(`${colourWanted(stream, options.color, streams.env) ? colour(safe) : safe}\n`);
}

export function printResult(result: CommandOutput, streams: Streams, options: OutputOptions): void {
  for (const note of result.notes ?? [])
    write(streams, 'stderr', /^(warning|error): /.test(note) ? note : `note: ${note}`, options);
  const out = options.json && result.json !== undefined ? terminalSafeJson(result.json) : result.stdout;
  if (out) write(streams, 'stdout', out, { ...options, color: options.json ? false : options.color });
}

/** A remedy in the words of the command line. */
export function wordRemedy(remedy: Remedy, command: string): string {
  const why = remedy.why ? ` ${remedy.why}` : '';
  if ('run' in remedy) return `${command} ${remedy.run}${why}`;
  if ('flag' in remedy) return `pass --${remedy.flag}${why}`;
  return `leave out --${remedy.omit}${why}`;
}

/** The lines printed for an error: what and where, then what to do. */
export function formatError(error: ConductorError, command: string): string {
  const head = error.where ? `${error.where}: ${error.message}` : error.message;
  const advice = [error.hint, ...error.remedies.map((remedy) => wordRemedy(remedy, command))]
    .filter(Boolean)
    .join('; ');
  return advice ? `error: ${head}\n  hint: ${advice}` : `error: ${head}`;
}

/**
 * Prints an error and returns the exit code: ConductorErrors in their one or two lines, anything else with a hint to
 * use --verbose.
 */
export function reportError(thrown: unknown, streams: Streams, options: OutputOptions): number {
  const error = fromSystemError(thrown) ?? thrown;
  if (isConductorError(error)) {
    write(streams, 'stderr', formatError(error, options.command), options);
    if (options.verbose && error.stack) streams.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(streams, 'stderr', `error: ${message}`, options);
  if (options.verbose && error instanceof Error && error.stack) streams.stderr.write(`${error.stack}\n`);
  else write(streams, 'stderr', '  hint: run again with --verbose for the details', options);
  return 1;
}

/** How long work runs before a progress line appears ("about a second"). */
const PROGRESS_AFTER_MS = 1000;

/**
 * `label 340/1000` on stderr, rewritten in place, once the work has taken PROGRESS_AFTER_MS; only
 * on a terminal and without --json, so piped and captured output never holds it.
 */
export function progressLine(streams: Streams, output: OutputOptions, label: string, clock = Date.now): Progress {
  const shown = Boolean(streams.stderr.isTTY) && !output.json;
  const started = clock();
  let drawn = false;
  let last = 0;
  return {
    tick(done, total) {
      if (!shown) return;
      const now = clock();
      if (now - started < PROGRESS_AFTER_MS || (drawn && now - last < 100 && done < total)) return;
      streams.stderr.write(`\r${label} ${done}/${total}`);
      drawn = true;
      last = now;
    },
    end() {
      if (drawn) streams.stderr.write('\r\u001b[2K');
    },
  };
}
