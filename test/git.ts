/** Git for the team tests: a bare remote and clones of it, each a project of its own. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as assert from 'uvu/assert';
import type { ExecutionContext } from '../src/types.js';
import { cli, makeTempDir, readJson } from './helpers.js';

export const PLAN = {
  goal: 'Two in parallel, then one',
  steps: [
    { stepNumber: 1, agentName: 'BackendMaster', task: 'Build the API' },
    { stepNumber: 2, agentName: 'FrontendExpert', task: 'Build the UI' },
    { stepNumber: 3, agentName: 'IntegratorFinalizer', task: 'Join them', dependencies: [1, 2] },
  ],
};

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): { code: number; out: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, HOME: cwd } });
  return { code: result.status ?? 1, out: `${result.stdout}${result.stderr}` };
}

/** A bare remote and two clones of it, the first with an execution of PLAN committed and pushed. */
export async function twoClones(options: { driver: boolean; plan?: object; names?: [string, string] }) {
  const root = makeTempDir('swarm-conductor-git-');
  git(root, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  const [first, second] = options.names ?? ['a', 'b'];
  git(root, 'clone', '-q', 'remote.git', first);
  const a = path.join(root, first);
  const b = path.join(root, second);
  assert.is((await cli(a, 'init', ...(options.driver ? ['--git'] : []))).code, 0);
  writeFileSync(path.join(a, 'plan.json'), JSON.stringify(options.plan ?? PLAN));
  const run = await cli(a, 'execute', 'plan.json');
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  git(a, 'add', '-A');
  git(a, 'commit', '-qm', 'start');
  git(a, 'push', '-q', 'origin', 'HEAD');
  git(root, 'clone', '-q', 'remote.git', second);
  if (options.driver) assert.is((await cli(b, 'git', 'setup')).code, 0);
  return { root, a, b, id, file: `proof/execution-${id}.json` };
}

export const stateIn = (dir: string, file: string) => readJson<ExecutionContext>(path.join(dir, file));

export async function commitStep(dir: string, args: string[], message: string) {
  const done = await cli(dir, ...args);
  assert.is(done.code, 0, done.stderr);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
}
