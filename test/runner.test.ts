import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../src/config/validate.js';
import { loadPlan } from '../src/plan/load.js';
import { promptBody } from '../src/render/prompt.js';
import { StepRunner } from '../src/step-runner.js';
import { cleanup, EXAMPLE_PLAN, fixedClock, makeProject, planOf, readJson, rejection, pattern } from './helpers.js';
import * as library from '../src/index.js';
import * as words from '../src/format.js';

test.after.each(cleanup);

function setup(configOverrides: Parameters<typeof resolveConfig>[0] = {}) {
  const project = makeProject();
  const runner = new StepRunner({ config: resolveConfig(configOverrides, project.root), now: fixedClock() });
  return { project, runner };
}

test('the library entry exports the public API', () => {
  for (const name of [
    'defineConfig',
    'loadConfig',
    'loadAgents',
    'loadPlan',
    'validatePlan',
    'renderStepPrompt',
    'StepRunner',
    'completeStep',
    'ConductorError',
    'readTranscript',
    'verifyStep',
    'findSession',
  ]) {
    assert.type((library as Record<string, unknown>)[name], 'function', name);
  }
  // The words are apart (test/package.test.ts): formatVerdict is in swarm-conductor/format.
  assert.type((words as Record<string, unknown>).formatVerdict, 'function');
});

test('readTranscript and verifyStep from the library: a transcript in, a verdict out', () => {
  const record = library.readTranscript('$ npm test\n  Tests:       1 failed, 3 passed, 4 total\n$ echo $?\n1\n');
  assert.is(record.format, 'terminal');
  const verdict = library.verifyStep({
    record,
    transcriptPath: 'session.log',
    root: makeProject().root,
    executionId: 'exec-x',
    stepNumber: 1,
    agentName: 'Builder',
    doneDefinition: ['The tests pass'],
    expectedOutputs: [],
  });
  // A terminal log claims nothing; its done definition is judged apart, and is unmet.
  assert.equal([verdict.verdict, verdict.doneDefinitionStatus], ['unconfirmed', 'unmet']);
  assert.equal(verdict.lacking, ['"The tests pass": the last test run failed (3 passed, 1 failed (jest), exit 1)']);
});

test('initializeExecution makes an in-memory execution of a valid plan and refuses an invalid one', async () => {
  const { runner, project } = setup();
  const context = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  assert.match(context.executionId, /^exec-2026-01-23T00-17-01-717Z-[0-9a-f]{6}$/);
  assert.equal(
    context.stepResults.map((result) => result.status),
    ['pending', 'pending', 'pending', 'pending'],
  );
  assert.equal(readdirSync(project.root), [], 'nothing written');
  const error = await rejection(() => runner.initializeExecution(planOf('g', [['Ghost', []]]), 'bad.json'));
  assert.is(error.where, 'bad.json');
  assert.match(error.message, /unknown agent "Ghost"/);
});

