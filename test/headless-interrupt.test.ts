/**
 * Ctrl-C in the middle of `run --headless`, and the run after it: the built CLI started as a
 * process of its own, with fake agent CLIs on PATH (test/fixtures/headless/fake-agent.mjs) that
 * hang on their first run and answer on the next.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Event, HEADLESS_WRITERS } from './fixtures/transcripts/make.js';
import { git } from './git.js';
import { CLI, cleanup, cliIn } from './helpers.js';
import { alive, headlessProject, TWO_THEN_ONE } from './headless-kit.js';

test.after.each(cleanup);

const PASS = ['> shop@1.0.0 test', '> node --test', '', 'ℹ tests 3', 'ℹ pass 3', 'ℹ fail 0'].join('\n');

const honest = (file: string): Event[] => [
  { write: file },
  { run: 'npm test', output: PASS, exit: 0 },
  { say: `Added \`${file}\`. All 3 tests pass (\`npm test\`).` },
];

const stepScript = (n: number, more: Record<string, unknown> = {}) => ({
  files: { [`src/part-${n}.ts`]: `export const part${n} = ${n};\n` },
  stream: HEADLESS_WRITERS.claude(honest(`src/part-${n}.ts`)),
  sleepMs: 0,
  hang: false,
  exit: 0,
  sees: [],
  ...more,
});

interface LogLine {
  step: number;
  event: string;
  pid: number;
  child?: number;
}

async function setup(plan: object) {
  const made = await headlessProject(plan, {}, { NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor' });
  return {
    project: made.project,
    env: made.env,
    id: made.id,
    script: (n: number, runs: object[]) => made.writeScript(n, { runs }),
    log: () => made.logLines<LogLine>(),
    state: made.state,
    step: made.step,
  };
}

/** The built CLI as a process of its own, so that a signal reaches it as Ctrl-C would. */
function start(cwd: string, env: Record<string, string>, ...args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('Ctrl-C with two agents running: both process groups stopped, steps back to pending, resumed after', async () => {
  const s = await setup(TWO_THEN_ONE);
  for (const n of [1, 2]) s.script(n, [stepScript(n, { hang: true }), stepScript(n)]);
  s.script(3, [stepScript(3)]);
  const run = start(s.project.root, s.env, 'run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  await until('both agents to hang', () => s.log().filter((line) => line.event === 'hang').length === 2);
  const hung = s.log().filter((line) => line.event === 'hang');
  for (const line of hung) assert.ok(alive(line.pid) && alive(line.child!), `step ${line.step}'s agent runs`);
  assert.equal([s.step(1).status, s.step(2).status], ['running', 'running']);
  run.child.kill('SIGINT');
  const code = await run.exited;
  assert.is(code, 1, run.out() + run.err());
  assert.match(
    run.out(),
    /^Stopping: the agents are being stopped; their steps go back to pending, worktrees kept\.$/m,
  );
  assert.match(run.out(), /^↺ 1 BackendMaster: interrupted, back to pending/m);
  assert.match(run.out(), /^↺ 2 FrontendExpert: interrupted, back to pending/m);
  const resume = new RegExp(
    `^Stopped\\. swarm-conductor (run ${s.id} --headless --agent claude --parallel 2) goes on where it stopped\\.$`,
    'm',
  ).exec(run.out());
  assert.ok(resume, run.out());
  // Every agent and what it started are gone: their process groups were stopped whole.
  for (const line of hung) {
    assert.not.ok(alive(line.pid), `step ${line.step}'s agent ${line.pid} is gone`);
    assert.not.ok(alive(line.child!), `the child ${line.child} of step ${line.step}'s agent is gone`);
  }
  for (const n of [1, 2]) {
    const step = s.step(n);
    assert.is(step.status, 'pending', `step ${n}`);
    assert.equal(
      step.events?.map((event) => event.action),
      ['ready', 'start', 'interrupt', 'ready'],
      `step ${n}'s events`,
    );
    assert.ok(step.headless?.interruptedAt, `step ${n} records when it was interrupted`);
    assert.ok(existsSync(path.join(s.project.root, step.headless!.worktree)), `step ${n}'s worktree kept`);
  }
  assert.is(s.step(3).status, 'pending');
  assert.not.ok(
    s.log().some((line) => line.step === 3),
    'step 3 never started',
  );
  const status = await cliIn(s.env, s.project.root, 'status', s.id);
  assert.match(status.stdout, /^ {5}agent run: \d+\.\d s · interrupted \d{4}-\d\d-\d\dT[\d:.]+Z$/m, status.stdout);
  for (const lock of ['.lock', '.run.lock'])
    assert.not.ok(existsSync(s.project.path(`proof/execution-${s.id}.json${lock}`)), `no ${lock} left`);

  // The command it printed, as printed: the agents answer this time, and the run goes on to the end.
  const again = start(s.project.root, s.env, ...resume[1]!.split(' '));
  assert.is(await again.exited, 0, again.out() + again.err());
  assert.match(again.out(), /^step 1 · BackendMaster · goes on: /m);
  assert.match(again.out(), /Done: every step is completed or skipped\./);
  for (const n of [1, 2, 3]) {
    assert.is(s.step(n).status, 'completed', `step ${n}`);
    assert.ok(s.project.exists(`src/part-${n}.ts`), `step ${n}'s file merged into main`);
  }
  assert.equal(
    s.step(1).events?.map((event) => event.action),
    ['ready', 'start', 'interrupt', 'ready', 'start', 'complete'],
  );
  assert.is(git(s.project.root, 'status', '--porcelain', '--', '.', ':(exclude)proof').out, '');
});

test('three agents finishing at once: every result is recorded, no state write lost', async () => {
  const plan = {
    goal: 'Three parts at once',
    steps: [1, 2, 3].map((n) => ({ stepNumber: n, agentName: 'BackendMaster', task: `Build part ${n}` })),
  };
  const s = await setup(plan);
  for (const n of [1, 2, 3]) s.script(n, [stepScript(n)]);
  const run = start(s.project.root, s.env, 'run', s.id, '--headless', '--agent', 'claude', '--parallel', '3');
  assert.is(await run.exited, 0, run.out() + run.err());
  for (const n of [1, 2, 3]) {
    const step = s.step(n);
    assert.equal([step.status, step.verification?.verdict], ['completed', 'verified'], `step ${n}`);
    assert.ok(step.headless?.merged && step.headless.durationMs !== undefined, `step ${n}'s headless record`);
    assert.ok(step.outputs?.includes(`files changed: src/part-${n}.ts`), step.outputs?.join('; '));
  }
  assert.is(s.state().priorContext.length, 3);
});

test('stdout closed under a run (| head): the agents are stopped as it exits; the next run goes on', async () => {
  const s = await setup(TWO_THEN_ONE);
  s.script(1, [stepScript(1, { hang: true }), stepScript(1)]);
  s.script(2, [stepScript(2, { sleepMs: 1500 })]);
  s.script(3, [stepScript(3)]);
  const run = start(s.project.root, s.env, 'run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  await until('step 1 to hang and step 2 to start', () => {
    const log = s.log();
    return log.some((line) => line.event === 'hang') && log.some((line) => line.step === 2);
  });
  // What reads its output goes away; its next line (a tool call of step 2's) meets a closed pipe.
  run.child.stdout!.destroy();
  await run.exited;
  const hung = s.log().find((line) => line.event === 'hang')!;
  const second = s.log().find((line) => line.step === 2 && line.event === 'start')!;
  await until('the agents to be stopped', () => ![hung.pid, hung.child!, second.pid].some(alive), 5000);
  assert.equal(
    [s.step(1).status, s.step(2).status],
    ['running', 'running'],
    'left running: the process was gone before it could record more',
  );
  const again = start(s.project.root, s.env, 'run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  assert.is(await again.exited, 0, again.out() + again.err());
  assert.match(again.out(), /^Steps 1, 2 left running by a run that stopped: back to pending\.$/m, again.out());
  for (const n of [1, 2, 3]) assert.is(s.step(n).status, 'completed', `step ${n}`);
});

test.run();
