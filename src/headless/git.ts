/**
 * The git `run --headless` needs, and nothing more: what is checked out (and whether it may be
 * used), a worktree on a branch of its own per step, a commit of what an agent left, what a step
 * branch changed, and the merge into the execution's branch. Each is `git` run without a shell,
 * asynchronously, so the agents' streams keep flowing while git works.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../errors.js';
import type { Env } from '../types.js';
import { writeFileAtomic } from '../util/fs.js';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** git's identity for the commits of what an agent left, when the repository has none configured (CI). */
const IDENTITY = ['-c', 'user.name=swarm-conductor', '-c', 'user.email=swarm-conductor@users.noreply.github.com'];

export function git(args: readonly string[], cwd: string, env: Env): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : undefined) : 0;
        if (code === undefined) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT')
            reject(new ConductorError('EXTERNAL', 'git is not on PATH', { hint: 'install git' }));
          else reject(error);
          return;
        }
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function must(args: readonly string[], cwd: string, env: Env, what: string): Promise<string> {
  const result = await git(args, cwd, env);
  if (result.code !== 0) {
    throw new ConductorError('EXTERNAL', `${what} failed: ${firstLine(result.stderr || result.stdout)}`, {
      where: cwd,
    });
  }
  return result.stdout;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? 'no output'
  );
}

export interface Checkout {
  /** The work tree's top folder. */
  top: string;
  /** The folder git keeps what all worktrees share (`.git` of the main checkout). */
  commonDir: string;
  /** The branch checked out: the execution's branch, which step branches start from and merge into. */
  branch: string;
  /** The project root, relative to `top` ('' when it is the top). */
  subfolder: string;
}

/**
 * The checkout a run starts from, refused when it cannot be used: not a repository, no commit
 * yet, a detached HEAD, or changes not committed. `ignore` are folders whose changes do not
 * count (the conductor's own proof folder, the worktrees), absolute or from the top folder.
 */
export async function usableCheckout(root: string, ignore: readonly string[], env: Env): Promise<Checkout> {
  const inside = await git(['rev-parse', '--show-toplevel', '--git-common-dir'], root, env);
  if (inside.code !== 0) {
    throw new ConductorError('USAGE', `run --headless works in a git repository, and ${root} is not in one`, {
      hint: 'run git init and commit the project first: each step runs in a git worktree of its own',
    });
  }
  const [top, common] = inside.stdout.trim().split('\n') as [string, string];
  const branch = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], root, env);
  if (branch.code !== 0) {
    throw new ConductorError(
      'USAGE',
      'the checkout is on a detached HEAD: there is no branch to merge the steps into',
      {
        where: top,
        hint: 'check out the branch the work goes on (git switch <branch>, or git switch -c <branch>), then run again',
      },
    );
  }
  const name = branch.stdout.trim();
  if ((await git(['rev-parse', '--verify', '--quiet', 'HEAD'], root, env)).code !== 0) {
    throw new ConductorError('USAGE', `branch ${name} has no commit yet: a worktree needs one to start from`, {
      where: top,
      hint: 'commit the project first (git add -A && git commit -m "start")',
    });
  }
  const dirty = await uncommittedChanges(root, top, ignore, env);
  if (dirty.length > 0) {
    throw new ConductorError(
      'USAGE',
      `the working tree has changes that are not committed: ${filesText(dirty)}; nothing was started`,
      {
        where: top,
        hint: dirty.some((file) => /(^|\/)node_modules\//.test(file))
          ? 'node_modules is not ignored: add it to .gitignore (echo node_modules/ >> .gitignore), commit that and ' +
            'the rest, then run again'
          : 'commit them (git add -A && git commit) or put them aside (git stash -u), then run again: steps start ' +
            `from ${name} as committed, and merge into it`,
      },
    );
  }
  return {
    top,
    commonDir: path.resolve(root, common),
    branch: name,
    subfolder: path.relative(top, root),
  };
}