test('generateSessionPrompt renders the step prompt; displayStepInstructions says how to run it', () => {
  const { runner } = setup({ target: 'claude' });
  const context = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const prompt = runner.generateSessionPrompt(context, 1);
  assert.match(
    prompt,
    /^<!-- swarm-conductor prompt · execution exec-2026-01-23T00-17-01-717Z-\w+ · step 1 of 4 · agent BackendMaster/,
  );
  assert.match(prompt, /## Task\nImplement the authentication API/);
  const instructions = runner.displayStepInstructions(context, 1);
  assert.match(instructions, /^Step 1 of 4 · BackendMaster\n/);
  assert.match(instructions, /Start a session in Claude Code/);
  assert.match(
    instructions,
    pattern(
      /swarm-conductor complete exec-2026-01-23T00-17-01-717Z-\w+ 1 --output "<what was produced>" --transcript pro/,
      /of\/execution-exec-2026-01-23T00-17-01-717Z-\w+\/step-1-backendmaster\.transcript\.md/,
    ),
  );
});

test(
  'completeStep and failStep return new states; saveExecutionContext and loadExecutionContext ' + 'round-trip',
  async () => {
    const { runner, project } = setup();
    let state = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
    const initial = structuredClone(state);
    project.write('proof/t1.md', '# session\n$ npm test\n');
    state = runner.completeStep(state, 1, ['API created', 'Tests passed'], 'proof/t1.md');
    state = runner.failStep(state, 2, ['form does not submit']);
    assert.equal(initial.stepResults[0]!.status, 'pending', 'input untouched');
    const saved = await runner.saveExecutionContext(state);
    const file = project.path('proof', `execution-${state.executionId}.json`);
    assert.equal(readJson(file), saved);
    assert.equal(runner.loadExecutionContext('latest'), saved);
    assert.equal(runner.loadExecutionContext(state.executionId.slice(0, 12)), saved);
    assert.is(saved.stepResults[0]!.transcriptPath, 'proof/t1.md');
  },
);

test('saveExecutionContext writes the prompts of the steps that are ready, as complete does', async () => {
  const { runner, project } = setup();
  const dir = (id: string) => `proof/execution-${id}`;
  const fresh = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  let state = await runner.saveExecutionContext(fresh);
  assert.equal(readdirSync(project.path(dir(state.executionId))), ['step-1-backendmaster.prompt.md']);
  assert.is(state.stepResults[0]!.promptPath, `${dir(state.executionId)}/step-1-backendmaster.prompt.md`);

  // An older in-memory copy (no prompt path for step 1) still saves without forgetting the prompt.
  assert.is(fresh.stepResults[0]!.promptPath, undefined);
  state = await runner.saveExecutionContext(runner.completeStep(fresh, 1, ['API created']));
  assert.equal(readdirSync(project.path(dir(state.executionId))).sort(), [
    'step-1-backendmaster.prompt.md',
    'step-2-frontendexpert.prompt.md',
  ]);
  assert.is(state.stepResults[0]!.promptPath, `${dir(state.executionId)}/step-1-backendmaster.prompt.md`);
  assert.match(project.read(`${dir(state.executionId)}/step-2-frontendexpert.prompt.md`), /API created/);
  assert.equal(readJson(project.path(`${dir(state.executionId)}.json`)), state);
});

test('saveExecutionContext waits for the execution lock that a command holds', async () => {
  const { runner } = setup();
  const state = await runner.saveExecutionContext(
    runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json'),
  );
  const order: string[] = [];
  const command = runner.store.update(state.executionId, async () => {
    await new Promise((resolve) => setTimeout(resolve, 80));
    order.push('command');
    return {};
  });
  const save = runner.saveExecutionContext(runner.completeStep(state, 1, ['x'])).then(() => order.push('save'));
  await Promise.all([command, save]);
  assert.equal(order, ['command', 'save']);
});

test('saveExecutionContext refuses to overwrite another execution that has the same id', async () => {
  const { runner, project } = setup();
  const first = await runner.saveExecutionContext(
    runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json'),
  );
  const file = `proof/execution-${first.executionId}.json`;
  const before = project.read(file);
  const other = {
    ...runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'x.json'),
    executionId: first.executionId,
    startTime: '2026-02-02T00:00:00.000Z',
  };
  const error = await rejection(() => runner.saveExecutionContext(other));
  assert.is(error.code, 'AMBIGUOUS');
  assert.match(error.message, /already names another execution/);
  assert.is(project.read(file), before, 'the saved execution is unchanged');
});

test('generateSummary lists every step with its icon, status and outputs', () => {
  const { runner } = setup();
  let context = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  context = runner.completeStep(context, 1, ['API created', 'Tests passed']);
  context = runner.failStep(context, 2, ['form does not submit']);
  const summary = runner.generateSummary(context);
  assert.match(summary, /^exec-2026-01-23T00-17-01-717Z-\w+ · blocked · 1 of 4 steps done\n/);
  assert.match(summary, /✓ 1 {2}BackendMaster {8}completed\n {5}outputs: API created; Tests passed\n/);
  assert.match(summary, /✗ 2 {2}FrontendExpert {7}failed\n {5}errors: form does not submit\n/);
  assert.match(summary, /○ 3 {2}TesterElite {10}pending · waits for 2\n/);
  assert.match(summary, /Blocked: step 2 failed — swarm-conductor retry exec-2026-01-23T00-17-01-717Z-\w+ 2/);
});

