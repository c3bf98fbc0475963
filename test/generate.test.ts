import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { agentPhase, generatePlan, normalizeGoal, splitGoal } from '../src/plan/generate/index.js';
import { stem } from '../src/plan/generate/language.js';
import { validatePlan } from '../src/plan/validate.js';
import { REPO } from './helpers.js';

const AGENTS = loadAgents(resolveConfig({}, REPO)).agents;
const plan = (goal: string, agents = AGENTS) => generatePlan(goal, agents, { now: '2026-01-23T00:00:00.000Z' });
const agentsOf = (goal: string, agents = AGENTS) => plan(goal, agents).plan.steps.map((step) => step.agentName);

// Each goal and the agents its plan must contain, in plan order.
const TABLE: [goal: string, agents: string[]][] = [
  ['Build a REST API with a React frontend', ['BackendMaster', 'FrontendExpert', 'IntegratorFinalizer']],
  ['Build a user authentication system', ['BackendMaster']],
  [
    'Create a REST API with a React frontend, add end-to-end tests, run a security audit and deploy it with Docker',
    ['BackendMaster', 'FrontendExpert', 'TesterElite', 'SecurityAuditor', 'DevOpsPro', 'IntegratorFinalizer'],
  ],
  ['Set up CI with GitHub Actions then write the README', ['DevOpsPro', 'IntegratorFinalizer']],
  ['Add pagination and filtering to the orders API', ['BackendMaster']],
  ['Build a dashboard with charts, then write unit tests', ['FrontendExpert', 'TesterElite', 'IntegratorFinalizer']],
  [
    'Migrate the database to Postgres and containerize the service',
    ['BackendMaster', 'DevOpsPro', 'IntegratorFinalizer'],
  ],
  ['Harden the login against brute force attacks', ['SecurityAuditor']],
  ['Write integration tests for the payment webhook', ['TesterElite']],
  [
    'Build a mobile-friendly signup form; validate emails on the server; deploy to staging',
    ['FrontendExpert', 'BackendMaster', 'DevOpsPro', 'IntegratorFinalizer'],
  ],
  ['Document the public API in the README and write a changelog', ['IntegratorFinalizer']],
  [
    'Add OAuth login to the backend, a settings page in Vue and a GDPR privacy review',
    ['BackendMaster', 'FrontendExpert', 'SecurityAuditor', 'IntegratorFinalizer'],
  ],
  [
    'Deploy the app to Kubernetes with Helm and add monitoring, then audit the cluster for vulnerabilities',
    ['SecurityAuditor', 'DevOpsPro', 'IntegratorFinalizer'],
  ],
  ['Fix the flaky Cypress tests and add a regression test for the checkout page', ['TesterElite']],
];

for (const [goal, expected] of TABLE) {
  test(`plan for "${goal}" has ${expected.join(', ')}`, () => {
    const result = plan(goal);
    assert.equal(
      result.plan.steps.map((step) => step.agentName),
      expected,
    );
    assert.equal(validatePlan(result.plan, AGENTS).errors, [], 'the plan is valid');
  });
}

test('a REST API with a React frontend keeps the frontend (the successor dropped it)', () => {
  const { steps } = plan('a REST API with a React frontend').plan;
  assert.equal(
    steps.map((step) => [step.agentName, step.task, step.dependencies]),
    [
      ['BackendMaster', 'Build a REST API.', []],
      ['FrontendExpert', 'Build a React frontend.', [1]],
      [
        'IntegratorFinalizer',
        'Integrate the work of steps 1–2 so that together they meet the goal: "a REST API with a React ' +
          'frontend". Run the whole test suite, update the documentation and write the review summary.',
        [2],
      ],
    ],
  );
});

test('each step is phrased from its own part, not the whole goal', () => {
  const goal =
    'Create a REST API with a React frontend, add end-to-end tests, run a security audit and deploy it with Docker';
  const tasks = plan(goal).plan.steps.map((step) => step.task);
  assert.equal(tasks.slice(0, 5), [
    'Create a REST API.',
    'Create a React frontend.',
    'Add end-to-end tests.',
    'Run a security audit.',
    'Deploy it with Docker.',
  ]);
});

test('steps are ordered build → verify → secure → ship → integrate, with dependencies between phases', () => {
  const { steps } = plan(
    'Deploy it with Docker, run a security audit, add end-to-end tests and build the REST API',
  ).plan;
  assert.equal(
    steps.map((step) => step.agentName),
    ['BackendMaster', 'TesterElite', 'SecurityAuditor', 'DevOpsPro', 'IntegratorFinalizer'],
  );
  assert.equal(
    steps.map((step) => step.dependencies),
    [[], [1], [2], [3], [4]],
  );
});

test('parallel work in a later phase waits for the whole phase before', () => {
  const { steps } = plan('Build a REST API and a React frontend, then write end-to-end tests').plan;
  assert.equal(
    steps.map((step) => [step.agentName, step.dependencies]),
    [
      ['BackendMaster', []],
      ['FrontendExpert', [1]],
      ['TesterElite', [1, 2]],
      ['IntegratorFinalizer', [3]],
    ],
  );
});

