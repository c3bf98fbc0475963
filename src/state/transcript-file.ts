/**
 * The checks a transcript file passes before a step records it. A transcript is the record of a
 * session, saved by the person from the agent CLI; what an agent could write for itself in the
 * same place is refused: the prompt file (this step's or another), an empty file, a folder, a
 * FIFO or device, anything outside the project.
 */
import { closeSync, existsSync, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConductorError, isConductorError, isErrno } from '../errors.js';
import { isPromptFile } from '../render/prompt.js';
import { readHead, resolveInside, toProjectPath } from '../util/fs.js';

/** Enough of the file to see a prompt header or whether there is any text at all. */
const HEAD_BYTES = 64 * 1024;

export interface TranscriptCheck {
  /** The project root. */
  root: string;
  /** The folder a relative path is taken from. */
  cwd: string;
  /** The path as the person gave it. */
  given: string;
  /** The step's prompt file, project-relative, when it has one. */
  promptPath?: string | undefined;
}

/** The transcript's project-relative path, or a ConductorError saying why it cannot be one. */
export function checkTranscriptFile(check: TranscriptCheck): string {
  const { root, given } = check;
  const absolute = resolveInside(root, check.cwd, given, 'transcript');
  const refuse = (problem: string, hint: string) =>
    new ConductorError('USAGE', `transcript ${given} ${problem}`, { hint });
  let fd: number;
  try {
    // A FIFO would block an open for reading until someone writes to it: look before opening.
    const kind = statSync(absolute);
    if (kind.isDirectory()) throw refuse('is a folder', 'name the transcript file inside it');
    if (!kind.isFile())
      throw refuse('is not a regular file (a FIFO, socket or device)', 'save the transcript to an ordinary file');
    fd = openSync(absolute, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) {
      throw new ConductorError('NOT_FOUND', `transcript not found: ${given}`, {
        hint: 'save the session transcript there first',
        remedies: [{ omit: 'transcript' }],
      });
    }
    throw error;
  }
  let head: string;
  try {
    if (fstatSync(fd).size === 0)
      throw refuse(
        'is empty',
        'save the session from the agent CLI into it (see the Transcript section of the prompt)',
      );
    head = readHead(fd, HEAD_BYTES);
  } finally {
    closeSync(fd);
  }
  if (head.trim() === '')
    throw refuse(
      'holds only white space',
      'save the session from the agent CLI into it (see the Transcript section of the prompt)',
    );
  const prompt = check.promptPath ? resolveInside(root, root, check.promptPath, 'prompt') : undefined;
  if (isPromptFile(head) || (prompt && sameFile(prompt, absolute))) {
    throw refuse(
      'is a prompt file written by the conductor, not the session transcript',
      "save the agent CLI's own transcript of the session and pass that",
    );
  }
  return toProjectPath(root, absolute);
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

/**
 * The transcript at a step's default path, when the person saved one there and it passes the
 * checks; `problem` says why a file that is there was not recorded.
 */
export function defaultTranscript(
  root: string,
  transcriptPath: string,
  promptPath: string | undefined,
): { path?: string; problem?: string } {
  if (!existsSync(path.join(root, transcriptPath))) return {};
  try {
    return { path: checkTranscriptFile({ root, cwd: root, given: transcriptPath, promptPath }) };
  } catch (error) {
    if (!isConductorError(error)) throw error;
    return { problem: error.message };
  }
}