test('execute writes the ready prompts and the state; a second plan gets its own execution', () => {
  const { runner, project } = setup();
  const plan = planOf('Parallel', [
    ['BackendMaster', []],
    ['FrontendExpert', []],
    ['TesterElite', [1, 2]],
  ]);
  const { state: context, validation } = runner.execute(plan, 'plan.json');
  assert.equal(validation.waves, [[1, 2], [3]]);
  const dir = `proof/execution-${context.executionId}`;
  assert.equal(readdirSync(project.path(dir)).sort(), [
    'step-1-backendmaster.prompt.md',
    'step-2-frontendexpert.prompt.md',
  ]);
  assert.is(context.stepResults[0]!.promptPath, `${dir}/step-1-backendmaster.prompt.md`);
  assert.equal(readJson(project.path(`${dir}.json`)), context);
  const second = runner.execute(plan, 'plan.json').state;
  assert.is.not(second.executionId, context.executionId);
});

test('applyAction complete hands the outputs to the prompt of the step that became ready', async () => {
  const { runner, project } = setup();
  const { state: context } = runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const dir = `proof/execution-${context.executionId}`;
  assert.not.ok(project.exists(`${dir}/step-2-frontendexpert.prompt.md`));
  const result = await runner.applyAction('latest', 1, { kind: 'complete', outputs: ['API created', 'Tests passed'] });
  assert.equal(result.rendered, [2]);
  const prompt = project.read(`${dir}/step-2-frontendexpert.prompt.md`);
  assert.match(
    prompt,
    pattern(
      /- Step 1 \(BackendMaster, completed\): Implement the authentication API[^\n]*\n {2}- Outputs: API create/,
      /d; Tests passed\n/,
    ),
  );
  assert.is(prompt.split('API created').length - 1, 1, 'the outputs of the dependency are not repeated as context');
});

test('complete records the default transcript when the person saved it there', async () => {
  const { runner, project } = setup();
  const { state: context } = runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const transcript = `proof/execution-${context.executionId}/step-1-backendmaster.transcript.md`;
  project.write(transcript, '# session');
  const result = await runner.applyAction(context.executionId, 1, { kind: 'complete' });
  assert.is(result.state.stepResults[0]!.transcriptPath, transcript);
});

test('a refused action leaves the state file and the prompts as they were', async () => {
  const { runner, project } = setup();
  runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const before = project.snapshot();
  const error = await rejection(() => runner.applyAction('latest', 3, { kind: 'complete' }));
  assert.is(error.code, 'BLOCKED');
  assert.equal(project.snapshot(), before);
});

test('prompt re-renders a ready step whose inputs changed and says so', async () => {
  const { runner, project } = setup();
  const { state: context } = runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const file = `proof/execution-${context.executionId}/step-1-backendmaster.prompt.md`;
  const unchanged = await runner.prompt('latest');
  assert.is(unchanged.written, false);
  assert.is(unchanged.text, promptBody(project.read(file)));
  assert.not.match(unchanged.text, /^<!--/);
  project.write(
    'templates/session.md.njk',
    '{% extends "builtin/session.md.njk" %}{% block task %}## Task\nCUSTOM {{ step.task }}\n\n{% endblock %}',
  );
  const fresh = new StepRunner({ config: runner.config });
  const changed = await fresh.prompt('latest', 1);
  assert.is(changed.written, true);
  assert.match(project.read(file), /CUSTOM Implement/);
});

test('prompt of a step that is not ready is a preview and writes nothing', async () => {
  const { runner, project } = setup();
  runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const before = project.snapshot();
  const preview = await runner.prompt('latest', 3);
  assert.match(preview.notReady!, /step 3 is not ready yet; it waits for steps 1, 2/);
  assert.match(preview.text, /# Step 3 of 4: TesterElite/);
  assert.equal(project.snapshot(), before);
});

test.run();