test("expectedOutputs come from the agent's outputs", () => {
  const [step] = plan('Build a REST API').plan.steps;
  assert.equal(step!.expectedOutputs, AGENTS.find((agent) => agent.name === 'BackendMaster')!.outputs);
});

test('two different goals give different plans; the same goal gives the same plan', () => {
  const a = plan('Build a REST API').plan;
  const b = plan('Build a React frontend').plan;
  assert.not.equal(a.steps, b.steps);
  assert.equal(plan('Build a REST API').plan, a);
});

test('a goal no agent matches goes to the integrator with a warning', () => {
  const result = plan('Make the coffee');
  assert.equal(
    result.plan.steps.map((step) => [step.agentName, step.task]),
    [['IntegratorFinalizer', 'Make the coffee.']],
  );
  assert.match(
    result.warnings[0]!,
    /no agent's keywords match "Make the coffee": the whole goal goes to IntegratorFinalizer/,
  );
});

test('a part that matches no agent stays with its neighbour, with a warning', () => {
  const result = plan('Build a dashboard with charts');
  assert.equal(
    result.plan.steps.map((step) => step.task),
    ['Build a dashboard with charts.'],
  );
  assert.match(
    result.warnings.join('\n'),
    /"Build a dashboard" matches no agent's keywords; kept with FrontendExpert's part/,
    'dashboard is a generic word',
  );
});

test('a restricted pool plans with those agents only, and without an integrator says so', () => {
  const pool = AGENTS.filter((agent) => ['BackendMaster', 'FrontendExpert'].includes(agent.name));
  const result = plan('Build a REST API with a React frontend and deploy it', pool);
  assert.equal(
    result.plan.steps.map((step) => step.agentName),
    ['BackendMaster', 'FrontendExpert'],
  );
  assert.match(result.warnings.join('\n'), /no integrator agent in the pool/);
});

test('goals split on sentences, "then", commas, "and", "with"; "e.g." does not end a sentence', () => {
  assert.equal(
    splitGoal('Build the API. Then test it; deploy it, finally document it').map((part) => part.text),
    ['Build the API', 'test it', 'deploy it', 'document it'],
  );
  assert.equal(
    splitGoal('Add an endpoint, e.g. with paging').map((part) => part.text),
    ['Add an endpoint', 'paging'],
  );
});

test('agent phases come from their names and descriptions', () => {
  const phases = Object.fromEntries(AGENTS.map((agent) => [agent.name, agentPhase(agent)]));
  assert.equal(phases, {
    BackendMaster: 'build',
    DevOpsPro: 'ship',
    FrontendExpert: 'build',
    IntegratorFinalizer: 'integrate',
    SecurityAuditor: 'secure',
    TesterElite: 'verify',
  });
});

// ── Reading real goals ──────────────────────────────────────────────────────────────────────

const PUBLIC = loadAgents(resolveConfig({ agentsDir: 'test/fixtures/real-agents' }, REPO)).agents;
const routed = (goal: string, agents = AGENTS) =>
  plan(goal, agents).routing.map((part) => [part.text, part.kind, part.agents.join('+')]);

test('stemming makes a word and its forms one: deploy, deploys, deployed, deployment', () => {
  assert.equal(['deploy', 'deploys', 'deployed', 'deploying', 'deployment'].map(stem), Array(5).fill('deploy'));
  assert.equal(['audit', 'auditor', 'audits'].map(stem), ['audit', 'audit', 'audit']);
  assert.equal(
    ['container', 'contains'].map(stem),
    ['container', 'contain'],
    'a noun is not taken for a verb that stems alike',
  );
});

test('agents without keywords are routed by their name, description and the lexicon', () => {
  const noKeywords = PUBLIC.every((agent) => agent.keywords.length === 0);
  assert.ok(noKeywords, 'the public files have no keywords');
  assert.equal(agentsOf('Write a firmware driver for the SPI sensor', PUBLIC), ['arm-cortex-expert']);
  const uiOnly = AGENTS.map((agent) => (agent.name === 'FrontendExpert' ? { ...agent, keywords: [] } : agent));
  assert.equal(agentsOf('Build a Vue settings page', uiOnly), ['FrontendExpert'], 'vue → frontend through the lexicon');
});

test('multi-word terms match before single words', () => {
  assert.equal(agentsOf('Fix SQL injection in the search endpoint'), ['SecurityAuditor']);
  assert.equal(agentsOf('Write integration tests for the payment webhook'), ['TesterElite']);
  assert.equal(agentsOf('Protect the login against brute force'), ['SecurityAuditor']);
});

test('the clause\'s main verb outweighs its object nouns, and carries across "X to A, Y to B"', () => {
  assert.equal(agentsOf('Back up the Postgres database nightly'), ['DevOpsPro']);
  assert.equal(agentsOf('Deploy the API to staging, the frontend to Vercel'), ['DevOpsPro']);
  assert.equal(agentsOf('Test the checkout API'), ['TesterElite']);
  assert.equal(
    agentsOf('Upgrade React to version 19'),
    ['FrontendExpert'],
    'a crosscutting verb (upgrade) leaves the choice to its object',
  );
});