/**
 * The files changed and not committed in the checkout, from its top folder, but for those in
 * `ignore` (folders absolute or from the top: the conductor's own proof folder, the worktrees).
 */
export async function uncommittedChanges(
  root: string,
  top: string,
  ignore: readonly string[],
  env: Env,
): Promise<string[]> {
  const excluded = ignore
    .map((dir) => path.relative(top, path.resolve(top, dir)).split(path.sep).join('/'))
    .filter((dir) => dir && !dir.startsWith('..'))
    .map((dir) => `:(exclude,top)${dir}`);
  const status = await must(
    ['status', '--porcelain', '--untracked-files=all', '--', ':(top)', ...excluded],
    root,
    env,
    'git status',
  );
  return status
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

/** `a, b, c` of the first five files, `and 3 more` after them. */
export function filesText(files: readonly string[]): string {
  return `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}`;
}

/**
 * Keeps the worktrees out of the checkout's own `git status` without touching a committed file:
 * a line in `.git/info/exclude` (which is never committed) when they are inside the work tree.
 */
export function excludeFolder(checkout: Checkout, dir: string): void {
  const relative = path.relative(checkout.top, dir).split(path.sep).join('/');
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return;
  const file = path.join(checkout.commonDir, 'info', 'exclude');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const line = `/${relative}/`;
  if (existing.split('\n').some((entry) => entry.trim() === line)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const separator = existing && !existing.endsWith('\n') ? '\n' : '';
  writeFileAtomic(file, `${existing}${separator}# swarm-conductor run --headless: the steps' worktrees\n${line}\n`, {
    durable: false,
  });
}

/**
 * The step's worktree on its branch: made from `base` (the execution's branch as it is now, every
 * completed step merged in), or the one made before (a step that runs again goes on where it was).
 */
export async function stepWorktree(
  checkout: Checkout,
  dir: string,
  branch: string,
  base: string,
  env: Env,
): Promise<'made' | 'kept'> {
  const listed = await must(['worktree', 'list', '--porcelain'], checkout.top, env, 'git worktree list');
  const entries = listed.split('\n\n').map((block) => ({
    dir: /^worktree (.+)$/m.exec(block)?.[1],
    branch: /^branch refs\/heads\/(.+)$/m.exec(block)?.[1],
  }));
  const here = entries.find((entry) => entry.dir && path.resolve(entry.dir) === path.resolve(dir));
  if (here) {
    if (here.branch === branch) return 'kept';
    throw new ConductorError('USAGE', `${dir} is a worktree of another branch (${here.branch ?? 'detached'})`, {
      hint: `remove it (git worktree remove ${dir}) or move it, then run again`,
    });
  }
  const elsewhere = entries.find((entry) => entry.branch === branch);
  if (elsewhere) {
    throw new ConductorError('USAGE', `branch ${branch} is checked out in another worktree, ${elsewhere.dir}`, {
      hint: `remove that worktree (git worktree remove ${elsewhere.dir}), then run again`,
    });
  }
  // A stale registration of a worktree whose folder was deleted would refuse the path.
  await git(['worktree', 'prune'], checkout.top, env);
  const exists =
    (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], checkout.top, env)).code === 0;
  mkdirSync(path.dirname(dir), { recursive: true });
  const args = exists ? ['worktree', 'add', dir, branch] : ['worktree', 'add', '-b', branch, dir, base];
  await must(args, checkout.top, env, `git worktree add ${dir}`);
  return exists ? 'kept' : 'made';
}

/**
 * Removes a merged step's worktree (its branch stays, merged, for the record): what it held is on
 * the execution's branch now, and its transcript is in the proof folder. Files git ignores there
 * (node_modules, build output) go with it. False when git would not: the worktree is then left.
 */
export async function removeWorktree(checkout: Checkout, dir: string, env: Env): Promise<boolean> {
  return (await git(['worktree', 'remove', '--force', dir], checkout.top, env)).code === 0;
}

