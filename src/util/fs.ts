import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ConductorError, fromSystemError, isErrno } from '../errors.js';

// pid + a counter names a temporary file uniquely among live processes; 'wx' refuses a leftover.
let tempCounter = 0;
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
}

/**
 * Writes all of `data` to an open file. writeSync may write less than it was given (a file-size
 * limit, a full disk): the rest is written again, and the error that stops it is thrown.
 */
function writeAll(fd: number, data: string): void {
  const bytes = Buffer.from(data, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error('the disk took no more bytes'), { code: 'ENOSPC' });
    offset += written;
  }
}

/** A write that failed, as the error to show: which file, why, and that the old one is untouched. */
function writeFailed(file: string, error: unknown): unknown {
  const known = fromSystemError(error);
  if (!known) return error;
  const relative = path.relative(process.cwd(), file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return new ConductorError('IO', `could not write ${shown}: ${known.message}; nothing was changed`, {
    hint: 'free some space (or raise the file-size limit), then run the command again',
    cause: error,
  });
}

/**
 * Creates `file` (which must not exist) with all of `data`; on any failure it is removed again
 * and the error names `target`, the file the write was for.
 */
function writeWhole(file: string, data: string, durable: boolean, target = file): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    throw writeFailed(target, error);
  }
  try {
    writeAll(fd, data);
    if (durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(file);
    throw writeFailed(target, error);
  }
  closeSync(fd);
}

function writeTemp(file: string, data: string, durable: boolean): string {
  const temp = tempName(file);
  writeWhole(temp, data, durable, file);
  return temp;
}

/** A new file with all of `data`, or an IO error and no file: for files nothing names until they are whole. */
export function writeNewFile(file: string, data: string): void {
  writeWhole(file, data, false);
}

function syncFolder(dir: string): void {
  // Makes the rename itself durable. Not every platform lets a folder be opened: skip there.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!isErrno(error, 'EISDIR') && !isErrno(error, 'EPERM') && !isErrno(error, 'EINVAL')) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces a file all at once: the data goes to a temporary file in the same folder, is
 * flushed, then renamed over the old one. A reader sees the old file or the new one, never
 * half of either. `durable` also flushes the folder (for state; prompts can be re-rendered).
 */
export function writeFileAtomic(file: string, data: string, options: { durable?: boolean } = {}): void {
  const durable = options.durable ?? true;
  const temp = writeTemp(file, data, durable);
  try {
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw writeFailed(file, error);
  }
  if (durable) syncFolder(path.dirname(file));
}

/** Like writeFileAtomic, but fails with EEXIST instead of replacing an existing file. */
export function createFileAtomic(file: string, data: string): void {
  const temp = writeTemp(file, data, true);
  try {
    linkSync(temp, file);
  } finally {
    unlinkSync(temp);
  }
  syncFolder(path.dirname(file));
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/**
 * A path as data records it (the state, a plan): relative to the project, forward slashes, not
 * absolute, no drive or URL scheme, no NUL, never above the root through `..`. Where it leads on
 * disk, links followed, is checked by projectFile when it is used.
 */
export function isRecordedPath(text: string): boolean {
  if (text === '' || text.length > 4096 || text.includes('\0') || text.includes('\\')) return false;
  if (text.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return false;
  let depth = 0;
  for (const part of text.split('/')) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0 || Buffer.byteLength(part) > 255) return false;
  }
  return depth > 0;
}

/**
 * The one way a path read from data becomes a place on disk: the absolute path of a recorded
 * path, refused with PATH_OUTSIDE when it, or what its links lead to, is outside the project.
 * `what` names it in the message ("the prompt of step 2").
 */
export function projectFile(root: string, recorded: string, what: string): string {
  const absolute = path.resolve(root, recorded);
  if (!isRecordedPath(recorded) || !isInside(root, absolute)) {
    throw new ConductorError('PATH_OUTSIDE', `${what} (${JSON.stringify(recorded)}) leads outside the project`, {
      hint: 'a file another clone committed may name any path: the conductor reads and writes only inside the project',
    });
  }
  return absolute;
}

/**
 * Makes `dir` when missing and checks it is a real folder inside the project, not a link: a
 * link committed in its place would have what is written into it land where it points.
 */
export function ensureRealFolder(dir: string, root: string): void {
  mkdirSync(dir, { recursive: true });
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink() || !stat.isDirectory() || !isInside(root, dir)) {
    throw new ConductorError(
      'PATH_OUTSIDE',
      `${toProjectPath(root, dir)} is ${stat.isSymbolicLink() ? 'a link' : 'not a folder'}; the conductor ` +
        'writes only into a real folder inside the project',
      { hint: `remove it (git rm ${toProjectPath(root, dir)}) and run the command again` },
    );
  }
}

/** `path` inside `root`, following symlinks of the part that exists. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(realExisting(root), realExisting(target));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * `isInside` for many paths under one root, as a report checks every file it links: the root's
 * and each folder's real path are looked up once; a file that is itself a link is followed.
 */
export function insideChecker(root: string): (target: string) => boolean {
  const realRoot = realExisting(root);
  const folders = new Map<string, string>();
  return (target) => {
    const absolute = path.resolve(root, target);
    const folder = path.dirname(absolute);
    let realFolder = folders.get(folder);
    if (realFolder === undefined) {
      realFolder = realExisting(folder);
      folders.set(folder, realFolder);
    }
    let real = path.join(realFolder, path.basename(absolute));
    try {
      if (lstatSync(real).isSymbolicLink()) real = realExisting(real);
    } catch (error) {
      if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTDIR')) throw error;
    }
    const relative = path.relative(realRoot, real);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
}

/** realpath of the longest existing ancestor, with the rest appended (the native call: 10× faster than the JS one). */
function realExisting(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...missing.reverse());
    } catch (error) {
      if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTDIR')) throw error;
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Resolves a user-given path (relative to `cwd`) and refuses it when it leaves the project,
 * symlinks included. Returns the absolute path.
 */
export function resolveInside(root: string, cwd: string, given: string, what: string): string {
  const absolute = path.resolve(cwd, given);
  if (!isInside(root, absolute)) {
    throw new ConductorError('PATH_OUTSIDE', `${what} ${given} is outside the project (${root})`, {
      hint: `use a path inside the project, e.g. proof/…`,
    });
  }
  return absolute;
}

/** Project-relative path with forward slashes: what state files and prompts record. */
export function toProjectPath(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** A file's text, or undefined when it does not exist. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * The first `bytes` of an open file as text: a prompt's header, a transcript's opening, a file a
 * report shows. A character cut at the end decodes as U+FFFD, which none of them minds.
 */
export function readHead(fd: number, bytes: number): string {
  const buffer = Buffer.alloc(bytes);
  return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
}
