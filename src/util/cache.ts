/**
 * A small on-disk cache for work that only depends on a text: a static config's value, a
 * template's compiled code. Entries are named by a hash of everything they depend on and hold
 * that text's result; a stale entry is simply never asked for again. It lives in
 * $SWARM_CONDUCTOR_CACHE_DIR when that is set, else in the project's
 * node_modules/.cache/swarm-conductor when there is a node_modules, else in the temp folder.
 * A cache that cannot be read or written is the same as an empty one.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isErrno } from '../errors.js';
import { ensureDir, writeFileAtomic } from './fs.js';
import { PACKAGE_VERSION } from './package.js';

const UNAVAILABLE = ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR'];

/** The cache folder for a project (near: the folder of its config or templates). */
export function cacheDir(near: string): string {
  if (process.env.SWARM_CONDUCTOR_CACHE_DIR) return process.env.SWARM_CONDUCTOR_CACHE_DIR;
  const local = path.join(near, 'node_modules');
  return existsSync(local) ? path.join(local, '.cache', 'swarm-conductor') : path.join(os.tmpdir(), 'swarm-conductor-cache');
}

/**
 * Two 32-bit FNV-1a hashes with different seeds: enough to name cache entries (which hold no
 * secrets and are written by the same user), and it spares short commands loading node:crypto.
 */
function fnv(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

/** The file for an entry: `<kind>-<hash of the parts and this package's version>.<extension>`. */
export function cacheEntry(near: string, kind: string, parts: readonly string[], extension: string): string {
  const material = [PACKAGE_VERSION, ...parts].join('\0');
  return path.join(cacheDir(near), `${kind}-${fnv(material)}${fnv(`${material}\0${material.length}`)}.${extension}`);
}

export function readCache(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || UNAVAILABLE.some((code) => isErrno(error, code))) return undefined;
    throw error;
  }
}

export function writeCache(file: string, content: string): void {
  try {
    ensureDir(path.dirname(file));
    writeFileAtomic(file, content, { durable: false });
  } catch (error) {
    if (!UNAVAILABLE.some((code) => isErrno(error, code))) throw error;
  }
}
