/**
 * Goals as people write them: an issue pasted as markdown, `plan --file`, `plan -`, a file name
 * given as the goal, and `execute latest` after several plans.
 */
import { spawnSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, cleanup, cli, makeProject, type Project, readJson, refused } from './helpers.js';

test.after.each(cleanup);

const ISSUE = `# Export orders to CSV

<!-- Thanks for filing! Describe the feature below. -->
Users asked to export their order history. Right now they copy rows by hand.

## Requirements
- [ ] Add a GET /orders/export endpoint that streams CSV from **Postgres**
- [ ] Add an "Export" button to the orders page in React
- [ ] Document the endpoint in [the API docs](https://example.test/docs)

\`\`\`sql
SELECT * FROM orders WHERE deploy_kubernetes = true;
\`\`\`

## Non-goals
- PDF export
- Deploying a new Kubernetes cluster
`;

interface Step {
  stepNumber: number;
  agentName: string;
  task: string;
}

/** Runs the built CLI with `input` on its standard input. */
function withStdin(project: Project, input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: project.root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function stepsOf(stdout: string): Step[] {
  return JSON.parse(stdout).plan.steps;
}

function assertIssueRead(steps: Step[]): void {
  const tasks = steps.map((step) => step.task).join('\n');
  assert.not.match(tasks, /#|Requirements|Non-goals|\[ \]|<!--|\*\*|https:/, 'no markup or heading in a task');
  assert.not.match(tasks, /PDF|Kubernetes cluster/, 'no non-goal became work');
  assert.not.match(tasks, /SELECT/, 'code is not work');
  const agents = steps.map((step) => step.agentName);
  assert.not.ok(agents.includes('DevOpsPro'), `the Kubernetes non-goal routed nothing: ${agents.join(', ')}`);
  const backend = steps.find((step) => step.agentName === 'BackendMaster');
  assert.match(backend?.task ?? '', /^Add a GET \/orders\/export endpoint that streams CSV from Postgres/);
  assert.match(steps.find((step) => step.agentName === 'FrontendExpert')?.task ?? '', /"Export" button/);
}

test('an issue pasted as markdown: headings are context, non-goals and code are left out, markup is gone', async () => {
  const project = makeProject();
  const result = await cli(project.root, 'plan', ISSUE, '--json');
  assert.is(result.code, 0, result.stderr);
  assertIssueRead(stepsOf(result.stdout));
  const goal = JSON.parse(result.stdout).plan.goal as string;
  assert.match(goal, /^Export orders to CSV: Users asked to export their order history\./);
  assert.match(goal, /Non-goals: PDF export, Deploying a new Kubernetes cluster\.$/, 'the goal still says them');
});

test('plan --explain lists the non-goals as left out, and the headings as context', async () => {
  const project = makeProject();
  const result = await cli(project.root, 'plan', ISSUE, '--explain');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^ {2}"Export orders to CSV" — title, context for what follows$/m);
  assert.match(result.stdout, /^ {2}"Requirements" — heading, context for what follows$/m);
  assert.match(result.stdout, /^ {2}"Users asked to export their order history" — background, not a step$/m);
  assert.match(result.stdout, /^ {2}"PDF export" — non-goal: left out of the plan$/m);
  assert.match(result.stdout, /^ {2}"Deploying a new Kubernetes cluster" — non-goal: left out of the plan$/m);
});

test('a bug report with no work section: its title is the work', async () => {
  const project = makeProject();
  const report = '# Fix the login API returning 500 for expired tokens\n\n## Steps to reproduce\n1. Log in\n2. Wait\n';
  const result = await cli(project.root, 'plan', report, '--json');
  assert.is(result.code, 0, result.stderr);
  const steps = stepsOf(result.stdout);
  assert.match(steps[0]!.task, /Fix the login API returning 500 for expired tokens/);
  assert.not.match(steps.map((step) => step.task).join(' '), /Log in|Wait/);
});

test('plan --file reads an issue from a file; plan - and --file - read standard input', async () => {
  const project = makeProject({ 'issue.md': ISSUE });
  const fromFile = await cli(project.root, 'plan', '--file', 'issue.md', '--json');
  assert.is(fromFile.code, 0, fromFile.stderr);
  assertIssueRead(stepsOf(fromFile.stdout));
  for (const args of [
    ['plan', '-', '--json'],
    ['plan', '--file', '-', '--json'],
  ]) {
    const piped = withStdin(project, ISSUE, ...args);
    assert.is(piped.code, 0, `${args.join(' ')}: ${piped.stderr}`);
    assertIssueRead(stepsOf(piped.stdout));
  }
  assert.is(project.snapshot()['issue.md'], ISSUE);
});

test('plan prd.md is refused, not planned as "Integrate prd.md"; bad --file input names the file', async () => {
  const project = makeProject({ 'prd.md': ISSUE, docs: { 'x.txt': 'x' } });
  await refused(
    project,
    ['plan', 'prd.md'],
    /error: "prd\.md" is a file name, not a goal\n.*plan --file prd\.md reads/,
  );
  await refused(project, ['plan', '--file', 'missing.md'], /error: goal file not found: missing\.md/);
  await refused(project, ['plan', '--file', 'docs'], /error: docs is a folder, not a goal file/);
  await refused(
    project,
    ['plan', 'Build it', '--file', 'prd.md'],
    /error: give the goal either as words or with --file/,
  );
  const empty = withStdin(project, '', 'plan', '-');
  assert.is(empty.code, 2);
  assert.match(empty.stderr, /error: say what the plan is for/);
});

test('execute latest, and execute with no plan, take the newest plan in plansDir', async () => {
  const project = makeProject();
  const first = await cli(project.root, 'plan', 'Build a REST API', '--json');
  const second = await cli(project.root, 'plan', 'Build a React page', '--json');
  const [older, newer] = [JSON.parse(first.stdout).file, JSON.parse(second.stdout).file] as [string, string];
  // A fresh clone gives every file one time: the name (its timestamp) decides.
  const now = new Date();
  utimesSync(project.path(older), now, now);
  utimesSync(project.path(newer), now, now);
  for (const args of [['execute', 'latest'], ['execute']]) {
    const result = await cli(project.root, ...args);
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Execution exec-\\S+ created from ${newer.replace(/[.]/g, '\\.')}$`, 'm'));
  }
  // The newer by time wins over the name.
  const later = new Date(now.getTime() + 60_000);
  utimesSync(project.path(older), later, later);
  const result = await cli(project.root, 'execute', '--json');
  assert.is(readJson(project.path(JSON.parse(result.stdout).stateFile)).planFilename, older);
});

test('execute latest with no plan written yet says how to write one, and writes nothing', async () => {
  const project = makeProject();
  await refused(project, ['execute', 'latest'], /error: no plan in proof\/plans to execute\n.*plan "<your goal>"/);
  await refused(project, ['execute'], /error: no plan in proof\/plans to execute/);
});

test.run();
