/**
 * A lock file beside the thing it guards (`<file>.lock`), created with O_EXCL so exactly one
 * process holds it. It records pid, host and time; a lock whose process is gone (same host)
 * or that is older than `staleMs` is taken over, so a killed command never blocks the next.
 *
 * Written here rather than taken from a library: it is ~100 lines, has no dependencies to
 * load at start-up, and the take-over is done by rename so two waiting processes cannot both
 * break the same stale lock.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ConductorError, isErrno } from '../errors.js';

export interface LockOptions {
  /** How long to wait for the lock before giving up. */
  timeoutMs?: number;
  /** Age after which a lock is considered abandoned whoever holds it. */
  staleMs?: number;
  /** How the guarded thing is named in the error. */
  label?: string;
}

interface LockRecord {
  pid: number;
  host: string;
  at: string;
  token: string;
}

const DEFAULT_TIMEOUT_MS = Number(process.env.SWARM_CONDUCTOR_LOCK_TIMEOUT_MS) || 15_000;
const DEFAULT_STALE_MS = 60_000;
/** A lock file younger than this may still be being written: do not judge it by its content. */
const FRESH_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding the lock file (state/paths.ts names it: `<file>.lock`). */
export async function withLock<T>(lockFile: string, work: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const token = await acquire(lockFile, options);
  try {
    return await work();
  } finally {
    release(lockFile, token);
  }
}

async function acquire(lockFile: string, options: LockOptions): Promise<string> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const started = Date.now();
  const record: LockRecord = { pid: process.pid, host: hostname(), at: '', token: randomBytes(8).toString('hex') };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      try {
        writeSync(fd, JSON.stringify({ ...record, at: new Date().toISOString() }));
      } finally {
        closeSync(fd);
      }
      return record.token;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const holder = readLock(lockFile);
    if (holder && isStale(holder, staleMs)) {
      breakLock(lockFile, holder.content);
      continue;
    }
    if (Date.now() - started > timeout) {
      const who = holder?.record
        ? `process ${holder.record.pid} on ${holder.record.host} since ${holder.record.at}`
        : 'another process';
      throw new ConductorError('LOCKED', `${options.label ?? lockFile} is locked by ${who}`, {
        hint: `wait for that command to finish; if none is running, delete ${lockFile}`,
      });
    }
    await sleep(Math.min(5 + attempt * 2, 40) + Math.random() * 10);
  }
}

function release(lockFile: string, token: string): void {
  const holder = readLock(lockFile);
  // Only remove our own lock: if it was taken over as stale, it is someone else's now.
  if (holder?.record?.token === token) unlinkQuietly(lockFile);
}

interface Holder {
  content: string;
  record: LockRecord | undefined;
  ageMs: number;
}

function readLock(lockFile: string): Holder | undefined {
  try {
    const ageMs = Date.now() - statSync(lockFile).mtimeMs;
    const content = readFileSync(lockFile, 'utf8');
    let record: LockRecord | undefined;
    try {
      record = JSON.parse(content) as LockRecord;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      record = undefined; // still being written, or torn by a kill: judged by age alone
    }
    return { content, record, ageMs };
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isStale(holder: Holder, staleMs: number): boolean {
  if (holder.ageMs > staleMs) return true;
  if (!holder.record) return holder.ageMs > FRESH_MS;
  return holder.record.host === hostname() && !isAlive(holder.record.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

/**
 * Takes a stale lock away by renaming it (atomic: of several processes only one succeeds).
 * If what was renamed is not the stale lock that was judged (a new holder got in between),
 * it is put back.
 */
function breakLock(lockFile: string, staleContent: string): void {
  const aside = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  let content: string;
  try {
    content = readFileSync(aside, 'utf8');
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
    return;
  }
  if (content !== staleContent) {
    try {
      linkSync(aside, lockFile);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
  }
  unlinkQuietly(aside);
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}
