/**
 * Teams of two or three clones and a bare remote: a merge loses no attempt, transcript, verdict
 * or result of either side, bookkeeping never fights a result, a refused merge leaves a mark
 * every command sees, prompt files are the same in every clone, and `sync` survives a GitHub
 * that hangs, fails for one pull request or answers oddly.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeStates } from '../src/team/merge.js';
import {
  completeStep,
  createExecution,
  recordHeadless,
  recordPullRequest,
  recordVerification,
  reopenStep,
  settlePullRequest,
  startStep,
} from '../src/state/transitions.js';
import type { ExecutionContext, ExecutionPlan, StepVerification } from '../src/types.js';
import { commitStep, git, stateIn, twoClones } from './git.js';
import { cleanup, cli, cliIn, makeProject, makeTempDir, pattern, type Project, projectAt, REPO } from './helpers.js';

test.after.each(cleanup);

const CLAUDE_SESSION = (id: string, step: number) =>
  [
    {
      type: 'user',
      uuid: 'u1',
      sessionId: 's',
      cwd: '/work',
      message: { role: 'user', content: `# Step ${step} of 3\nExecution: ${id}` },
    },
    {
      type: 'assistant',
      uuid: 'u2',
      sessionId: 's',
      message: {
        id: 'm1',
        role: 'assistant',
        content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'npm test' } }],
      },
    },
    {
      type: 'user',
      uuid: 'u3',
      sessionId: 's',
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ℹ pass 12\nℹ fail 0' }] },
    },
    {
      type: 'assistant',
      uuid: 'u4',
      sessionId: 's',
      message: { id: 'm2', role: 'assistant', content: [{ type: 'text', text: 'All 12 tests pass.' }] },
    },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');

test('same result, evidence on one side only: the merged state keeps the transcript and its verdict', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  await commitStep(a, ['complete', id, '1', '--output', 'API'], 'step 1 on a');
  git(a, 'push', '-q');
  writeFileSync(path.join(b, 'session.jsonl'), CLAUDE_SESSION(id, 1));
  await commitStep(b, ['complete', id, '1', '--output', 'API', '--transcript', 'session.jsonl', '--verify'], 'b');
  const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  assert.is(pull.code, 0, pull.out);
  const step = stateIn(b, file).stepResults[0]!;
  assert.equal(
    [step.status, step.outputs, step.transcriptPath, step.verification?.verdict],
    ['completed', ['API'], 'session.jsonl', 'verified'],
  );
  // And the other way round: the side without evidence pulls the side with it.
  git(b, 'push', '-q');
  assert.is(git(a, 'pull', '-q', '--no-rebase', '--no-edit').code, 0);
  assert.is(stateIn(a, file).stepResults[0]!.verification?.verdict, 'verified');
});

test('attempts of both clones are kept: reopened twice on one side, once on the other', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  await commitStep(a, ['complete', id, '1', '--output', 'API v1'], 'v1');
  git(a, 'push', '-q');
  assert.is(git(b, 'pull', '-q', '--no-rebase', '--no-edit').code, 0);
  await commitStep(a, ['reopen', id, '1'], 'reopen');
  await commitStep(a, ['complete', id, '1', '--output', 'API v2'], 'v2');
  await commitStep(a, ['reopen', id, '1'], 'reopen again');
  git(a, 'push', '-q');
  await commitStep(b, ['reopen', id, '1'], 'reopen on b');
  const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  assert.is(pull.code, 0, pull.out);
  const step = stateIn(b, file).stepResults[0]!;
  assert.equal(
    step.history!.map((attempt) => [attempt.attempt, attempt.status, attempt.outputs]),
    [
      [1, 'completed', ['API v1']],
      [2, 'completed', ['API v2']],
    ],
  );
  assert.is(step.status, 'pending');
  // Both reopened attempt 1: it ended when the first of them did.
  assert.is(step.history![0]!.at, stateIn(a, file).stepResults[0]!.history![0]!.at);
  const status = (await cli(b, 'status', id)).stdout;
  assert.match(status, /attempt 1: completed, then reopened/);
  assert.match(status, /attempt 2: completed, then reopened/);
  // The prompt both sides rewrote is merged as ours, marked; status tells it from the merged state.
  const promptFile = path.join(b, step.promptPath!);
  assert.match(readFileSync(promptFile, 'utf8'), /^<!-- swarm-conductor prompt [^\n]*· sources merged -->/);
  assert.is((await cli(b, 'prompt', id, '1')).code, 0);
  assert.match(readFileSync(promptFile, 'utf8'), /^<!-- swarm-conductor prompt [^\n]*· sources [0-9a-f]{16} -->/);
  assert.match((await cli(b, 'status', id)).stdout, /step 1/);
  assert.not.match((await cli(b, 'status', id)).stdout, /stale/);
});

test('looking at a prompt on one side while the other completes the step is no conflict', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  await commitStep(a, ['complete', id, '2', '--output', 'UI'], 'step 2');
  git(a, 'push', '-q');
  // b only looks: prompt rewrites nothing, but start records an event; both are bookkeeping.
  await commitStep(b, ['start', id, '2'], 'b started looking');
  const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  assert.is(pull.code, 0, pull.out);
  assert.not.match(pull.out, /recorded differently/);
  const step = stateIn(b, file).stepResults[1]!;
  assert.equal([step.status, step.outputs], ['completed', ['UI']]);
  assert.ok(
    step.events!.some((event) => event.action === 'start'),
    'the start event is kept',
  );
});

const TINY: ExecutionPlan = {
  goal: 'g',
  steps: [
    { stepNumber: 1, agentName: 'A', task: 'one', dependencies: [], expectedOutputs: [] },
    { stepNumber: 2, agentName: 'B', task: 'two', dependencies: [1], expectedOutputs: [] },
  ],
};
const T0 = '2026-12-01T09:00:00.000Z';
const tiny = () => createExecution(TINY, { executionId: 'exec-x', planFilename: 'p.json', now: T0 });
const verdict = (at: string): StepVerification => ({
  verdict: 'verified',
  at,
  transcriptPath: 'proof/t.jsonl',
  format: 'claude-jsonl',
  claims: { backed: 1, contradicted: 0, unverifiable: 0 },
  checklist: { met: 1, unmet: 0, unknown: 0 },
  reasons: [],
});

test('bookkeeping never fights a result: sync saw it open on one side, merged on the other', () => {
  const url = 'https://github.com/acme/shop/pull/4';
  const base = recordPullRequest(tiny(), 1, url, { now: '2026-12-01T09:10:00.000Z' });
  const open = { state: 'OPEN' as const, checks: 'pending' as const, at: '2026-12-01T09:30:00.000Z' };
  const merged = { state: 'MERGED' as const, checks: 'passing' as const, at: '2026-12-01T09:40:00.000Z' };
  const sawOpen = settlePullRequest(base, 1, open, { now: open.at });
  const sawMerged = settlePullRequest(base, 1, merged, { now: merged.at, force: true });
  for (const [ours, theirs] of [
    [sawOpen, sawMerged],
    [sawMerged, sawOpen],
  ] as const) {
    const result = mergeStates(base, ours, theirs, '2026-12-01T10:00:00.000Z');
    assert.equal(result.conflicts, []);
    const step = result.state.stepResults[0]!;
    assert.equal([step.status, step.pr?.seen?.state], ['completed', 'MERGED']);
  }
});

test('same result, one side ran it headless: the merged step keeps its branch, worktree and cost', () => {
  const started = startStep(tiny(), 1, { now: '2026-12-01T09:05:00.000Z' });
  const done = completeStep(started, 1, { now: '2026-12-01T09:20:00.000Z', outputs: ['API'] });
  const headless = recordHeadless(done, 1, {
    agent: 'claude',
    branch: 'conductor/exec-x/step-1',
    into: 'main',
    worktree: '.conductor/worktrees/exec-x/step-1',
    startedAt: '2026-12-01T09:05:00.000Z',
    endedAt: '2026-12-01T09:20:00.000Z',
    durationMs: 900_000,
    usage: { costUsd: 0.04, turns: 3 },
    merged: '3f2a9c1',
  });
  for (const [ours, theirs] of [
    [done, headless],
    [headless, done],
  ] as const) {
    const result = mergeStates(started, ours, theirs, '2026-12-01T10:00:00.000Z');
    assert.equal(result.conflicts, []);
    assert.equal(result.state.stepResults[0]!.headless, headless.stepResults[0]!.headless);
  }
});

test('a verdict on one side and a reopen on the other: the verdict goes with the attempt that ended', () => {
  const base = completeStep(startStep(tiny(), 1, { now: '2026-12-01T09:05:00.000Z' }), 1, {
    now: '2026-12-01T09:20:00.000Z',
    outputs: ['API'],
  });
  const verified = recordVerification(base, 1, verdict('2026-12-01T09:30:00.000Z'));
  const reopened = reopenStep(base, 1, { now: '2026-12-01T09:35:00.000Z' });
  for (const [ours, theirs] of [
    [verified, reopened],
    [reopened, verified],
  ] as const) {
    const result = mergeStates(base, ours, theirs, '2026-12-01T10:00:00.000Z');
    assert.equal(result.conflicts, []);
    const step = result.state.stepResults[0]!;
    assert.equal([step.status, step.verification], ['pending', undefined]);
    assert.equal(
      step.history!.map((attempt) => [attempt.status, attempt.outputs, attempt.verdict]),
      [['completed', ['API'], 'verified']],
    );
  }
});

test('a real conflict shows each side whole, and resolve keeps the side not taken as an attempt', async () => {
  const base = tiny();
  const mine = completeStep(base, 1, { now: '2026-12-01T09:20:00.000Z', outputs: ['API v1'] });
  const theirs = reopenStep(completeStep(base, 1, { now: '2026-12-01T09:10:00.000Z', outputs: ['API draft'] }), 1, {
    now: '2026-12-01T09:12:00.000Z',
  });
  const redone = completeStep(theirs, 1, { now: '2026-12-01T09:30:00.000Z', outputs: ['API v2'] });
  const result = mergeStates(base, mine, redone, '2026-12-01T10:00:00.000Z');
  assert.equal(result.conflicts, [1]);
  const conflict = result.state.stepResults[0]!.conflict!;
  assert.equal(
    [conflict.ours.outputs, conflict.theirs.outputs, conflict.ours.history?.length, conflict.theirs.history?.length],
    [['API v1'], ['API v2'], 1, 1],
  );
  const project = makeProject({ 'plan.json': JSON.stringify(TINY), agents: {} });
  for (const name of ['A', 'B']) project.write(`agents/${name.toLowerCase()}.md`, `---\nname: ${name}\n---\nWork.\n`);
  project.write(`proof/execution-${result.state.executionId}.json`, `${JSON.stringify(result.state, null, 2)}\n`);
  const status = (await cli(project.root, 'status', 'exec-x')).stdout;
  assert.match(status, /ours: {3}completed: API v1 \(1 earlier attempt\)/);
  assert.match(status, /theirs: completed: API v2 \(1 earlier attempt\)/);
  const resolved = await cli(project.root, 'resolve', 'exec-x', '1', '--take', 'theirs');
  assert.is(resolved.code, 0, resolved.stderr);
  const after = JSON.parse(project.read('proof/execution-exec-x.json')) as ExecutionContext;
  assert.equal(
    after.stepResults[0]!.history!.map((attempt) => [attempt.action, attempt.outputs]),
    [
      ['reopen', ['API draft']],
      ['resolve', ['API v1']],
    ],
  );
  assert.equal(after.stepResults[0]!.outputs, ['API v2']);
});

test('a refused merge leaves a mark: newer side, unreadable side, edited plan — each says what to do', async () => {
  for (const [change, message] of [
    [(text: string) => text.replace(/"schemaVersion": \d+/, '"schemaVersion": 99'), /upgrade swarm-conductor here/],
    [(_text: string) => '{"cut off', /their side cannot be read/],
    [
      (text: string) => text.replace('"task": "Build the UI"', '"task": "Build the whole UI"'),
      /theirs edited the plan \(they first differ at step 2\)/,
    ],
  ] as const) {
    const { a, b, id, file } = await twoClones({ driver: true });
    writeFileSync(path.join(a, file), change(readFileSync(path.join(a, file), 'utf8')));
    git(a, 'commit', '-qam', 'their change');
    git(a, 'push', '-q');
    await commitStep(b, ['complete', id, '1', '--output', 'API'], 'ours');
    const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
    assert.is.not(pull.code, 0, 'git reports the file unmerged');
    assert.match(pull.out, message);
    const before = projectAt(b).snapshot();
    for (const command of [
      ['status', id],
      ['next', id],
      ['complete', id, '2', '--output', 'UI'],
    ]) {
      const result = await cli(b, ...command);
      assert.is(result.code, 2, `${command[0]}: ${result.stderr}`);
      assert.match(result.stderr, /git could not merge this execution state here: /);
      assert.match(result.stderr, message);
    }
    assert.equal(projectAt(b).snapshot(), before, 'nothing changed');
  }
});

test('after an upgrade, git checkout -m merges the refused file again', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  await commitStep(a, ['complete', id, '1', '--output', 'API'], 'a');
  git(a, 'push', '-q');
  await commitStep(b, ['complete', id, '2', '--output', 'UI'], 'b');
  // The driver as an older version would run it: refusing theirs, marking ours.
  git(b, 'config', 'merge.swarm-conductor.driver', 'false');
  assert.is.not(git(b, 'pull', '-q', '--no-rebase', '--no-edit').code, 0);
  assert.is((await cli(b, 'git', 'setup')).code, 0);
  const again = git(b, 'checkout', '-m', '--', file);
  assert.is(again.code, 0, again.out);
  assert.equal(
    stateIn(b, file).stepResults.map((step) => step.status),
    ['completed', 'completed', 'pending'],
  );
});

test('pull --rebase and cherry-pick keep the attempts and results of both sides', async () => {
  const { a, b, id, file } = await twoClones({ driver: true });
  await commitStep(a, ['complete', id, '1', '--output', 'API'], 'a 1');
  await commitStep(a, ['reopen', id, '1'], 'a reopen');
  git(a, 'push', '-q');
  await commitStep(b, ['complete', id, '2', '--output', 'UI'], 'b 2');
  const rebase = git(b, 'pull', '-q', '--rebase');
  assert.is(rebase.code, 0, rebase.out);
  const merged = stateIn(b, file);
  assert.equal(
    merged.stepResults.map((step) => [step.status, step.history?.length ?? 0]),
    [
      ['pending', 1],
      ['completed', 0],
      ['pending', 0],
    ],
  );
  // A third clone cherry-picks b's step 2 onto a branch of its own.
  const c = path.join(path.dirname(a), 'c');
  git(path.dirname(a), 'clone', '-q', 'remote.git', 'c');
  assert.is((await cli(c, 'git', 'setup')).code, 0);
  await commitStep(c, ['skip', id, '1', '--reason', 'not needed'], 'c skips 1');
  assert.is(git(c, 'fetch', '-q', b, 'HEAD').code, 0);
  const pick = git(c, 'cherry-pick', 'FETCH_HEAD');
  assert.is(pick.code, 0, pick.out);
  const picked = stateIn(c, file);
  assert.equal(
    picked.stepResults.map((step) => step.status),
    ['skipped', 'completed', 'pending'],
  );
});

test('prompt files are byte for byte the same in two clones in different folders', async () => {
  const { a, b, id } = await twoClones({ driver: true, names: ['first-clone', 'elsewhere/second'] });
  const prompt = `proof/execution-${id}/step-1-backendmaster.prompt.md`;
  assert.is((await cli(b, 'prompt', id, '1')).code, 0);
  assert.is(git(b, 'status', '--porcelain').out, '', 'a fresh clone rewrites no committed prompt');
  await commitStep(a, ['complete', id, '1', '--output', 'API'], 'a');
  await commitStep(b, ['complete', id, '1', '--output', 'API'], 'b');
  git(a, 'push', '-q');
  const pull = git(b, 'pull', '-q', '--no-rebase', '--no-edit');
  assert.is(pull.code, 0, pull.out);
  const next = `proof/execution-${id}/step-2-frontendexpert.prompt.md`;
  assert.is(readFileSync(path.join(a, next), 'utf8'), readFileSync(path.join(b, next), 'utf8'));
  assert.ok(existsSync(path.join(b, prompt)));
});

test('a state both clones added (no base) merges from the state execute made', async () => {
  const project = makeProject({ 'plan.json': JSON.stringify(TINY) });
  for (const name of ['A', 'B']) project.write(`agents/${name.toLowerCase()}.md`, `---\nname: ${name}\n---\nWork.\n`);
  const base = tiny();
  const ours = completeStep(base, 1, { now: '2026-12-01T09:20:00.000Z', outputs: ['one'] });
  const theirs = startStep(completeStep(base, 1, { now: '2026-12-01T09:25:00.000Z', outputs: ['one'] }), 2, {
    now: '2026-12-01T09:30:00.000Z',
  });
  project.write('ours.json', JSON.stringify(ours));
  project.write('theirs.json', JSON.stringify(theirs));
  project.write('base.json', '');
  const merged = await cli(project.root, 'merge-state', 'base.json', 'ours.json', 'theirs.json', 'state.json');
  assert.is(merged.code, 0, merged.stderr);
  const state = JSON.parse(project.read('ours.json')) as ExecutionContext;
  assert.equal(
    state.stepResults.map((step) => step.status),
    ['completed', 'running'],
  );
});

// ── sync against a GitHub that misbehaves ─────────────────────────────────────────────────────

const FAKE_GH = path.join(REPO, 'test/fixtures/gh');

async function waitingOnPullRequests(): Promise<{
  project: Project;
  id: string;
  env: Record<string, string>;
  ghState: string;
}> {
  const plan = {
    goal: 'four pull requests',
    steps: [11, 12, 13, 41].map((n, index) => ({ stepNumber: index + 1, agentName: 'BackendMaster', task: `PR ${n}` })),
  };
  const project = makeProject({ 'plan.json': JSON.stringify(plan) });
  const run = await cli(project.root, 'execute', 'plan.json');
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  for (const [index, n] of [11, 12, 13, 41].entries()) {
    const done = await cli(
      project.root,
      'complete',
      id,
      String(index + 1),
      '--pr',
      `https://github.com/acme/shop/pull/${n}`,
    );
    assert.is(done.code, 0, done.stderr);
  }
  const state = makeTempDir('swarm-conductor-gh-');
  const env = {
    PATH: `${FAKE_GH}:${process.env.PATH}`,
    FAKE_GH_LOG: path.join(state, 'calls.log'),
    FAKE_GH_STATE: state,
  };
  return { project, id, env, ghState: state };
}

test('sync: gh hangs for one PR, fails for another, answers odd JSON for a third: the rest are settled', async () => {
  const { project, id, env, ghState } = await waitingOnPullRequests();
  project.write('.conductorrc.json', JSON.stringify({ ghTimeout: 1 }));
  writeFileSync(path.join(ghState, 'pr-12.hang'), '');
  writeFileSync(path.join(ghState, 'pr-13.answer'), '{"state":"merged","statusCheckRollup":{}}');
  // pull/41: the fake gh has no such pull request and fails for it.
  const started = Date.now();
  const synced = await cliIn(env, project.root, 'sync', id);
  assert.ok(Date.now() - started < 20_000, 'a hanging gh is stopped');
  assert.is(synced.code, 1, synced.stderr);
  assert.match(
    synced.stdout.trim(),
    /^step 1: https:\/\/github\.com\/acme\/shop\/pull\/11 is merged, checks passing → ✓ completed$/,
  );
  const lines = synced.stderr.trim().split('\n');
  assert.is(lines.length, 4, synced.stderr);
  assert.match(lines[0]!, /^error: step 2: \S+\/pull\/12 — gh pr view did not answer within 1 s; left as it was$/);
  assert.match(
    lines[1]!,
    /^error: step 3: \S+\/pull\/13 — gh pr view answered JSON this version does not read \(statusCheckRollup/,
  );
  assert.match(lines[2]!, /^error: step 4: \S+\/pull\/41 — gh pr view failed: GraphQL: Could not resolve to a Pull/);
  assert.match(lines[3]!, /^ {2}hint: check the network and gh auth status; ghTimeout in the config gives gh longer; /);
  assert.match(lines[3]!, /; run sync again once gh answers$/);
  const state = JSON.parse(project.read(`proof/execution-${id}.json`)) as ExecutionContext;
  assert.equal(
    state.stepResults.map((step) => step.status),
    ['completed', 'running', 'running', 'running'],
  );
  assert.equal(
    state.stepResults.map((step) => step.pr?.seen?.state ?? null),
    ['MERGED', null, null, null],
  );
});

test('a pull request of another repository than origin is refused, or recorded with --any-repo', async () => {
  const project = makeProject({
    'plan.json': JSON.stringify({ goal: 'g', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 't' }] }),
  });
  git(project.root, 'init', '-q');
  git(project.root, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
  const run = await cli(project.root, 'execute', 'plan.json');
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  const before = project.snapshot();
  const refusedPr = await cli(project.root, 'complete', id, '1', '--pr', 'https://github.com/evil/other/pull/3');
  assert.is(refusedPr.code, 2);
  assert.match(
    refusedPr.stderr,
    pattern(
      /error: https:\/\/github\.com\/evil\/other\/pull\/3 is a pull request of evil\/other, not of this clone's /,
      /origin \(acme\/shop\)\n {2}hint: pass --any-repo records it anyway/,
    ),
  );
  assert.equal(project.snapshot(), before);
  const ours = await cli(project.root, 'complete', id, '1', '--pr', 'https://github.com/Acme/Shop/pull/3');
  assert.is(ours.code, 0, ours.stderr);
  await cli(project.root, 'reopen', id, '1');
  const anyway = await cli(
    project.root,
    'complete',
    id,
    '1',
    '--pr',
    'https://github.com/evil/other/pull/3',
    '--any-repo',
  );
  assert.is(anyway.code, 0, anyway.stderr);
  const env = {
    PATH: `${FAKE_GH}:${process.env.PATH}`,
    FAKE_GH_LOG: path.join(project.root, 'gh.log'),
    FAKE_GH_STATE: makeTempDir(),
  };
  mkdirSync(env.FAKE_GH_STATE, { recursive: true });
  const synced = await cliIn(env, project.root, 'sync', id, '--dry-run');
  assert.match(
    synced.stderr,
    pattern(
      /warning: step 1: https:\/\/github\.com\/evil\/other\/pull\/3 is a pull request of evil\/other, /,
      /not of this clone's origin/,
    ),
  );
});

test.run();
