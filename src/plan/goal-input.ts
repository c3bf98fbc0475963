/**
 * Where `plan` gets its goal: the words after it, a file (`--file issue.md`), or standard input
 * (`plan -`, `--file -`), so an issue or a PRD goes in whole, headings and all. A lone word that
 * is a file name (`plan prd.md`) is refused rather than planned as "Integrate prd.md".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isatty } from 'node:tty';
import { STDIN_ARG } from '../cli/define.js';
import { ConductorError, isErrno } from '../errors.js';

/** A goal file larger than this is not a goal (a whole spec folder, a log). */
const MAX_GOAL_FILE_BYTES = 1024 * 1024;

export interface GoalInput {
  /** The words after `plan`. */
  words: readonly string[];
  /** `--file`. */
  file: string | undefined;
  cwd: string;
}

/** The goal's text, as given. */
export function goalFrom(input: GoalInput): string {
  const words = input.words.join(' ').replaceAll(STDIN_ARG, '-').trim();
  if (input.file !== undefined) {
    if (words)
      throw new ConductorError('USAGE', 'give the goal either as words or with --file, not both', {
        remedies: [{ run: `plan --file ${input.file === STDIN_ARG ? '-' : input.file}` }],
      });
    return input.file === '-' || input.file === STDIN_ARG ? fromStdin() : fromFile(input.file, input.cwd);
  }
  if (words === '-') return fromStdin();
  if (input.words.length === 1 && /^\S+$/.test(words) && looksLikeFile(words, input.cwd)) {
    throw new ConductorError('USAGE', `"${words}" is a file name, not a goal`, {
      remedies: [{ run: `plan --file ${words}`, why: 'reads the goal from the file' }],
    });
  }
  return words;
}

function looksLikeFile(word: string, cwd: string): boolean {
  if (/\.(?:md|markdown|txt|rst|adoc|org)$/i.test(word)) return true;
  return /[./\\]/.test(word) && existsSync(path.resolve(cwd, word));
}

function fromFile(given: string, cwd: string): string {
  const file = path.resolve(cwd, given);
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new ConductorError('USAGE', `${given} is a folder, not a goal file`);
    if (!stat.isFile())
      throw new ConductorError('USAGE', `${given} is not a regular file (a FIFO, socket or device)`, {
        hint: 'pipe it in instead: plan - < the file',
      });
    if (stat.size > MAX_GOAL_FILE_BYTES)
      throw new ConductorError(
        'TOO_LARGE',
        `${given} is ${(stat.size / 1024).toFixed(0)} KiB; a goal file is at most 1 MiB`,
        {
          hint: 'give plan the issue or the section of the document that says what to build',
        },
      );
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ConductorError('NOT_FOUND', `goal file not found: ${given}`);
    throw error;
  }
}

function fromStdin(): string {
  if (isatty(0))
    throw new ConductorError('USAGE', 'plan - reads the goal from standard input, which is a terminal here', {
      hint: 'pipe the goal in: plan - < issue.md, or gh issue view 12 --json body -q .body | plan -',
    });
  try {
    const text = readFileSync(0, 'utf8');
    if (Buffer.byteLength(text) > MAX_GOAL_FILE_BYTES)
      throw new ConductorError('TOO_LARGE', 'the goal on standard input is over 1 MiB', {
        hint: 'give plan the issue or the section of the document that says what to build',
      });
    return text.replace(/^\uFEFF/, '');
  } catch (error) {
    if (isErrno(error, 'EAGAIN') || isErrno(error, 'EOF')) return '';
    throw error;
  }
}
