/** Teams: executions shared through git (the merge driver), steps delegated to GitHub (a fake gh). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitSetup } from '../src/team/git.js';
import { commitStep, git, PLAN, stateIn, twoClones } from './git.js';
import { mergeStates } from '../src/team/merge.js';
import {
  completeStep,
  createExecution,
  failStep,
  recordPullRequest,
  reopenStep,
  retryStep,
  settlePullRequest,
} from '../src/state/transitions.js';
import type { ExecutionContext, ExecutionPlan } from '../src/types.js';
import {
  CLI,
  cleanup,
  cli,
  cliIn,
  makeProject,
  makeTempDir,
  pattern,
  type Project,
  projectAt,
  REPO,
  readJson,
  refused,
} from './helpers.js';

test.after.each(cleanup);

test('two clones complete different steps of one execution: the merge is clean in both', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  assert.match(
    readFileSync(path.join(a, '.gitattributes'), 'utf8'),
    /^proof\/execution-\*\.json merge=swarm-conductor\nproof\/execution-\*\/\*\.prompt\.md merge=swarm-conductor\n$/,
  );
  assert.match(git(b, 'config', '--get', 'merge.swarm-conductor.driver').out, / merge-state %O %A %B %P\n$/);
  await commitStep(a, ['complete', id, '1', '--output', 'API done'], 'step 1');
  assert.is(git(a, 'push', '-q').code, 0);
  await commitStep(b, ['complete', id, '2', '--output', 'UI done'], 'step 2');
  const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  assert.is(pull.code, 0, pull.out);
  assert.match(pull.out, /merged exec-\S+ step by step; step 1 from theirs/);
  const merged = stateIn(b, file);
  assert.equal(
    merged.stepResults.map((step) => step.status),
    ['completed', 'completed', 'pending'],
  );
  assert.equal(merged.priorContext, ['Step 1 (BackendMaster): API done', 'Step 2 (FrontendExpert): UI done']);
  assert.is(merged.currentStep, 3);
  assert.is(git(b, 'push', '-q').code, 0);
  assert.is(git(a, 'pull', '-q', '--no-rebase', '--no-edit').code, 0);
  for (const dir of [a, b]) {
    const status = await cli(dir, 'status', id);
    assert.match(status.stdout, /✓ 1 {2}BackendMaster {8}completed\n {5}outputs: API done/);
    assert.match(status.stdout, /✓ 2 {2}FrontendExpert {7}completed\n {5}outputs: UI done/);
    assert.match(status.stdout, /○ 3 {2}IntegratorFinalizer {2}pending · ready/);
    // The step both were waiting for is handed both outputs.
    const prompt = (await cli(dir, 'prompt', id, '3')).stdout;
    assert.match(
      prompt,
      /- Step 1 \(BackendMaster, completed\): Build the API\n {2}- Outputs: API done\n- Step 2 \(FrontendExpert, comp/,
    );
    assert.match(prompt, /- Step 2 \(FrontendExpert, completed\): Build the UI\n {2}- Outputs: UI done\n/);
  }
  assert.equal(stateIn(a, file), stateIn(b, file));
});

test('a step finished differently on both sides is a conflict: status shows it, resolve settles it', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  await commitStep(a, ['complete', id, '1', '--output', 'API v1'], 'step 1 done');
  git(a, 'push', '-q');
  await commitStep(b, ['fail', id, '1', '--error', 'the API does not build'], 'step 1 failed');
  const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  assert.is.not(pull.code, 0, 'git reports the conflict');
  assert.match(pull.out, /; step 1 recorded differently on both sides: status shows them/);
  const status = await cli(b, 'status', id);
  assert.match(
    status.stdout,
    pattern(
      /⚠ conflict: two clones recorded different results for this step\n {7}ours: {3}failed: the API does not b/,
      /uild\n {7}theirs: completed: API v1\n {7}the result not taken is kept as an earlier attempt\n {7}settle it: /,
      /swarm-conductor resolve exec-\S+ 1 --take ours\|theirs/,
    ),
  );
  assert.match(status.stdout, /\nConflict: step 1 recorded differently by two clones — swarm-conductor resolve /);
  await refused(
    projectAt(b),
    ['complete', id, '1', '--output', 'x'],
    pattern(
      /cannot complete step 1 \(BackendMaster\): two clones recorded different results for it \(ours failed, th/,
      /eirs completed\)/,
    ),
  );
  const resolved = await cli(b, 'resolve', id, '1', '--take', 'theirs');
  assert.is(resolved.code, 0, resolved.stderr);
  assert.match(resolved.stdout, /kept theirs — completed/);
  const state = stateIn(b, file);
  assert.equal([state.stepResults[0]!.status, state.stepResults[0]!.conflict], ['completed', undefined]);
  assert.equal(state.priorContext, ['Step 1 (BackendMaster): API v1']);
  const aside = state.stepResults[0]!.history![0]!;
  assert.equal([aside.status, aside.action, aside.errors], ['failed', 'resolve', ['the API does not build']]);
  git(b, 'add', '-A');
  assert.is(git(b, 'commit', '-qm', 'merged').code, 0);
  await refused(projectAt(b), ['resolve', id, '1', '--take', 'ours'], /has no merge conflict to resolve/);
  await refused(projectAt(b), ['resolve', id, '2', '--take', 'mine'], /--take must be ours or theirs/);
});

test('without the driver, a state git merged as text says what happened and how to register the driver', async () => {
  const { a, b, id } = await twoClones({ driver: false });
  await commitStep(a, ['complete', id, '1', '--output', 'API done'], 'step 1');
  git(a, 'push', '-q');
  await commitStep(b, ['complete', id, '2', '--output', 'UI done'], 'step 2');
  git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  await refused(
    projectAt(b),
    ['status', id],
    pattern(
      /git merged this execution state as text and left conflict markers in it: the swarm-conductor merge drive/,
      /r was not registered in this clone\n {2}hint: register it, then merge the file again with git checkout -/,
      /m proof\/execution-\S+\.json; swarm-conductor git setup registers the driver/,
    ),
  );
  // Registering the driver and merging the file again with it gives the clean merge.
  assert.is((await cli(b, 'git', 'setup')).code, 0);
  const again = git(b, 'checkout', '-m', `proof/execution-${id}.json`);
  assert.is(again.code, 0, again.out);
  assert.equal(
    stateIn(b, `proof/execution-${id}.json`).stepResults.map((step) => step.status),
    ['completed', 'completed', 'pending'],
  );
});

test('git setup outside a repository is refused; --dry-run shows what it would do', async () => {
  const project = makeProject();
  await refused(project, ['git', 'setup'], /is not in a git repository\n {2}hint: run git init first/);
  const empty = projectAt(makeTempDir('swarm-conductor-nogit-'));
  await refused(empty, ['init', '--git'], /is not in a git repository\n {2}hint: run git init first/);
  git(project.root, 'init', '-q');
  const dry = await cli(project.root, 'git', 'setup', '--dry-run');
  assert.match(
    dry.stdout,
    pattern(
      /^would add to \.gitattributes: proof\/execution-\*\.json merge=swarm-conductor\n/,
      /would add to \.gitattributes: proof\/execution-\*\/\*\.prompt\.md merge=swarm-conductor\n/,
      /would run: git config me/,
      /rge\.swarm-conductor\.name/,
    ),
  );
  assert.not.ok(project.exists('.gitattributes'));
});

test('merge-state on its own: one side per step, conflicts kept with both sides, context recomputed', () => {
  const plan: ExecutionPlan = {
    goal: 'g',
    steps: PLAN.steps.map((step) => ({ dependencies: [], expectedOutputs: [], ...step })),
  };
  const base = createExecution(plan, {
    executionId: 'exec-1',
    planFilename: 'p.json',
    now: '2026-12-01T09:00:00.000Z',
  });
  const ours = completeStep(base, 2, { now: '2026-12-01T09:20:00.000Z', outputs: ['UI'] });
  const theirs = completeStep(base, 1, { now: '2026-12-01T09:10:00.000Z', outputs: ['API'] });
  const clean = mergeStates(base, ours, theirs, '2026-12-01T10:00:00.000Z');
  assert.equal([clean.fromTheirs, clean.conflicts], [[1], []]);
  assert.equal(
    clean.state.priorContext,
    ['Step 1 (BackendMaster): API', 'Step 2 (FrontendExpert): UI'],
    'in the order they finished',
  );
  const failed = failStep(base, 2, ['broke'], { now: '2026-12-01T09:30:00.000Z' });
  const conflict = mergeStates(base, ours, failed, '2026-12-01T10:00:00.000Z');
  assert.equal(conflict.conflicts, [2]);
  assert.equal(
    [conflict.state.stepResults[1]!.conflict!.ours.status, conflict.state.stepResults[1]!.conflict!.theirs.status],
    ['completed', 'failed'],
  );
  assert.throws(() => mergeStates(base, ours, { ...theirs, executionId: 'exec-2' }, 'now'), /different executions/);
  // Both completed step 1 with the same outputs, at different times; step 3 became ready on both sides.
  const twice = (state: ExecutionContext, at: string) => completeStep(state, 1, { now: at, outputs: ['API'] });
  const mine = twice(completeStep(base, 2, { now: '2026-12-01T09:20:00.000Z', outputs: ['UI'] }), '2026-12-01T09:40Z');
  const yours = twice(completeStep(base, 2, { now: '2026-12-01T09:25:00.000Z', outputs: ['UI'] }), '2026-12-01T09:45Z');
  const agreed = mergeStates(base, mine, yours, '2026-12-01T10:00:00.000Z');
  assert.equal(
    [agreed.conflicts, agreed.state.stepResults.map((step) => step.endTime)],
    [[], ['2026-12-01T09:40Z', '2026-12-01T09:20:00.000Z', undefined]],
  );
  assert.is(agreed.state.currentStep, 3);
});

// ── GitHub, through a fake gh on PATH ─────────────────────────────────────────────────────────

const FAKE_GH = path.join(REPO, 'test/fixtures/gh');

function github() {
  const project = makeProject({ 'plan.json': JSON.stringify(PLAN) });
  const state = makeTempDir('swarm-conductor-gh-');
  const log = path.join(state, 'calls.log');
  const env = { PATH: `${FAKE_GH}:${process.env.PATH}`, FAKE_GH_LOG: log, FAKE_GH_STATE: state };
  const calls = () => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { project, env, calls, state };
}

async function executedIn(project: Project): Promise<string> {
  const run = await cli(project.root, 'execute', 'plan.json');
  return /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
}

test('delegate gives the step prompt to a Copilot coding-agent task and records it; --dry-run prints', async () => {
  const { project, env, calls, state } = github();
  project.write('.conductorrc.json', JSON.stringify({ target: 'copilot-delegate' }));
  const id = await executedIn(project);
  const dry = await cliIn(env, project.root, 'delegate', id, '1', '--dry-run');
  assert.is(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    pattern(
      /^would run: \S+ prompt exec-\S+ 1 \| gh agent-task create --from-file -\n {2}and where gh has no agent-t/,
      /ask command: \S+ prompt exec-\S+ 1 \| gh issue create '--title=exec-\S+ step 1: Build the API' --body-fil/,
      /e - --assignee=Copilot\n$/,
    ),
  );
  assert.is(dry.stderr, '', 'no note: the target is copilot-delegate');
  assert.equal(calls(), [], 'nothing ran');
  const done = await cliIn(env, project.root, 'delegate', id, '1');
  assert.is(done.code, 0, done.stderr);
  const session = 'https://github.com/acme/shop/pull/15/agent-sessions/e2fa49d2-f164-4a56-ab99-498090b8fcdf';
  assert.is(
    done.stdout,
    `✓ Step 1 handed to GitHub as a Copilot coding agent task: ${session}\n` +
      '  Its pull request, recorded on the step: https://github.com/acme/shop/pull/15\n' +
      `  swarm-conductor sync ${id} settles the step when it merges.\n`,
  );
  assert.equal(calls(), ['agent-task create --from-file -']);
  // The coding agent gets what `prompt` prints: no comments for the person, a closing that asks for a pull request.
  const body = readFileSync(path.join(state, 'body.md'), 'utf8');
  assert.is(body, `${(await cli(project.root, 'prompt', id, '1')).stdout}`);
  assert.match(body, /^# Step 1 of 3: BackendMaster\n/);
  assert.not.match(body, /<!--/);
  assert.match(body, /The pull request description is the final message: what changed/);
  const step = readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`)).stepResults[0]!;
  assert.equal(
    [step.status, step.delegation?.via, step.delegation?.url, step.pr?.url],
    ['running', 'agent-task', session, 'https://github.com/acme/shop/pull/15'],
  );
  const status = (await cli(project.root, 'status', id)).stdout;
  assert.match(
    status,
    /delegated: https:\/\/github\.com\/acme\/shop\/pull\/15\/agent-sessions\/\S+ \(Copilot coding agent task\)/,
  );
  assert.match(status, /pull request: https:\/\/github\.com\/acme\/shop\/pull\/15 \(not synced yet\)/);
  // sync follows the pull request the task opened, with nothing recorded by hand.
  const synced = await cliIn(env, project.root, 'sync', id);
  assert.is(synced.code, 0, synced.stderr);
  assert.match(
    synced.stdout,
    /^step 1: https:\/\/github\.com\/acme\/shop\/pull\/15 is open, checks none → still running$/m,
  );
});

test('a delegated task only queued is recorded; its pull request comes later with complete --pr', async () => {
  const { project, env, state } = github();
  const id = await executedIn(project);
  writeFileSync(path.join(state, 'queued'), '');
  const done = await cliIn(env, project.root, 'delegate', id, '1');
  assert.is(done.code, 0, done.stderr);
  assert.match(
    done.stdout,
    pattern(
      /^✓ Step 1 handed to GitHub as a Copilot coding agent task: https:\/\/github\.com\/copilot\/agents\n {2}When/,
      / its pull request is open: swarm-conductor complete exec-\S+ 1 --pr <url>\n/,
    ),
  );
  const step = readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`)).stepResults[0]!;
  assert.equal(
    [step.status, step.delegation?.url, step.pr],
    ['running', 'https://github.com/copilot/agents', undefined],
  );
});

test('delegate falls back to an issue assigned to the coding agent where gh has no agent-task command', async () => {
  const { project, env, calls, state } = github();
  writeFileSync(path.join(state, 'no-agent-task'), '');
  project.write('.conductorrc.json', JSON.stringify({ delegateAssignee: 'copilot-swe-agent' }));
  const id = await executedIn(project);
  const done = await cliIn(env, project.root, 'delegate', id, '2');
  assert.is(done.code, 0, done.stderr);
  assert.match(done.stdout, /as an issue assigned to the coding agent: https:\/\/github\.com\/acme\/shop\/issues\/77/);
  assert.equal(calls(), [
    'agent-task create --from-file -',
    `issue create --title=${id} step 2: Build the UI --body-file - --assignee=copilot-swe-agent`,
  ]);
  assert.match(readFileSync(path.join(state, 'body.md'), 'utf8'), /^# Step 2 of 3: FrontendExpert\n/);
  assert.match(
    done.stderr,
    /^note: the prompt was written for target generic; with target copilot-delegate in the config \(then prompt --r/,
  );
});

test('gh missing, or not logged in: one line saying so, exit 1, nothing recorded', async () => {
  const { project, env, state } = github();
  const id = await executedIn(project);
  const before = project.snapshot();
  const missing = await cliIn({ PATH: '/nonexistent' }, project.root, 'delegate', id, '1');
  assert.equal([missing.code, missing.stderr.split('\n')[0]], [1, 'error: gh (the GitHub CLI) is not on PATH']);
  writeFileSync(path.join(state, 'logged-out'), '');
  const out = await cliIn(env, project.root, 'delegate', id, '1');
  assert.equal([out.code, out.stderr.split('\n')[0]], [1, 'error: gh is not logged in to GitHub']);
  assert.match(out.stderr, /hint: run gh auth login, then try again/);
  assert.equal(project.snapshot(), before);
  await refused(project, ['delegate', id, '3'], /step 3 waits for step 1 \(pending\), step 2 \(pending\)\n.*--force/);
  assert.is(
    (await cliIn(env, project.root, 'delegate', id, '3', '--force', '--dry-run')).code,
    0,
    '--force lets it go',
  );
});

test('complete --pr records a pull request; sync settles each step from what gh pr view says', async () => {
  const { project, env, calls } = github();
  const plan = {
    goal: 'four',
    steps: [1, 2, 3, 4].map((n) => ({ stepNumber: n, agentName: 'BackendMaster', task: `Part ${n}` })),
  };
  project.write('plan.json', JSON.stringify(plan));
  const id = await executedIn(project);
  for (const [step, pr] of [
    [1, 11],
    [2, 12],
    [3, 13],
    [4, 14],
  ] as const) {
    const recorded = await cli(
      project.root,
      'complete',
      id,
      String(step),
      '--pr',
      `https://github.com/acme/shop/pull/${pr}`,
    );
    assert.is(recorded.code, 0, recorded.stderr);
  }
  const next = (await cli(project.root, 'next', id)).stdout;
  assert.match(
    next,
    /\n {4}waits: {3}for https:\/\/github\.com\/acme\/shop\/pull\/11 — swarm-conductor sync exec-\S+ settles it when/,
  );
  assert.not.match(next, /record: /);
  const waiting = (await cli(project.root, 'status', id)).stdout;
  assert.match(waiting, /pull request: https:\/\/github\.com\/acme\/shop\/pull\/11 \(not synced yet\)/);
  assert.match(waiting, /\nWaiting: steps 1, 2, 3, 4 on a pull request — swarm-conductor sync exec-\S+ settles it\n/);
  const dry = await cliIn(env, project.root, 'sync', id, '--dry-run');
  assert.ok(
    dry.stdout.startsWith(
      'would run: gh pr view --json state,mergedAt,statusCheckRollup,url -- https://github.com/acme/shop/pull/11\n',
    ),
    dry.stdout,
  );
  assert.equal(calls(), []);
  const synced = await cliIn(env, project.root, 'sync', id);
  assert.is(synced.code, 0, synced.stderr);
  assert.equal(synced.stdout.trim().split('\n'), [
    'step 1: https://github.com/acme/shop/pull/11 is merged, checks passing → ✓ completed',
    'step 2: https://github.com/acme/shop/pull/12 is merged, checks failing: e2e tests → ✗ failed',
    'step 3: https://github.com/acme/shop/pull/13 is closed, checks none → ✗ failed',
    'step 4: https://github.com/acme/shop/pull/14 is open, checks pending → still running',
  ]);
  const state = readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`));
  assert.equal(
    state.stepResults.map((step) => step.status),
    ['completed', 'failed', 'failed', 'running'],
  );
  assert.equal(state.stepResults[0]!.outputs, ['pull request merged: https://github.com/acme/shop/pull/11']);
  assert.equal(state.stepResults[1]!.errors, [
    'pull request merged with failing checks (e2e tests): https://github.com/acme/shop/pull/12',
  ]);
  assert.equal(state.stepResults[3]!.pr!.seen!.checks, 'pending');
  assert.match(
    (await cli(project.root, 'status', id)).stdout,
    /pull request: https:\/\/github\.com\/acme\/shop\/pull\/14 \(open · checks pending, seen /,
  );
  await refused(project, ['complete', id, '4', '--pr', 'not a url'], /--pr not a url is not a pull request URL/);
  await refused(
    project,
    ['complete', id, '4', '--pr', 'https://github.com/acme/shop/pull/15', '--output', 'x'],
    /--pr records a pull request; the step completes when it merges/,
  );
});

test("git setup warns when the driver would name a copy in npx's cache", () => {
  const project = makeProject();
  git(project.root, 'init', '-q');
  const input = { root: project.root, proofDir: project.path('proof'), dryRun: true, env: process.env };
  const npx = gitSetup({ ...input, program: "'/usr/bin/node' '/home/a/.npm/_npx/1f2e/node_modules/.bin/x'" });
  assert.match(npx.warning ?? '', /npx's cache, which npm may clean away .*\(npm i -D swarm-conductor\)/);
  const local = gitSetup({ ...input, program: "'/usr/bin/node' '/p/node_modules/swarm-conductor/bin/x.cjs'" });
  assert.is(local.warning, undefined);
});

test('a prompt file git left with conflict markers is reported stale; prompt --refresh rewrites it whole', async () => {
  const project = makeProject({ 'plan.json': JSON.stringify(PLAN) });
  const id = await executedIn(project);
  const file = `proof/execution-${id}/step-1-backendmaster.prompt.md`;
  const written = project.read(file);
  const theirs = written.replace('Build the API', 'Build the API, v2');
  project.write(file, `<<<<<<< HEAD\n${written}=======\n${theirs}>>>>>>> origin/main\n`);
  const next = await cli(project.root, 'next', id);
  assert.match(next.stdout, /step-1-backendmaster\.prompt\.md \(stale: what it is made from changed/);
  assert.match((await cli(project.root, 'prompt', id, '1')).stdout, /^# Step 1 of 3: BackendMaster\n/);
  assert.is(project.read(file), written, 'rewritten as rendered from the inputs both sides share');
  project.write(file, `<<<<<<< HEAD\n${written}=======\n${theirs}>>>>>>> origin/main\n`);
  assert.match((await cli(project.root, 'prompt', id, '--refresh')).stdout, /prompt rewritten: step 1/);
  assert.is(project.read(file), written);
});

test('merge-state with a side that is not a state: exit 1, our side kept and marked, what to do', async () => {
  const project = makeProject({ 'plan.json': JSON.stringify(PLAN) });
  const id = await executedIn(project);
  const file = `proof/execution-${id}.json`;
  project.write('theirs.json', '{bad');
  project.write('ours.json', project.read(file));
  const before = project.snapshot();
  const merged = await cli(project.root, 'merge-state', file, 'ours.json', 'theirs.json', file);
  assert.is(merged.code, 1, merged.stderr);
  assert.match(
    merged.stderr,
    pattern(
      /^error: proof\/execution-\S+\.json: not merged: their side cannot be read \(execution state is unreadable: /,
      /not valid JSON [^\n]*\n {2}hint: repair it in the commit it came from and merge again, or keep one side: /,
      /git checkout --ours -- proof\/execution-\S+\.json \(or --theirs\), then git add it\n/,
    ),
  );
  const marked = readJson<ExecutionContext>(project.path('ours.json'));
  assert.match(marked.mergeRefused!.reason, /their side cannot be read/);
  assert.equal(
    { ...marked, mergeRefused: undefined },
    { ...readJson<ExecutionContext>(project.path(file)), mergeRefused: undefined },
  );
  const { 'ours.json': _ours, ...others } = project.snapshot();
  const { 'ours.json': _before, ...othersBefore } = before;
  assert.equal(others, othersBefore, 'nothing else changed');
});

test('retry and reopen keep the pull request with the attempt that ended: sync does not settle the step again', () => {
  const plan: ExecutionPlan = {
    goal: 'g',
    steps: [{ stepNumber: 1, agentName: 'A', task: 't', dependencies: [], expectedOutputs: [] }],
  };
  const now = '2026-12-01T09:00:00.000Z';
  const options = { now, force: false };
  const base = createExecution(plan, { executionId: 'exec-1', planFilename: 'p.json', now });
  const url = 'https://github.com/acme/shop/pull/11';
  const recorded = recordPullRequest(base, 1, url, options);
  const merged = settlePullRequest(recorded, 1, { state: 'MERGED', checks: 'passing', at: now }, options);
  const reopened = reopenStep(merged, 1, { now });
  const closed = settlePullRequest(recorded, 1, { state: 'CLOSED', checks: 'none', at: now }, options);
  const retried = retryStep(closed, 1, { now });
  for (const [again, ended] of [
    [reopened, 'completed'],
    [retried, 'failed'],
  ] as const) {
    const step = again.stepResults[0]!;
    assert.equal(
      [step.status, step.pr, step.history?.[0]?.status, step.history?.[0]?.pullRequest],
      ['pending', undefined, ended, url],
    );
  }
});

test('a step recorded elsewhere while gh made its task: refused, and the error names the task', async () => {
  const { project, env, state } = github();
  const id = await executedIn(project);
  writeFileSync(
    path.join(state, 'while-creating.sh'),
    `'${process.execPath}' '${CLI}' --cwd '${project.root}' skip ${id} 1 --reason 'done by hand'\n`,
  );
  const done = await cliIn(env, project.root, 'delegate', id, '1');
  assert.is(done.code, 2, done.stderr);
  assert.match(
    done.stderr,
    pattern(
      /cannot delegate step 1 \(BackendMaster\)[^\n]*; GitHub has the task already: /,
      /https:\/\/github\.com\/acme\/shop\/pull\/15\/agent-sessions\/\S+\n {2}hint: close it on GitHub, or record /,
      /its pull request with complete --pr/,
    ),
  );
  const step = readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`)).stepResults[0]!;
  assert.equal([step.status, step.delegation], ['skipped', undefined]);
});

test.run();
