import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../src/config/validate.js';
import { loadPlan } from '../src/plan/load.js';
import { promptBody } from '../src/render/prompt.js';
import { StepRunner } from '../src/runner.js';
import { cleanup, EXAMPLE_PLAN, fixedClock, makeProject, planOf, readJson, rejection } from './helpers.js';
import * as library from '../src/index.js';

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
  ]) {
    assert.type((library as Record<string, unknown>)[name], 'function', name);
  }
});

test('initializeExecution makes an in-memory execution of a valid plan and refuses an invalid one', async () => {
  const { runner, project } = setup();
  const context = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  assert.is(context.executionId, 'exec-2026-01-23T00-17-01-717Z');
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
    /^<!-- swarm-conductor prompt · execution exec-2026-01-23T00-17-01-717Z · step 1 of 4 · agent BackendMaster/,
  );
  assert.match(prompt, /## Task\nImplement the authentication API/);
  const instructions = runner.displayStepInstructions(context, 1);
  assert.match(instructions, /^Step 1 of 4 · BackendMaster\n/);
  assert.match(instructions, /Start a session in Claude Code/);
  assert.match(
    instructions,
    /swarm-conductor complete exec-2026-01-23T00-17-01-717Z 1 --output "<what was produced>" --transcript proof\/execution-exec-2026-01-23T00-17-01-717Z\/step-1-backendmaster\.transcript\.md/,
  );
});

test('completeStep and failStep return new contexts; saveExecutionContext and loadExecutionContext round-trip', () => {
  const { runner, project } = setup();
  let context = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const initial = structuredClone(context);
  project.write('proof/t1.md', '# session\n$ npm test\n');
  context = runner.completeStep(context, 1, ['API created', 'Tests passed'], 'proof/t1.md');
  context = runner.failStep(context, 2, ['form does not submit']);
  assert.equal(initial.stepResults[0]!.status, 'pending', 'input untouched');
  const file = runner.saveExecutionContext(context);
  assert.is(file, project.path('proof', `execution-${context.executionId}.json`));
  assert.equal(readJson(file), context);
  assert.equal(runner.loadExecutionContext('latest'), context);
  assert.equal(runner.loadExecutionContext(context.executionId.slice(0, 12)), context);
});

test('generateSummary lists every step with its icon, status and outputs', () => {
  const { runner } = setup();
  let context = runner.initializeExecution(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  context = runner.completeStep(context, 1, ['API created', 'Tests passed']);
  context = runner.failStep(context, 2, ['form does not submit']);
  const summary = runner.generateSummary(context);
  assert.match(summary, /^exec-2026-01-23T00-17-01-717Z · blocked · 1 of 4 steps done\n/);
  assert.match(summary, /✓ 1 {2}BackendMaster {8}completed\n {5}outputs: API created; Tests passed\n/);
  assert.match(summary, /✗ 2 {2}FrontendExpert {7}failed\n {5}errors: form does not submit\n/);
  assert.match(summary, /○ 3 {2}TesterElite {10}pending · waits for 2\n/);
  assert.match(summary, /Blocked: step 2 failed — swarm-conductor retry exec-2026-01-23T00-17-01-717Z 2/);
});

test('execute writes the ready prompts and the state; a second plan gets its own execution', () => {
  const { runner, project } = setup();
  const plan = planOf('Parallel', [
    ['BackendMaster', []],
    ['FrontendExpert', []],
    ['TesterElite', [1, 2]],
  ]);
  const { context, validation } = runner.execute(plan, 'plan.json');
  assert.equal(validation.waves, [[1, 2], [3]]);
  const dir = `proof/execution-${context.executionId}`;
  assert.equal(readdirSync(project.path(dir)).sort(), [
    'step-1-backendmaster.prompt.md',
    'step-2-frontendexpert.prompt.md',
  ]);
  assert.is(context.stepResults[0]!.promptPath, `${dir}/step-1-backendmaster.prompt.md`);
  assert.equal(readJson(project.path(`${dir}.json`)), context);
  const second = runner.execute(plan, 'plan.json').context;
  assert.is.not(second.executionId, context.executionId);
});

test('applyAction complete hands the outputs to the prompt of the step that became ready', async () => {
  const { runner, project } = setup();
  const { context } = runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const dir = `proof/execution-${context.executionId}`;
  assert.not.ok(project.exists(`${dir}/step-2-frontendexpert.prompt.md`));
  const result = await runner.applyAction('latest', 1, { kind: 'complete', outputs: ['API created', 'Tests passed'] });
  assert.equal(result.rendered, [2]);
  const prompt = project.read(`${dir}/step-2-frontendexpert.prompt.md`);
  assert.match(
    prompt,
    /- Step 1 \(BackendMaster, completed\): Implement the authentication API[^\n]*\n {2}- Outputs: API created; Tests passed\n/,
  );
  assert.is(prompt.split('API created').length - 1, 1, 'the outputs of the dependency are not repeated as context');
});

test('complete records the default transcript when the person saved it there', async () => {
  const { runner, project } = setup();
  const { context } = runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
  const transcript = `proof/execution-${context.executionId}/step-1-backendmaster.transcript.md`;
  project.write(transcript, '# session');
  const result = await runner.applyAction(context.executionId, 1, { kind: 'complete' });
  assert.is(result.context.stepResults[0]!.transcriptPath, transcript);
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
  const { context } = runner.execute(loadPlan(EXAMPLE_PLAN), 'examples/user-auth.json');
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
