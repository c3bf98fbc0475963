/**
 * How the person types this command, for the next-step commands the conductor prints: plain
 * `swarm-conductor` when that name on PATH is this package, `npx swarm-conductor` when it runs
 * through npx or from a project's node_modules, `node <path>` from a checkout. `main` works it
 * out once from the launcher's path; the library alone says `swarm-conductor`.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../errors.js';
import type { Env } from '../types.js';

function real(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR') || isErrno(error, 'EACCES')) return undefined;
    throw error;
  }
}

export function commandNameFor(launcher: string, env: Env, cwd: string): string {
  if (env.SWARM_CONDUCTOR_COMMAND) return env.SWARM_CONDUCTOR_COMMAND;
  if (env.npm_command === 'exec') return 'npx swarm-conductor';
  const self = real(launcher) ?? launcher;
  const names = process.platform === 'win32' ? ['swarm-conductor.cmd', 'swarm-conductor'] : ['swarm-conductor'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      // node_modules/.bin is on PATH only inside npm scripts; typed in a shell, the name needs npx.
      if (existsSync(candidate) && real(candidate) === self)
        return dir.endsWith(path.join('node_modules', '.bin')) ? 'npx swarm-conductor' : 'swarm-conductor';
    }
  }
  if (self.split(path.sep).includes('node_modules')) return 'npx swarm-conductor';
  const relative = path.relative(cwd, self);
  return `node ${relative.startsWith('..') && relative.split(path.sep).length > 3 ? self : relative}`;
}