test('generic words (check, code, default, dashboard, integration) do not route on their own', () => {
  const result = plan('Check the default dashboard code');
  assert.match(result.warnings[0]!, /no agent's keywords match/);
});

test('negation scopes drop their words: non-goals, without, not, no', () => {
  assert.equal(agentsOf('Add exponential backoff to the webhook handler, without touching the UI'), ['BackendMaster']);
  assert.equal(agentsOf('Non-goals: a mobile app, new tests. Add pagination to the orders API'), ['BackendMaster']);
  assert.equal(agentsOf('Add pagination to the orders API but not the React admin'), ['BackendMaster']);
  assert.equal(routed('Add pagination to the orders API. Non-goals: Docker')[1], ['Non-goals', 'negated', '']);
});

test('background sentences are context, not steps; "fix it" is routed by what it refers to', () => {
  const parts = routed('The export button was recently added to the reports page. Make it work offline');
  assert.equal(parts[0], ['The export button was recently added to the reports page', 'background', '']);
  const bug = plan('Login fails with a 500 error when the email has a plus sign. Fix it');
  assert.equal(
    bug.plan.steps.map((step) => step.agentName),
    ['BackendMaster'],
  );
  assert.match(bug.plan.steps[0]!.task, /^Fix it\. Context: Login fails with a 500 error/);
});

test('goals split on a title colon, +, parentheses, / and purpose clauses', () => {
  assert.equal(
    splitGoal('Checkout: a cart in React + an API in Express (with validation) / docs so that users can pay').map(
      (part) => [part.text, part.kind],
    ),
    [
      ['Checkout', 'title'],
      ['a cart in React', 'step'],
      ['an API in Express', 'step'],
      ['with validation', 'step'],
      ['docs', 'step'],
      ['users can pay', 'purpose'],
    ],
  );
  assert.equal(
    splitGoal('Add a page backed by a service that reads from a new endpoint').map((part) => part.text),
    ['Add a page', 'a service', 'a new endpoint'],
  );
  assert.equal(
    splitGoal(normalizeGoal('Goals:\n- add a page\n- add an API\nNon-goals:\n- docs')).map((part) => [
      part.text,
      part.kind,
    ]),
    [
      ['Goals', 'title'],
      ['add a page', 'step'],
      ['add an API', 'step'],
      ['Non-goals', 'negated'],
      ['docs', 'negated'],
    ],
  );
});

test('a part carries two agents when both fit almost equally and work in different domains', () => {
  const result = plan('Add two-factor authentication');
  assert.equal(result.routing[0]!.agents.sort(), ['BackendMaster', 'SecurityAuditor']);
  assert.equal(
    result.plan.steps.map((step) => step.agentName),
    ['BackendMaster', 'SecurityAuditor', 'IntegratorFinalizer'],
  );
  const twins = plan('Build the order service backend in Node.js', PUBLIC).routing[0]!.agents;
  assert.is(twins.length, 1, `two agents of one domain do not both take a part: ${twins.join(', ')}`);
});

test('unknown product words are named in a warning', () => {
  const result = plan('Add Zorblax sync to the orders API');
  assert.match(result.warnings.join('\n'), /"Zorblax": no agent and no lexicon entry knows this word/);
  assert.not.match(plan('Add pagination to the orders API').warnings.join('\n'), /no lexicon entry/);
});

test('expectedOutputs fit the step: a review expects findings, tests expect tests', () => {
  const review = plan('Review the C# code for async/await misuse', PUBLIC).plan.steps[0]!;
  assert.match(review.expectedOutputs[0]!, /^Findings: each issue with its severity, the file and line/);
  const tests = plan('Test the checkout flow', PUBLIC).plan.steps[0]!;
  assert.ok(
    tests.expectedOutputs.some((output) => /tests written or changed/.test(output)),
    tests.expectedOutputs.join(' | '),
  );
  assert.equal(
    plan('Build a REST API').plan.steps[0]!.expectedOutputs,
    AGENTS.find((agent) => agent.name === 'BackendMaster')!.outputs,
  );
});

test('a step that builds and documents expects both: the build outputs first, then the documentation', () => {
  const { steps } = plan('Add a health check endpoint to the orders API and document it', PUBLIC).plan;
  assert.is(steps.length, 1);
  assert.equal(steps[0]!.expectedOutputs, [
    'The changes the task asks for, with where they are',
    'A summary of how they were verified (commands and their output)',
    'The documentation written or changed, with where it lives',
  ]);
});

test('every step says in why which words routed it', () => {
  const [step] = plan('Add pagination to the orders API').plan.steps;
  assert.match(step!.why!, /^"Add pagination to the orders API" ← pagination \(lexicon: backend\)/);
});

test.run();
