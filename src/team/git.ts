/**
 * `git setup` (and `init --git`): registers the merge driver for execution state, so two clones
 * that recorded different steps of one execution merge cleanly. `.gitattributes` (committed,
 * shared) names the state files and the prompt files (derived, merged as team/merge-prompt.ts
 * says); the driver's command goes into this clone's own git config (never committed: git runs
 * what it names, so each person registers their own).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { repositoryOfRemote } from './gh.js';
import type { Env } from '../types.js';

export const DRIVER = 'swarm-conductor';

export interface GitSetupInput {
  /** The project root (inside the repository). */
  root: string;
  proofDir: string;
  /** How git runs this program (`'/usr/bin/node' '/…/bin/swarm-conductor.cjs'`). */
  program: string;
  dryRun: boolean;
  env: Env;
}

export interface GitSetupResult {
  repository: string;
  /** The lines for .gitattributes, and those of them it lacked (added, or with dryRun to add). */
  attributes: { file: string; lines: string[]; missing: string[] };
  /** The git config commands run (or, with dryRun, to run). */
  commands: string[][];
  /** Set when the driver names a program that may vanish (npx's cache): what to do instead. */
  warning?: string;
}

function git(args: readonly string[], cwd: string, env: Env) {
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new ConductorError('EXTERNAL', 'git is not on PATH', { hint: 'install git' });
  }
  return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** `owner/repo` of the repository's `origin` remote, or undefined (no git, no origin, not a GitHub-style address). */
export function originRepository(root: string, env: Env): string | undefined {
  let result: ReturnType<typeof git>;
  try {
    result = git(['remote', 'get-url', 'origin'], root, env);
  } catch (error) {
    if (error instanceof ConductorError) return undefined;
    throw error;
  }
  return result.code === 0 ? repositoryOfRemote(result.stdout) : undefined;
}

/** Whether a file is committed as it is now (tracked, and no change to it since HEAD). */
export function isCommitted(file: string, env: Env): boolean {
  const dir = path.dirname(file);
  return (
    git(['ls-files', '--error-unmatch', '--', file], dir, env).code === 0 &&
    git(['diff', '--quiet', 'HEAD', '--', file], dir, env).code === 0
  );
}

/** The top folder of the git work tree `root` is in; USAGE when it is in none. */
export function repositoryOf(root: string, env: Env): string {
  const top = git(['rev-parse', '--show-toplevel'], root, env);
  if (top.code !== 0) {
    throw new ConductorError('USAGE', `${root} is not in a git repository`, { hint: 'run git init first' });
  }
  return top.stdout.trim();
}

export function gitSetup(input: GitSetupInput): GitSetupResult {
  const repository = repositoryOf(input.root, input.env);
  const proof = path.relative(repository, input.proofDir).split(path.sep).join('/') || '.';
  const lines = [`${proof}/execution-*.json merge=${DRIVER}`, `${proof}/execution-*/*.prompt.md merge=${DRIVER}`];
  const file = path.join(repository, '.gitattributes');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const had = new Set(existing.split('\n').map((entry) => entry.trim()));
  const missing = lines.filter((line) => !had.has(line));
  const commands = [
    ['config', `merge.${DRIVER}.name`, 'swarm-conductor execution state (merged step by step)'],
    ['config', `merge.${DRIVER}.driver`, `${input.program} merge-state %O %A %B %P`],
  ];
  if (!input.dryRun) {
    for (const command of commands) {
      const result = git(command, repository, input.env);
      if (result.code !== 0) {
        throw new ConductorError('EXTERNAL', `git ${command.slice(0, 2).join(' ')} failed: ${result.stderr.trim()}`);
      }
    }
    // Last, so a clone whose git config cannot be written is left as it was.
    if (missing.length > 0)
      writeFileAtomic(file, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
  }
  const warning = /[\\/]_npx[\\/]/.test(input.program)
    ? "the driver names a copy in npx's cache, which npm may clean away (git then leaves the state file " +
      'unmerged): install swarm-conductor in the project (npm i -D swarm-conductor) and run git setup again'
    : undefined;
  return { repository, attributes: { file, lines, missing }, commands, ...(warning && { warning }) };
}
