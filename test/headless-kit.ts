/**
 * What the headless suites share: a git repository with a plan committed and executed, and the
 * fake agent CLIs (test/fixtures/headless/fake-agent.mjs) on PATH, each reading the run its step
 * was given from `scripts/step-<n>.json` and logging what it did to `agents.log`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as assert from 'uvu/assert';
import type { ExecutionContext, StepResult } from '../src/types.js';
import { HEADLESS_WRITERS } from './fixtures/transcripts/make.js';
import { GIT_ENV, git } from './git.js';
import { cliIn, makeTempDir, projectAt, REPO, readJson } from './helpers.js';

const FAKE = path.join(REPO, 'test/fixtures/headless/fake-agent.mjs');

/** A process that is there and not a zombie waiting for a parent (a container's first process may never reap it). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Steps 1 and 2 side by side, step 3 after both: the smallest wave worth running in parallel. */
export const TWO_THEN_ONE = {
  goal: 'Two parts side by side, then joined',
  steps: [
    { stepNumber: 1, agentName: 'BackendMaster', task: 'Build the API' },
    { stepNumber: 2, agentName: 'FrontendExpert', task: 'Build the UI' },
    { stepNumber: 3, agentName: 'IntegratorFinalizer', task: 'Join them', dependencies: [1, 2] },
  ],
};

/** A fake of each agent CLI with a headless mode (claude, codex, …) in `bin`, for PATH. */
export function fakeAgentsIn(bin: string): void {
  for (const cli of Object.keys(HEADLESS_WRITERS)) {
    writeFileSync(path.join(bin, cli), `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" ${cli} "$@"\n`);
    chmodSync(path.join(bin, cli), 0o755);
  }
}

export interface HeadlessProject {
  root: string;
  project: ReturnType<typeof projectAt>;
  env: Record<string, string>;
  id: string;
  /** Writes what the fake agent of step `n` does (its file, as the fake reads it). */
  writeScript(step: number, script: object): void;
  /** The fake agents' log lines, parsed. */
  logLines<Line>(): Line[];
  state(): ExecutionContext;
  step(n: number): StepResult;
}

/** The repository (`<root>/shop`), its plan executed; `env` puts the fakes first on PATH, as under CI. */
export async function headlessProject(
  plan: object,
  files: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
): Promise<HeadlessProject> {
  const root = makeTempDir('swarm-conductor-headless-');
  const dir = path.join(root, 'shop');
  const bin = path.join(root, 'bin');
  const scripts = path.join(root, 'scripts');
  for (const folder of [dir, bin, scripts]) mkdirSync(folder);
  fakeAgentsIn(bin);
  const project = projectAt(dir);
  git(dir, 'init', '-q', '-b', 'main');
  project.write('plan.json', JSON.stringify(plan));
  project.write('README.md', '# shop\n');
  for (const [file, content] of Object.entries(files)) project.write(file, content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'start');
  const logFile = path.join(root, 'agents.log');
  const env = {
    ...GIT_ENV,
    HOME: root,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    FAKE_AGENT_SCRIPTS: scripts,
    FAKE_AGENT_LOG: logFile,
    CI: 'true',
    ...extraEnv,
  };
  const executed = await cliIn(env, dir, 'execute', 'plan.json');
  assert.is(executed.code, 0, executed.stderr);
  const id = /Execution (exec-\S+) created/.exec(executed.stdout)![1]!;
  const state = () => readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`));
  return {
    root,
    project,
    env,
    id,
    writeScript: (step, script) => writeFileSync(path.join(scripts, `step-${step}.json`), JSON.stringify(script)),
    logLines: <Line>() =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Line)
        : [],
    state,
    step: (n) => state().stepResults.find((result) => result.stepNumber === n)!,
  };
}
