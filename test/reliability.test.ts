import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAgentFile, loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { fromSystemError } from '../src/errors.js';
import { generatePlan } from '../src/plan/generate/index.js';
import { TemplateRenderer } from '../src/render/environment.js';
import { readExecution } from '../src/state/store.js';
import type { ExecutionContext } from '../src/types.js';
import { visibleControls } from '../src/util/text.js';
import {
  CLI,
  cleanup,
  spawnCli,
  cliAsync,
  makeProject,
  planOf,
  readJson,
  REPO,
  thrown,
  type Project,
  refused,
} from './helpers.js';

test.after.each(cleanup);

const wide = (steps: number) =>
  JSON.stringify(
    planOf(
      'wide',
      Array.from({ length: steps }, () => ['BackendMaster', []] as [string, number[]]),
    ),
  );

test('20 complete and fail commands at once on one execution: every update is in the state file', async () => {
  const project = makeProject({ 'plan.json': wide(20) });
  const id = /Execution (exec-\S+) created/.exec(spawnCli(project.root, 'execute', 'plan.json').stdout)![1]!;
  const runs = Array.from({ length: 20 }, (_, i) =>
    i % 3 === 2
      ? cliAsync(project.root, 'fail', id, String(i + 1), '--error', `broke ${i + 1}`)
      : cliAsync(project.root, 'complete', id, String(i + 1), '--output', `out ${i + 1}`),
  );
  const results = await Promise.all(runs);
  assert.equal(
    results.map((result) => result.code),
    Array(20).fill(0),
    results.map((result) => result.stderr).join(''),
  );
  const state = readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`));
  state.stepResults.forEach((result, i) => {
    if (i % 3 === 2) assert.equal([result.status, result.errors], ['failed', [`broke ${i + 1}`]], `step ${i + 1}`);
    else assert.equal([result.status, result.outputs], ['completed', [`out ${i + 1}`]], `step ${i + 1}`);
  });
  assert.is(state.priorContext.length, 14);
  assert.equal(
    readdirSync(project.path('proof')).filter((name) => /\.(lock|tmp)$/.test(name)),
    [],
  );
});

/** Starts the CLI and kills it with SIGKILL after `ms` milliseconds. */
function killAfter(cwd: string, ms: number, ...args: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function statesAreWhole(project: Project): ExecutionContext[] {
  return readdirSync(project.path('proof'))
    .filter((name) => /^execution-.*\.json$/.test(name))
    .map((name) => readExecution(project.path('proof', name), name));
}

test(
  'execute of a large plan killed with SIGKILL at many points: state is absent or whole, and later commands ' + 'work',
  async () => {
    const project = makeProject({ 'plan.json': wide(600) });
    const started = Date.now();
    assert.is(spawnCli(project.root, 'execute', 'plan.json').code, 0);
    const full = Date.now() - started;
    for (let i = 0; i < 16; i++) {
      await killAfter(project.root, Math.round((full * i) / 14), 'execute', 'plan.json');
      const states = statesAreWhole(project); // throws CORRUPT_STATE on a torn file
      for (const state of states) assert.is(state.stepResults.length, 600);
    }
    assert.is(spawnCli(project.root, 'list').code, 0);
    const after = spawnCli(project.root, 'execute', 'plan.json');
    assert.is(after.code, 0, after.stderr);
  },
);

test('complete killed while it holds the lock: the next command takes the stale lock over', async () => {
  const project = makeProject({ 'plan.json': wide(600) });
  const id = /Execution (exec-\S+) created/.exec(spawnCli(project.root, 'execute', 'plan.json').stdout)![1]!;
  for (let i = 0; i < 8; i++)
    await killAfter(project.root, 60 + i * 25, 'complete', id, String(i + 1), '--output', 'x');
  statesAreWhole(project);
  const next = spawnCli(project.root, 'complete', id, '600', '--output', 'last');
  assert.is(next.code, 0, next.stderr);
  assert.is(readExecution(project.path(`proof/execution-${id}.json`)).stepResults[599]!.status, 'completed');
});

test('templates: include, extends and import resolve only inside the template folders', async () => {
  const outside = makeProject({ 'secret.njk': 'SECRET' });
  const project = makeProject({
    templates: {
      'abs.njk': `{% include "${outside.path('secret.njk')}" %}`,
      'up.njk': '{% include "../../secret.njk" %}',
      'imp.njk': '{% import "../x.njk" as x %}',
    },
  });
  symlinkSync(outside.path('secret.njk'), project.path('templates/link.njk'));
  const renderer = new TemplateRenderer({ userDir: project.path('templates'), root: project.root });
  assert.match(thrown(() => renderer.render('abs.njk', {})).message, /leaves the templates folder/);
  assert.match(thrown(() => renderer.render('up.njk', {})).message, /leaves the templates folder/);
  assert.match(thrown(() => renderer.render('imp.njk', {})).message, /leaves the templates folder/);
  const link = thrown(() => renderer.render('link.njk', {}));
  assert.is(link.code, 'PATH_OUTSIDE');
  assert.match(link.message, /is a link to .*secret\.njk, outside its templates folder/);
});

test('a proof folder that is a symlink leading out of the project is refused', async () => {
  const outside = makeProject();
  const project = makeProject({ 'plan.json': wide(1) });
  symlinkSync(outside.root, project.path('proof'));
  await refused(project, ['execute', 'plan.json'], /error: .*proofDir: .* is outside the project/);
  assert.equal(readdirSync(outside.root), []);
});

test('a 10 MB agent file is refused with a message, not read', async () => {
  const project = makeProject({ agents: { 'huge.md': `---\nname: Huge\n---\n${'x'.repeat(10 * 1024 * 1024)}` } });
  const result = loadAgentFile(project.path('agents/huge.md'));
  assert.is(result.agent, undefined);
  assert.match(result.errors[0]!.message, /file is 10\.0 MB; agent files over 1 MB are not read/);
  const validate = spawnCli(project.root, 'agents', 'validate');
  assert.is(validate.code, 2);
  assert.match(validate.stdout, /agents\/huge\.md: file is 10\.0 MB/);
});

test('an agents folder entry that is a link to a folder is reported, not a crash', async () => {
  const project = makeProject({ agents: { 'real.md': '---\nname: Real\n---\n' }, elsewhere: {} });
  symlinkSync(project.path('elsewhere'), project.path('agents/folder.md'));
  const result = spawnCli(project.root, 'agents', 'validate');
  assert.is(result.code, 2);
  assert.match(result.stdout, /agents\/folder\.md: not a file/);
  assert.not.match(result.stderr, /\n\s+at /);
});

test('a 100,000-step plan is refused quickly with a message', async () => {
  const project = makeProject({ 'plan.json': wide(100_000) });
  const started = Date.now();
  await refused(
    project,
    ['execute', 'plan.json'],
    /error: plan\.json: steps: 100000 steps; a plan may have at most 10,000/,
  );
  assert.ok(Date.now() - started < 10_000, 'answered in time');
});

test('a 1 MB goal is refused: in a plan file, and by plan', async () => {
  const goal = 'word '.repeat(210_000);
  const project = makeProject({
    'plan.json': JSON.stringify({ goal, steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 't' }] }),
  });
  await refused(
    project,
    ['execute', 'plan.json'],
    /error: plan\.json: goal: is 1,050,000 characters; at most 100,000 are allowed/,
  );
  const agents = loadAgents(resolveConfig({}, REPO)).agents;
  const error = thrown(() => generatePlan(goal, agents, { now: 'now' }));
  assert.is(error.code, 'TOO_LARGE');
});

test('YAML aliases ("billion laughs") and very deep nesting in front matter are refused at once', async () => {
  const laughs = [
    'a: &a [x,x,x,x,x,x,x,x,x]',
    ...'bcdefghij'.split('').map((key, i) => `${key}: &${key} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`),
  ].join('\n');
  const project = makeProject({
    agents: {
      'laughs.md': `---\nname: Laughs\n${laughs}\n---\nbody`,
      'deep.md': `---\nname: Deep\ndeep: ${'['.repeat(80)}${']'.repeat(80)}\n---\nbody`,
      'deeper.md': `---\nname: Deeper\ndeep: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\nbody`,
    },
  });
  const started = Date.now();
  assert.match(
    loadAgentFile(project.path('agents/laughs.md')).errors[0]!.message,
    /reuses a value through a YAML alias/,
  );
  assert.match(loadAgentFile(project.path('agents/deep.md')).errors[0]!.message, /nested more than 64 levels deep/);
  assert.match(loadAgentFile(project.path('agents/deeper.md')).errors[0]!.message, /nesting exceeded maxDepth/);
  assert.ok(Date.now() - started < 2000);
});

test('a YAML plan with aliases is refused', async () => {
  const project = makeProject({
    'plan.yaml': 'goal: &g Ship\nsteps:\n  - &s {stepNumber: 1, agentName: BackendMaster, task: *g}\n  - *s\n',
  });
  await refused(
    project,
    ['execute', 'plan.yaml'],
    /error: plan\.yaml: plan is refused: it reuses a value through a YAML alias/,
  );
});

test('a state file whose plan was edited into an impossible shape is corrupt, not a crash', async () => {
  const project = makeProject({ 'plan.json': wide(2) });
  const id = /Execution (exec-\S+) created/.exec(spawnCli(project.root, 'execute', 'plan.json').stdout)![1]!;
  const file = `proof/execution-${id}.json`;
  const state = readJson<ExecutionContext>(project.path(file));
  (state.plan.steps[0] as unknown as Record<string, unknown>).dependencies = 'not a list';
  project.write(file, JSON.stringify(state));
  await refused(
    project,
    ['complete', id, '1'],
    /execution state is unreadable: plan\.steps\[0\]\.dependencies: must be a list of step numbers/,
  );
});

test('huge and malformed step numbers are usage errors', async () => {
  const project = makeProject({ 'plan.json': wide(1) });
  spawnCli(project.root, 'execute', 'plan.json');
  await refused(project, ['complete', 'latest', '9'.repeat(40)], /error: step must be a step number/);
  await refused(project, ['complete', 'latest', '-1'], /error: /);
});

test('control characters from files are made visible on a terminal', async () => {
  assert.is(visibleControls('goal \u001b[2J\u0007 end\n\tok'), 'goal \\x1b[2J\\x07 end\n\tok');
});

test('disk errors become one-line IO errors naming the path (exit 1)', async () => {
  const error = Object.assign(new Error("EACCES: permission denied, open '/x/y'"), { code: 'EACCES', path: '/x/y' });
  const mapped = fromSystemError(error)!;
  assert.equal(
    [mapped.code, mapped.exitCode, mapped.where, mapped.message],
    ['IO', 1, '/x/y', 'permission denied (EACCES)'],
  );
  assert.is(fromSystemError(new Error('other')), undefined);
});

// Root ignores file permissions, so as root this test cannot run: it is counted as skipped.
(process.getuid?.() === 0 ? test.skip : test)(
  'a read-only project makes execute fail with exit 1 and a short message',
  async () => {
    const project = makeProject({ 'plan.json': wide(1) });
    mkdirSync(project.path('proof'), { mode: 0o500 });
    const result = spawnCli(project.root, 'execute', 'plan.json');
    assert.is(result.code, 1);
    assert.match(result.stderr, /permission denied \(EACCES\)/);
  },
);

test.run();
