/**
 * What the CLI writes: results, notes and errors, made safe for a terminal, and coloured when
 * that is wanted. Colour is used only on a terminal, unless `--color` asks for it; `--no-color`
 * or a non-empty `NO_COLOR` (https://no-color.org) turn it off.
 */
import type { CommandResult } from '../commands/shared.js';
import { formatError, fromSystemError, isConductorError } from '../errors.js';
import { visibleControls } from '../util/text.js';

export interface OutputOptions {
  json: boolean;
  verbose: boolean;
  /** `--color` / `--no-color` when given. */
  color: boolean | undefined;
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

export function colourWanted(
  stream: NodeJS.WriteStream,
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
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

function write(stream: NodeJS.WriteStream, text: string, options: OutputOptions): void {
  // On a terminal, control characters from files are made visible; piped output stays byte for byte.
  const safe = stream.isTTY ? visibleControls(text) : text;
  stream.write(`${colourWanted(stream, options.color) ? colour(safe) : safe}\n`);
}

export function printResult(result: CommandResult, options: OutputOptions): void {
  for (const note of result.notes ?? [])
    write(process.stderr, /^(warning|error): /.test(note) ? note : `note: ${note}`, options);
  const out = options.json && result.json !== undefined ? JSON.stringify(result.json, null, 2) : result.stdout;
  if (out) write(process.stdout, out, { ...options, color: options.json ? false : options.color });
}

/** Prints an error and returns the exit code: ConductorErrors in their one or two lines, anything else with a hint to use --verbose. */
export function reportError(thrown: unknown, options: OutputOptions): number {
  const error = fromSystemError(thrown) ?? thrown;
  if (isConductorError(error)) {
    write(process.stderr, formatError(error), options);
    if (options.verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(process.stderr, `error: ${message}`, options);
  if (options.verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else write(process.stderr, '  hint: run again with --verbose for the details', options);
  return 1;
}
