import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { agentPhase, generatePlan, splitGoal } from '../src/plan/generate.js';
import { validatePlan } from '../src/plan/validate.js';
import { REPO } from './helpers.js';

const AGENTS = loadAgents(resolveConfig({}, REPO)).agents;
const plan = (goal: string, agents = AGENTS) => generatePlan(goal, agents, { now: '2026-01-23T00:00:00.000Z' });
const agentsOf = (goal: string) => plan(goal).plan.steps.map((step) => step.agentName);

// Each goal and the agents its plan must contain, in plan order.
const TABLE: [goal: string, agents: string[]][] = [
  ['Build a REST API with a React frontend', ['BackendMaster', 'FrontendExpert', 'IntegratorFinalizer']],
  ['Build a user authentication system', ['BackendMaster']],
  ['Create a REST API with a React frontend, add end-to-end tests, run a security audit and deploy it with Docker', ['BackendMaster', 'FrontendExpert', 'TesterElite', 'SecurityAuditor', 'DevOpsPro', 'IntegratorFinalizer']],
  ['Set up CI with GitHub Actions then write the README', ['DevOpsPro', 'IntegratorFinalizer']],
  ['Add pagination and filtering to the orders API', ['BackendMaster']],
  ['Build a dashboard with charts, then write unit tests', ['FrontendExpert', 'TesterElite', 'IntegratorFinalizer']],
  ['Migrate the database to Postgres and containerize the service', ['BackendMaster', 'DevOpsPro', 'IntegratorFinalizer']],
  ['Harden the login against brute force attacks', ['SecurityAuditor']],
  ['Write integration tests for the payment webhook', ['TesterElite']],
  ['Build a mobile-friendly signup form; validate emails on the server; deploy to staging', ['FrontendExpert', 'BackendMaster', 'DevOpsPro', 'IntegratorFinalizer']],
  ['Document the public API in the README and write a changelog', ['IntegratorFinalizer']],
  ['Add OAuth login to the backend, a settings page in Vue and a GDPR privacy review', ['BackendMaster', 'FrontendExpert', 'SecurityAuditor', 'IntegratorFinalizer']],
  ['Deploy the app to Kubernetes with Helm and add monitoring, then audit the cluster for vulnerabilities', ['SecurityAuditor', 'DevOpsPro', 'IntegratorFinalizer']],
  ['Fix the flaky Cypress tests and add a regression test for the checkout page', ['TesterElite']],
];

for (const [goal, expected] of TABLE) {
  test(`plan for "${goal}" has ${expected.join(', ')}`, () => {
    const result = plan(goal);
    assert.equal(result.plan.steps.map((step) => step.agentName), expected);
    assert.equal(validatePlan(result.plan, AGENTS).errors, [], 'the plan is valid');
  });
}

test('a REST API with a React frontend keeps the frontend (the successor dropped it)', () => {
  const { steps } = plan('a REST API with a React frontend').plan;
  assert.equal(steps.map((step) => [step.agentName, step.task, step.dependencies]), [
    ['BackendMaster', 'Build a REST API.', []],
    ['FrontendExpert', 'Build a React frontend.', [1]],
    ['IntegratorFinalizer', 'Integrate the work of steps 1–2 so that together they meet the goal: "a REST API with a React frontend". Run the whole test suite, update the documentation and write the review summary.', [2]],
  ]);
});

test('each step is phrased from its own part, not the whole goal', () => {
  const goal = 'Create a REST API with a React frontend, add end-to-end tests, run a security audit and deploy it with Docker';
  const tasks = plan(goal).plan.steps.map((step) => step.task);
  assert.equal(tasks.slice(0, 5), ['Create a REST API.', 'Create a React frontend.', 'Add end-to-end tests.', 'Run a security audit.', 'Deploy it with Docker.']);
});

test('steps are ordered build → verify → secure → ship → integrate, with dependencies between phases', () => {
  const { steps } = plan('Deploy it with Docker, run a security audit, add end-to-end tests and build the REST API').plan;
  assert.equal(steps.map((step) => step.agentName), ['BackendMaster', 'TesterElite', 'SecurityAuditor', 'DevOpsPro', 'IntegratorFinalizer']);
  assert.equal(steps.map((step) => step.dependencies), [[], [1], [2], [3], [4]]);
});

test('parallel work in a later phase waits for the whole phase before', () => {
  const { steps } = plan('Build a REST API and a React frontend, then write end-to-end tests').plan;
  assert.equal(steps.map((step) => [step.agentName, step.dependencies]), [
    ['BackendMaster', []],
    ['FrontendExpert', [1]],
    ['TesterElite', [1, 2]],
    ['IntegratorFinalizer', [3]],
  ]);
});

test('expectedOutputs come from the agent\'s outputs', () => {
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
  assert.equal(result.plan.steps.map((step) => [step.agentName, step.task]), [['IntegratorFinalizer', 'Make the coffee.']]);
  assert.match(result.warnings[0]!, /no agent's keywords match "Make the coffee": the whole goal goes to IntegratorFinalizer/);
});

test('a part that matches no agent stays with its neighbour, with a warning', () => {
  const result = plan('Build a dashboard with charts');
  assert.equal(result.plan.steps.map((step) => step.task), ['Build a dashboard with charts.']);
  assert.match(result.warnings.join('\n'), /"charts" matches no agent's keywords; kept with FrontendExpert's part/);
});

test('a restricted pool plans with those agents only, and without an integrator says so', () => {
  const pool = AGENTS.filter((agent) => ['BackendMaster', 'FrontendExpert'].includes(agent.name));
  const result = plan('Build a REST API with a React frontend and deploy it', pool);
  assert.equal(result.plan.steps.map((step) => step.agentName), ['BackendMaster', 'FrontendExpert']);
  assert.match(result.warnings.join('\n'), /no integrator agent in the pool/);
});

test('goals split on sentences, "then", commas, "and", "with"; "e.g." does not end a sentence', () => {
  assert.equal(splitGoal('Build the API. Then test it; deploy it, finally document it').map((part) => part.text), ['Build the API', 'test it', 'deploy it', 'document it']);
  assert.equal(splitGoal('Add an endpoint, e.g. with paging').map((part) => part.text), ['Add an endpoint', 'paging']);
});

test('agent phases come from their names and descriptions', () => {
  const phases = Object.fromEntries(AGENTS.map((agent) => [agent.name, agentPhase(agent)]));
  assert.equal(phases, { BackendMaster: 'build', DevOpsPro: 'ship', FrontendExpert: 'build', IntegratorFinalizer: 'integrate', SecurityAuditor: 'secure', TesterElite: 'verify' });
});

test.run();
