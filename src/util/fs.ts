import {
  readFileSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ConductorError, isErrno } from '../errors.js';

// pid + a counter names a temporary file uniquely among live processes; 'wx' refuses a leftover.
let tempCounter = 0;
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
}

function writeTemp(file: string, data: string, durable: boolean): string {
  const temp = tempName(file);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, data);
    if (durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
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
    throw error;
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

/** `path` inside `root`, following symlinks of the part that exists. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(realExisting(root), realExisting(target));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** realpath of the longest existing ancestor, with the rest appended. */
function realExisting(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
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
