import { symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExecutionSummary } from '../src/views/status.js';
import type { ExecutionContext } from '../src/types.js';
import {
  CLI,
  cleanup,
  cli,
  cliAsync,
  EXAMPLE_PLAN,
  makeProject,
  planOf,
  readJson,
  type Project,
  refused,
  pattern,
} from './helpers.js';
import { readFileSync } from 'node:fs';

test.after.each(cleanup);

const example = readFileSync(EXAMPLE_PLAN, 'utf8');

/** A project after `init`, with the example plan, and an execution of it. */
async function executed(): Promise<{ project: Project; id: string }> {
  const project = makeProject({ 'plan.json': example });
  assert.is((await cli(project.root, 'init')).code, 0);
  const run = await cli(project.root, 'execute', 'plan.json');
  assert.is(run.code, 0, run.stderr);
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  return { project, id };
}

const state = (project: Project, id: string) => readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`));

test('init scaffolds config, the six agents, templates and proof; run again it keeps edited files', async () => {
  const project = makeProject();
  const first = await cli(project.root, 'init', '--target', 'copilot');
  assert.is(first.code, 0);
  for (const file of [
    'conductor.config.ts',
    'agents/backend-master.md',
    'agents/tester-elite.md',
    'templates/README.md',
    'proof/README.md',
  ]) {
    assert.ok(project.exists(file), file);
    assert.match(first.stdout, new RegExp(`created\\s+${file.replace('.', '\\.')}`));
  }
  assert.match(project.read('conductor.config.ts'), /target: 'copilot'/);
  project.write('agents/backend-master.md', '---\nname: BackendMaster\ndescription: edited by me\n---\n');
  const second = await cli(project.root, 'init');
  assert.is(second.code, 0);
  assert.match(second.stdout, /kept\s+agents\/backend-master\.md/);
  assert.match(second.stdout, /--force replaces them/);
  assert.match(project.read('agents/backend-master.md'), /edited by me/);
});

test('init --dry-run writes nothing; --force replaces', async () => {
  const project = makeProject();
  const dry = await cli(project.root, 'init', '--dry-run');
  assert.match(dry.stdout, /would create\s+conductor\.config\.ts/);
  assert.equal(project.snapshot(), {});
  await cli(project.root, 'init');
  project.write('agents/backend-master.md', 'mine');
  assert.match((await cli(project.root, 'init', '--force')).stdout, /replaced\s+agents\/backend-master\.md/);
  assert.match(project.read('agents/backend-master.md'), /name: BackendMaster/);
});

test('init refuses an unknown target and writes nothing', async () => {
  const project = makeProject();
  await refused(
    project,
    ['init', '--target', 'vim'],
    /error: --target must be one of copilot, claude, codex, copilot-delegate, gemini, opencode, generic, not "vim"/,
  );
});

test('execute names agent files that could not be loaded', async () => {
  const project = makeProject({
    'plan.json': JSON.stringify(
      planOf('g', [
        ['Broken', []],
        ['Fine', [1]],
      ]),
    ),
    agents: { 'Broken.md': '---\nname: [oops\n---\n', 'fine.md': '---\nname: Fine\n---\n' },
  });
  await refused(
    project,
    ['execute', 'plan.json'],
    pattern(
      /unknown agent "Broken"[\s\S]*hint: some agent files could not be loaded \(agents\/Broken\.md:\d+: front /,
      /matter is not valid YAML/,
    ),
  );
  const ok = makeProject({
    'plan.json': JSON.stringify(planOf('g', [['Fine', []]])),
    agents: { 'Broken.md': '---\nname: [oops\n---\n', 'fine.md': '---\nname: Fine\n---\n' },
  });
  const result = await cli(ok.root, 'execute', 'plan.json');
  assert.is(result.code, 0);
  assert.match(result.stderr, /note: agent file skipped: agents\/Broken\.md:\d+: front matter is not valid YAML/);
});

test('init keeps an existing config of another kind', async () => {
  const project = makeProject({ '.conductorrc.json': '{"target":"claude"}' });
  const result = await cli(project.root, 'init');
  assert.match(result.stdout, /kept\s+\.conductorrc\.json/);
  assert.not.ok(project.exists('conductor.config.ts'));
});

test("execute prints the order 1 → 2 → 3 → 4 and writes only the first step's prompt", async () => {
  const { project, id } = await executed();
  const run = await cli(project.root, 'status', id);
  assert.is(run.code, 0);
  const dir = `proof/execution-${id}`;
  assert.ok(project.exists(`${dir}/step-1-backendmaster.prompt.md`));
  assert.not.ok(project.exists(`${dir}/step-2-frontendexpert.prompt.md`));
  const again = await cli(project.root, 'execute', 'plan.json');
  assert.match(again.stdout, /Order: 1 → 2 → 3 → 4\n/);
  assert.match(
    again.stdout,
    pattern(
      /Prompts written \(1\):\n {2}step 1 \(BackendMaster\) → proof\/execution-exec-[^/]+\/step-1-backendmaster/,
      /\.prompt\.md/,
    ),
  );
  assert.match(again.stdout, /swarm-conductor complete exec-\S+ 1 --output/);
});

test('failed, retried, failed again: status and REPORT.md give the second attempt its own errors only', async () => {
  const { project, id } = await executed();
  assert.is((await cli(project.root, 'fail', id, '1', '--error', 'boom')).code, 0);
  assert.is((await cli(project.root, 'retry', id, '1')).code, 0);
  const pending = await cli(project.root, 'status', id);
  assert.match(pending.stdout, /earlier errors: boom/);
  assert.is((await cli(project.root, 'fail', id, '1', '--error', 'bang')).code, 0);
  const status = await cli(project.root, 'status', id);
  assert.match(status.stdout, /\n\s+errors: bang\n/);
  assert.not.match(status.stdout, /errors: boom; bang/);
  assert.match(status.stdout, /attempt 1: failed \(boom\), then retried /);
  assert.is((await cli(project.root, 'report', id)).code, 0);
  const report = project.read(`proof/execution-${id}/REPORT.md`);
  assert.match(report, /- \*\*Errors:\*\* bang\n/);
  assert.not.match(report, /\*\*Errors:\*\* boom/);
  // The state keeps every attempt's errors, in order (the next retry's prompt lists them all).
  assert.equal(state(project, id).stepResults[0]!.errors, ['boom', 'bang']);
});

test('the full lifecycle: prompt, complete, fail, retry, complete latest, skip, status --json, list', async () => {
  const { project, id } = await executed();
  const dir = `proof/execution-${id}`;

  const prompt = await cli(project.root, 'prompt', id);
  assert.is(prompt.code, 0);
  const file = project.read(`${dir}/step-1-backendmaster.prompt.md`);
  assert.match(file, /^<!-- swarm-conductor prompt · execution /);
  assert.is(
    `${prompt.stdout}`,
    file.slice(file.indexOf('# Step 1 of 4')),
    'prompt prints the file without the header for the person',
  );
  assert.not.match(prompt.stdout, /<!--|For the person running the conductor/);

  const complete = await cli(project.root, 'complete', id, '1', '--output', 'API created', '--output', 'Tests passed');
  assert.is(complete.code, 0, complete.stderr);
  assert.match(complete.stdout, /context handed on: Step 1 \(BackendMaster\): API created, Tests passed/);
  assert.match(complete.stdout, /Step 2 of 4 · FrontendExpert/);
  const step2 = project.read(`${dir}/step-2-frontendexpert.prompt.md`);
  assert.match(step2, /Outputs: API created; Tests passed/);

  const fail = await cli(project.root, 'fail', id, '2', '--error', 'form does not submit');
  assert.is(fail.code, 0);
  assert.match(fail.stdout, /blocked until it is retried and completed: step 3/);
  assert.is(state(project, id).stepResults[1]!.status, 'failed');

  const firstAttempt = project.read(`${dir}/step-2-frontendexpert.prompt.md`);
  const retry = await cli(project.root, 'retry', id.slice(0, 20), '2');
  assert.is(retry.code, 0, retry.stderr);
  assert.match(
    project.read(`${dir}/step-2-frontendexpert.prompt.md`),
    /### Earlier attempts\nThis step was attempted before \(1 retry\) and failed with:\n- form does not submit\n/,
  );
  assert.is(
    project.read(`${dir}/step-2-frontendexpert.attempt-1.prompt.md`),
    firstAttempt,
    "the failed attempt's prompt is kept, numbered",
  );

  assert.is((await cli(project.root, 'start', 'latest', '2')).code, 0);
  assert.is(state(project, id).stepResults[1]!.status, 'running');
  project.write(`${dir}/t2.md`, 'transcript');
  const completeLatest = await cli(
    project.root,
    'complete',
    'latest',
    '2',
    '--output',
    'UI done',
    '--transcript',
    `${dir}/t2.md`,
  );
  assert.is(completeLatest.code, 0, completeLatest.stderr);
  assert.is(state(project, id).stepResults[1]!.transcriptPath, `${dir}/t2.md`);

  const skip = await cli(project.root, 'skip', 'latest', '3', '--reason', 'covered by step 2 tests');
  assert.is(skip.code, 0);
  assert.ok(project.exists(`${dir}/step-4-integratorfinalizer.prompt.md`));

  const status = await cli(project.root, 'status', '--json');
  const summary = JSON.parse(status.stdout) as ExecutionSummary;
  assert.is(summary.executionId, id);
  assert.is(summary.status, 'in-progress');
  assert.equal(
    summary.steps.map((step) => step.status),
    ['completed', 'completed', 'skipped', 'pending'],
  );
  assert.equal(summary.ready, [4]);
  assert.equal(summary.steps[1]!.errors, ['form does not submit']);

  assert.is((await cli(project.root, 'complete', 'latest', '4', '--output', 'Docs')).code, 0);
  const done = await cli(project.root, 'status');
  assert.match(done.stdout, /· done · 4 of 4 steps done/);
  assert.match(done.stdout, /Done: every step is completed or skipped/);
  assert.ok(state(project, id).endTime);

  const list = await cli(project.root, 'list');
  assert.match(list.stdout, new RegExp(`^${id}\\s+4/4\\s+done\\s+Build a user authentication system$`, 'm'));
  const listJson = JSON.parse((await cli(project.root, 'list', '--json')).stdout) as {
    executionId: string;
    done: number;
  }[];
  assert.equal([listJson[0]!.executionId, listJson[0]!.done], [id, 4]);
});

test(
  'fail --transcript records the transcript; retry and reopen keep each attempt with its files, ' + 'numbered',
  async () => {
    const { project, id } = await executed();
    const dir = `proof/execution-${id}`;
    const transcript = `${dir}/step-1-backendmaster.transcript.md`;
    project.write(transcript, '# Session 1\n$ npm test\n1 failing\n');
    const fail = await cli(project.root, 'fail', id, '1', '--error', 'tests fail', '--transcript', transcript);
    assert.is(fail.code, 0, fail.stderr);
    assert.match(fail.stdout, /transcript: proof\/execution-[^/]+\/step-1-backendmaster\.transcript\.md/);
    assert.is(state(project, id).stepResults[0]!.transcriptPath, transcript);
    const firstPrompt = project.read(`${dir}/step-1-backendmaster.prompt.md`);
    assert.is((await cli(project.root, 'retry', id, '1')).code, 0);
    assert.is(
      project.read(`${dir}/step-1-backendmaster.attempt-1.transcript.md`),
      '# Session 1\n$ npm test\n1 failing\n',
    );
    assert.is(project.read(`${dir}/step-1-backendmaster.attempt-1.prompt.md`), firstPrompt);
    assert.not.ok(project.exists(transcript), 'the default path is free for the next session');
    const step = state(project, id).stepResults[0]!;
    assert.equal(
      step.history!.map((attempt) => [attempt.attempt, attempt.status, attempt.action, attempt.transcriptPath]),
      [[1, 'failed', 'retry', `${dir}/step-1-backendmaster.attempt-1.transcript.md`]],
    );
    assert.is(step.transcriptPath, undefined);

    project.write(transcript, '# Session 2\n$ npm test\nall passing\n');
    assert.is((await cli(project.root, 'complete', id, '1', '--output', 'API v2')).code, 0);
    assert.is(
      state(project, id).stepResults[0]!.transcriptPath,
      transcript,
      'the transcript at the default path is recorded',
    );
    const reopen = await cli(project.root, 'reopen', id, '1');
    assert.is(reopen.code, 0, reopen.stderr);
    assert.match(
      reopen.stdout,
      /↺ Step 1 \(BackendMaster\) is pending again \(it was completed; attempt 2 is kept in its history/,
    );
    assert.is(
      project.read(`${dir}/step-1-backendmaster.attempt-2.transcript.md`),
      '# Session 2\n$ npm test\nall passing\n',
    );
    const after = state(project, id);
    assert.equal(after.stepResults[0]!.history![1]!.outputs, ['API v2']);
    assert.not.ok(
      after.priorContext.some((line) => line.startsWith('Step 1 ')),
      'its outputs are no longer handed on',
    );
    assert.match(
      (await cli(project.root, 'status', id)).stdout,
      /attempt 1: failed \([^)\n]+\), then retried [^\n]+\n\s+attempt 2: completed, then reopened/,
    );
    await refused(project, ['reopen', id, '1'], /cannot reopen step 1 \(BackendMaster\): it is pending/);
    await refused(project, ['reopen', id, '3'], /cannot reopen step 3 \(TesterElite\): it is pending/);
  },
);

test('reopen names the steps that already built on the reopened one', async () => {
  const { project, id } = await executed();
  await cli(project.root, 'complete', id, '1');
  await cli(project.root, 'complete', id, '2');
  const result = await cli(project.root, 'reopen', id, '1');
  assert.is(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /note: step 2 already built on step 1; reopen it too if the new work changes what they rely on/,
  );
});

test('prompt with one number prints that step of the latest execution', async () => {
  const { project } = await executed();
  const result = await cli(project.root, 'prompt', '3');
  assert.is(result.code, 0);
  assert.match(result.stdout, /# Step 3 of 4: TesterElite/);
  assert.match(result.stderr, /not ready yet.*preview and was not saved/);
});

test('bad inputs to step commands: exit 2, a short message, nothing changed', async () => {
  const { project, id } = await executed();
  await cli(project.root, 'complete', id, '1', '--output', 'x');
  await refused(project, ['complete', id, '1'], /error: cannot complete step 1 \(BackendMaster\): it is completed/);
  await refused(project, ['complete', 'exec-1999', '1'], /error: no execution matches "exec-1999"/);
  await refused(project, ['complete', id, '9'], /error: step 9 is not in execution/);
  await refused(project, ['complete', id, 'two'], /error: step must be a step number/);
  await refused(project, ['complete', id, '3'], /error: step 3 waits for step 2 \(pending\)\n {2}hint: .*--force/);
  await refused(project, ['retry', id, '2'], /error: cannot retry step 2 \(FrontendExpert\): it is pending/);
  await refused(project, ['fail', id, '2'], /error: missing required argument: error/);
  await refused(project, ['skip', id, '2'], /error: missing required argument: reason/);
  await refused(project, ['start', id], /error: not enough non-option arguments/);
});

test('transcripts must exist and stay inside the project, symlinks included', async () => {
  const { project, id } = await executed();
  const outside = makeProject({ 'secret.md': 'outside' });
  await refused(
    project,
    ['complete', id, '1', '--transcript', '../elsewhere.md'],
    /error: transcript \.\.\/elsewhere\.md is outside the project/,
  );
  await refused(project, ['complete', id, '1', '--transcript', outside.path('secret.md')], /is outside the project/);
  symlinkSync(outside.path('secret.md'), project.path('link.md'));
  await refused(
    project,
    ['complete', id, '1', '--transcript', 'link.md'],
    /error: transcript link\.md is outside the project/,
  );
  await refused(
    project,
    ['complete', id, '1', '--transcript', 'proof/missing.md'],
    /error: transcript not found: proof\/missing\.md/,
  );
});

test('execute refuses a bad plan and creates nothing', async () => {
  const project = makeProject({
    'bad.json': JSON.stringify(
      planOf('g', [
        ['Ghost', []],
        ['BackendMaster', [2]],
      ]),
    ),
    'syntax.json': '{"goal": }',
  });
  await refused(
    project,
    ['execute', 'bad.json'],
    /error: bad\.json: 2 problems:\n {2}- steps\[0\] \(step 1\): unknown agent "Ghost"/,
  );
  await refused(project, ['execute', 'syntax.json'], /error: syntax\.json:1: not valid JSON/);
  await refused(project, ['execute', 'missing.json'], /error: plan file not found: missing\.json/);
  assert.not.ok(project.exists('proof'));
});

test('a corrupt state file is reported with its path and never rewritten', async () => {
  const { project, id } = await executed();
  project.write(`proof/execution-${id}.json`, '{"half": ');
  await refused(
    project,
    ['complete', id, '1'],
    new RegExp(`error: proof/execution-${id}\\.json: execution state is unreadable`),
  );
  await refused(project, ['status', id], /hint: restore it from version control/);
});

test('unknown commands and options are usage errors with a hint', async () => {
  const project = makeProject();
  await refused(project, ['stauts'], /error: unknown command "stauts" — did you mean "status"\?/);
  await refused(
    project,
    ['status', '--frob'],
    /error: unknown option --frob for "status"\n {2}hint: swarm-conductor status --help/,
  );
  await refused(project, [], /error: name a command/);
});

test('an invalid config is a usage error naming the key', async () => {
  const project = makeProject({ '.conductorrc.json': '{"target":"vim"}' });
  await refused(
    project,
    ['list'],
    pattern(
      /error: \.conductorrc\.json: target: must be one of /,
      /copilot, claude, codex, copilot-delegate, gemini, opencode, generic/,
    ),
  );
});

test('--verbose adds the stack trace', async () => {
  const project = makeProject();
  const result = await cli(project.root, 'status', 'nope', '--verbose');
  assert.is(result.code, 2);
  assert.match(result.stderr, /\n\s+at /);
});

test('a held lock makes the command fail with exit 1 after a bounded wait', async () => {
  const { project, id } = await executed();
  writeFileSync(
    project.path(`proof/execution-${id}.json.lock`),
    JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), token: 't' }),
  );
  const result = spawnSync(process.execPath, [CLI, 'complete', id, '1'], {
    cwd: project.root,
    encoding: 'utf8',
    env: { ...process.env, SWARM_CONDUCTOR_LOCK_TIMEOUT_MS: '300' },
  });
  assert.is(result.status, 1);
  assert.match(result.stderr, new RegExp(`error: execution ${id} is locked by process ${process.pid}`));
  assert.is(state(project, id).stepResults[0]!.status, 'pending');
});

test('eight complete commands at once on one execution: every update is kept', async () => {
  const project = makeProject({
    'plan.json': JSON.stringify(
      planOf(
        'wide',
        Array.from({ length: 8 }, () => ['BackendMaster', []] as [string, number[]]),
      ),
    ),
  });
  const run = await cli(project.root, 'execute', 'plan.json');
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      cliAsync(project.root, 'complete', id, String(i + 1), '--output', `out ${i + 1}`),
    ),
  );
  assert.equal(
    results.map((result) => result.code),
    Array(8).fill(0),
    results.map((result) => result.stderr).join(''),
  );
  const saved = state(project, id);
  assert.equal(
    saved.stepResults.map((result) => result.status),
    Array(8).fill('completed'),
  );
  assert.equal(saved.priorContext.length, 8);
  assert.ok(saved.endTime);
});

test.run();
