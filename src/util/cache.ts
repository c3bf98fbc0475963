/**
 * The conductor's caches live in one per-user folder and nowhere else: the platform's cache
 * folder (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
 * `%LOCALAPPDATA%` on Windows) plus `swarm-conductor`, or `$SWARM_CONDUCTOR_CACHE_DIR`.
 *
 * Why this much care: a cache entry is either code that runs (V8's code cache, jiti's
 * transpiled config) or a value that is believed (a config's value). A folder another user can
 * write — a shared temp folder, a project's node_modules on a CI runner — would let that user
 * plant an entry the next command runs. So the folder is used only when it is a real folder
 * (not a link), owned by this user, not writable by group or others, and its parent does not
 * let others swap it out; it is created 0700. Anything else means no cache at all.
 *
 * Each entry also carries an HMAC-SHA256 of its name and content under a key kept in the folder
 * (`key`, 0600): an entry that does not verify is ignored, so a file that got in some other way
 * is never believed. This module uses only Node's built-ins: the launcher (src/launch.ts) runs
 * it before the CLI bundle is loaded, to check the V8 code cache.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Env } from '../types.js';

/** Errors that only mean "no cache here": missing, read-only, full, not ours. */
const UNAVAILABLE = new Set([
  'ENOENT',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EFBIG',
  'EDQUOT',
  'EIO',
  'ENOTDIR',
  'EEXIST',
  'ELOOP',
  'EISDIR',
  'ENAMETOOLONG',
]);

function unavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE.has((error as NodeJS.ErrnoException).code ?? '');
}

/** The platform's per-user cache folder (not yet checked). */
function platformCacheHome(env: Env): string {
  if (process.platform === 'win32') return env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  const xdg = env.XDG_CACHE_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
}

/** Where the cache would be, before any check. */
export function cacheLocation(env: Env = process.env): string {
  return env.SWARM_CONDUCTOR_CACHE_DIR
    ? path.resolve(env.SWARM_CONDUCTOR_CACHE_DIR)
    : path.join(platformCacheHome(env), 'swarm-conductor');
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** Why a folder cannot hold the cache, or undefined when it can. */
export function unsafeFolderReason(dir: string, stat: Stats, parent: Stats | undefined): string | undefined {
  if (stat.isSymbolicLink()) return 'it is a symbolic link';
  if (!stat.isDirectory()) return 'it is not a folder';
  if (uid === undefined) return undefined; // Windows: %LOCALAPPDATA% is the user's own
  if (stat.uid !== uid) return `it belongs to user ${stat.uid}, not to you (${uid})`;
  if ((stat.mode & 0o022) !== 0) return `others can write to it (mode ${(stat.mode & 0o777).toString(8)})`;
  // Others who can write to the parent could rename the folder and put their own in its place,
  // unless the parent is sticky (like /tmp) or belongs to us.
  if (parent && (parent.mode & 0o002) !== 0 && (parent.mode & 0o1000) === 0)
    return `others can replace it (${path.dirname(dir)} is writable by everyone)`;
  return undefined;
}

export interface CacheFolder {
  dir: string;
  key: Buffer;
}

const checked = new Map<string, CacheFolder | null>();

/**
 * The per-user cache folder with its key, or undefined when there is no safe one (then
 * nothing is cached). Checked once per process.
 */
export function cacheFolder(env: Env = process.env): CacheFolder | undefined {
  const dir = cacheLocation(env);
  let folder = checked.get(dir);
  if (folder === undefined) {
    folder = openFolder(dir) ?? null;
    checked.set(dir, folder);
  }
  return folder ?? undefined;
}

function openFolder(dir: string): CacheFolder | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let parent: Stats | undefined;
    try {
      parent = lstatSync(path.dirname(dir));
    } catch (error) {
      if (!unavailable(error)) throw error;
    }
    if (unsafeFolderReason(dir, lstatSync(dir), parent)) return undefined;
    const key = readKey(path.join(dir, 'key'));
    return key ? { dir, key } : undefined;
  } catch (error) {
    if (unavailable(error)) return undefined;
    throw error;
  }
}

/** The folder's HMAC key: made once (0600), and only believed while it is a private file of ours. */
function readKey(file: string): Buffer | undefined {
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (!unavailable(error)) throw error;
  }
  const stat = lstatSync(file);
  if (!stat.isFile() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0))) return undefined;
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  return key.length === 32 ? key : undefined;
}

const MAC_LENGTH = 64; // hex of a SHA-256 HMAC, then a newline

function mac(folder: CacheFolder, name: string, content: Buffer): Buffer {
  return Buffer.from(createHmac('sha256', folder.key).update(name).update('\0').update(content).digest('hex'));
}

/** An entry's content, when the entry exists and verifies; undefined otherwise. */
export function readEntry(folder: CacheFolder, name: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(path.join(folder.dir, name));
  } catch (error) {
    if (unavailable(error)) return undefined;
    throw error;
  }
  if (data.length <= MAC_LENGTH || data[MAC_LENGTH] !== 0x0a) return undefined;
  const content = data.subarray(MAC_LENGTH + 1);
  const expected = mac(folder, name, content);
  return timingSafeEqual(expected, data.subarray(0, MAC_LENGTH)) ? content : undefined;
}

let counter = 0;

/** Writes an entry with its HMAC, all at once (temporary file and rename). Failures mean no cache. */
export function writeEntry(folder: CacheFolder, name: string, content: Buffer | string): void {
  const body = typeof content === 'string' ? Buffer.from(content) : content;
  const file = path.join(folder.dir, name);
  const temp = `${file}.${process.pid}.${++counter}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temp, Buffer.concat([mac(folder, name, body), Buffer.from('\n'), body]), { flag: 'wx', mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    if (!unavailable(error)) throw error;
    try {
      unlinkSync(temp);
    } catch (cleanup) {
      if (!unavailable(cleanup)) throw cleanup;
    }
  }
}

/** A folder inside the cache for a tool that keeps its own files (jiti), or undefined without a safe cache. */
export function cacheSubfolder(name: string, env: Env = process.env): string | undefined {
  const folder = cacheFolder(env);
  if (!folder) return undefined;
  const dir = path.join(folder.dir, name);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return dir;
  } catch (error) {
    if (unavailable(error)) return undefined;
    throw error;
  }
}

/**
 * An entry name for text-keyed work: `<kind>-<hash of the parts>.<extension>`. The parts must
 * include everything the value depends on (the package version included).
 */
export function entryName(kind: string, parts: readonly string[], extension: string): string {
  const digest = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
  return `${kind}-${digest}.${extension}`;
}
