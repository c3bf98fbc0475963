import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPlan, parsePlan } from '../src/plan/load.js';
import { orderSteps } from '../src/plan/order.js';
import { validatePlan } from '../src/plan/validate.js';
import { cleanup, EXAMPLE_PLAN, makeProject, planOf, thrown, pattern } from './helpers.js';

test.after.each(cleanup);

const AGENTS = ['BackendMaster', 'FrontendExpert', 'TesterElite', 'IntegratorFinalizer'].map((name) => ({
  name,
  slug: name.toLowerCase(),
}));

test('the example plan is valid and runs 1 → 2 → 3 → 4', () => {
  const plan = loadPlan(EXAMPLE_PLAN);
  const result = validatePlan(plan, AGENTS);
  assert.equal(result.errors, []);
  assert.equal(result.order, [1, 2, 3, 4]);
  assert.equal(result.waves, [[1], [2], [3], [4]]);
});

test('order is topological with ties broken by step number; waves group steps that can run side by side', () => {
  const steps = [
    { stepNumber: 4, dependencies: [2, 3] },
    { stepNumber: 3, dependencies: [1] },
    { stepNumber: 2, dependencies: [1] },
    { stepNumber: 1, dependencies: [] },
    { stepNumber: 5, dependencies: [] },
  ];
  const result = orderSteps(steps);
  assert.equal(result.order, [1, 2, 3, 4, 5]);
  assert.equal(result.waves, [[1, 5], [2, 3], [4]]);
  assert.equal(result.cycle, []);
});

test('a YAML plan loads like a JSON one', () => {
  const project = makeProject({
    'plan.yaml':
      'goal: Ship it\nsteps:\n  - stepNumber: 1\n    agentName: BackendMaster\n    task: build\n  - ' +
      'stepNumber: 2\n    agentName: TesterElite\n    task: test\n    dependencies: [1]\n',
  });
  const plan = loadPlan(project.path('plan.yaml'));
  assert.equal(plan.steps[1], {
    stepNumber: 2,
    agentName: 'TesterElite',
    task: 'test',
    dependencies: [1],
    expectedOutputs: [],
  });
});

test('duplicate step numbers are reported', () => {
  const plan = planOf('g', [
    ['BackendMaster', []],
    ['TesterElite', []],
  ]);
  plan.steps[1]!.stepNumber = 1;
  assert.match(validatePlan(plan, AGENTS).errors.join('\n'), /step number 1 is used twice/);
});

test('an unknown agent lists the known names and suggests the closest', () => {
  const errors = validatePlan(planOf('g', [['FrontendExpret', []]]), AGENTS).errors;
  assert.is(errors.length, 1);
  assert.match(
    errors[0]!,
    pattern(
      /^steps\[0\] \(step 1\): unknown agent "FrontendExpret" — did you mean "FrontendExpert"\? \(known: Backen/,
      /dMaster, FrontendExpert, TesterElite, IntegratorFinalizer\)$/,
    ),
  );
});

test('agent names match case-insensitively', () => {
  assert.equal(validatePlan(planOf('g', [['backendmaster', []]]), AGENTS).errors, []);
});

test('a dependency on a missing step and a self-dependency are reported', () => {
  const errors = validatePlan(
    planOf('g', [
      ['BackendMaster', [1]],
      ['TesterElite', [7]],
    ]),
    AGENTS,
  ).errors;
  assert.equal(errors, [
    'steps[0] (step 1): depends on itself',
    'steps[1] (step 2): depends on step 7, which does not exist',
  ]);
});

test('a cycle is reported with the steps in it', () => {
  const plan = planOf('g', [
    ['BackendMaster', []],
    ['FrontendExpert', [1, 4]],
    ['TesterElite', [2]],
    ['IntegratorFinalizer', [3]],
  ]);
  const result = validatePlan(plan, AGENTS);
  assert.equal(result.errors, ['dependency cycle: step 2 → step 3 → step 4 → step 2']);
  assert.not.ok(result.ok);
});

test('a plan with a wrong shape lists every problem with its key', () => {
  const error = thrown(() =>
    parsePlan(
      JSON.stringify({
        goal: '',
        steps: [
          { stepNumber: 0, agentName: 'x', task: 3 },
          { stepNumber: 2, agentName: 'y', task: 't', dependencies: 'one' },
        ],
      }),
      'p.json',
    ),
  );
  assert.is(error.code, 'INVALID_FILE');
  assert.is(error.where, 'p.json');
  assert.match(error.message, /^4 problems:/);
  for (const key of ['goal:', 'steps\\[0\\]\\.stepNumber', 'steps\\[0\\]\\.task', 'steps\\[1\\]\\.dependencies'])
    assert.match(error.message, new RegExp(key));
});

test('an empty step list is refused', () => {
  assert.match(thrown(() => parsePlan('{"goal":"g","steps":[]}', 'p.json')).message, /steps: must be a non-empty list/);
});

test('a JSON syntax error names the line', () => {
  const error = thrown(() => parsePlan('{\n  "goal": "g",\n  "steps": [,]\n}', 'plan.json'));
  assert.is(error.where, 'plan.json:3');
  assert.match(error.message, /^not valid JSON/);
});

test('a missing plan file is NOT_FOUND', () => {
  assert.is(thrown(() => loadPlan('/nonexistent/plan.json', 'plan.json')).code, 'NOT_FOUND');
});

test('ordering a long chain does not recurse or slow down', () => {
  const steps = Array.from({ length: 100_000 }, (_, i) => ({ stepNumber: i + 1, dependencies: i === 0 ? [] : [i] }));
  const result = orderSteps(steps);
  assert.is(result.order.length, 100_000);
  assert.is(result.waves.length, 100_000);
  const cyclic = [...steps.slice(1), { stepNumber: 1, dependencies: [100_000] }];
  assert.is(orderSteps(cyclic).cycle.length, 100_001);
});

test.run();