/** Commits what the agent left uncommitted in its worktree: the new commit's hash, or undefined for nothing left. */
export async function commitLeftovers(dir: string, message: string, env: Env): Promise<string | undefined> {
  const status = await must(['status', '--porcelain', '--untracked-files=all'], dir, env, 'git status');
  if (!status.trim()) return undefined;
  await must(['add', '-A'], dir, env, 'git add');
  const named = (await git(['config', 'user.email'], dir, env)).stdout.trim();
  await must([...(named ? [] : IDENTITY), 'commit', '--quiet', '--no-verify', '-m', message], dir, env, 'git commit');
  return (await must(['rev-parse', '--short', 'HEAD'], dir, env, 'git rev-parse')).trim();
}

export interface BranchWork {
  /** Files the branch changed since it left `into`, repository-relative. */
  files: string[];
  /** Its commits since then, oldest first: `abc1234 subject`. */
  commits: string[];
}

/** What a step's branch did that `into` does not have. */
export async function branchWork(top: string, into: string, branch: string, env: Env): Promise<BranchWork> {
  const base = (await must(['merge-base', into, branch], top, env, 'git merge-base')).trim();
  const files = await must(['diff', '--name-only', '--no-renames', base, branch], top, env, 'git diff');
  const commits = await must(['log', '--reverse', '--format=%h %s', `${base}..${branch}`], top, env, 'git log');
  return { files: files.split('\n').filter(Boolean), commits: commits.split('\n').filter(Boolean) };
}

export type MergeOutcome = { merged: true; commit: string } | { merged: false; conflicts: string[]; message: string };

/**
 * Merges a step's branch into the checked-out execution branch (always a merge commit, so each
 * step's work stays one thing in the history). A conflict is aborted at once: the checkout is
 * left as it was, and the files are named.
 */
export async function mergeStep(checkout: Checkout, branch: string, message: string, env: Env): Promise<MergeOutcome> {
  const current = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], checkout.top, env);
  if (current.code !== 0 || current.stdout.trim() !== checkout.branch) {
    return {
      merged: false,
      conflicts: [],
      message:
        `the checkout is no longer on ${checkout.branch} (it is on ${current.stdout.trim() || 'a detached HEAD'}); ` +
        `switch back to it and merge ${branch} yourself`,
    };
  }
  return mergeIn(checkout.top, branch, ['--no-ff', '--no-edit', '-m', message], env);
}

/**
 * Brings the execution branch's new work into a kept step worktree before its agent runs again:
 * a step that failed on a merge conflict would otherwise fail the same way on every retry.
 */
export async function updateWorktree(dir: string, base: string, message: string, env: Env): Promise<MergeOutcome> {
  return mergeIn(dir, base, ['--no-edit', '-m', message], env);
}

/** `git merge` in `dir`; a conflict is aborted at once, the files named. */
async function mergeIn(dir: string, from: string, flags: readonly string[], env: Env): Promise<MergeOutcome> {
  const named = (await git(['config', 'user.email'], dir, env)).stdout.trim();
  const result = await git([...(named ? [] : IDENTITY), 'merge', ...flags, from], dir, env);
  if (result.code === 0) {
    return { merged: true, commit: (await must(['rev-parse', '--short', 'HEAD'], dir, env, 'git')).trim() };
  }
  const unmerged = await git(['diff', '--name-only', '--diff-filter=U'], dir, env);
  const conflicts = unmerged.stdout.split('\n').filter(Boolean);
  // Only a merge that started is aborted; one git refused to begin left nothing to undo.
  if ((await git(['rev-parse', '--verify', '--quiet', 'MERGE_HEAD'], dir, env)).code === 0)
    await git(['merge', '--abort'], dir, env);
  return { merged: false, conflicts, message: firstLine(result.stdout + result.stderr) };
}
