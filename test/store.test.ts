import { readdirSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SCHEMA_VERSION } from '../src/types.js';
import { ExecutionStore, executionIdFor } from '../src/state/store.js';
import { completeStep, createExecution } from '../src/state/transitions.js';
import { lockFileOf } from '../src/state/paths.js';
import { withLock } from '../src/util/lock.js';
import { cleanup, makeProject, planOf, readJson, rejection } from './helpers.js';

test.after.each(cleanup);

function setup() {
  const project = makeProject();
  const store = new ExecutionStore(project.path('proof'), project.root);
  const make = (date = new Date('2026-01-23T00:17:01.717Z')) => {
    const id = store.reserveId(date);
    const context = createExecution(
      planOf('g', [
        ['BackendMaster', []],
        ['TesterElite', [1]],
      ]),
      { executionId: id, planFilename: 'plan.json', now: date.toISOString() },
    );
    store.create(context);
    return context;
  };
  return { project, store, make };
}

test('execution ids are the time and a random part: unique within one millisecond, in two clones too', () => {
  const { store, make } = setup();
  const date = new Date('2026-01-23T00:17:01.717Z');
  assert.match(executionIdFor(date), /^exec-2026-01-23T00-17-01-717Z-[0-9a-f]{6}$/);
  assert.is.not(executionIdFor(date), executionIdFor(date), 'two clones in the same millisecond');
  assert.is(executionIdFor(date, '3f9a1c'), 'exec-2026-01-23T00-17-01-717Z-3f9a1c');
  const ids = [make().executionId, make().executionId, make().executionId];
  assert.equal(new Set(ids).size, 3);
  for (const id of ids) assert.match(id, /^exec-2026-01-23T00-17-01-717Z-[0-9a-f]{6}(?:-\d+)?$/);
  assert.equal(store.list(), [...ids].sort());
});

test('an id made before the random part (exec-…-717Z, …-717Z-2) is still read', () => {
  const { project, store, make } = setup();
  const made = make();
  for (const id of ['exec-2026-01-23T00-17-01-717Z', 'exec-2026-01-23T00-17-01-717Z-2']) {
    const old = { ...made, executionId: id };
    project.write(`proof/execution-${id}.json`, `${JSON.stringify(old, null, 2)}\n`);
    assert.is(store.read(id).executionId, id);
  }
});

test('state is pretty JSON with a trailing newline and a schemaVersion', () => {
  const { project, make } = setup();
  const context = make();
  const text = project.read(`proof/execution-${context.executionId}.json`);
  assert.ok(text.endsWith('}\n'));
  assert.ok(text.includes(`\n  "schemaVersion": ${SCHEMA_VERSION},\n`));
  assert.equal(JSON.parse(text), context);
});

test('ids resolve from the whole id, a unique prefix, the part after exec-, or latest', () => {
  const { store, make } = setup();
  const a = make(new Date('2026-01-23T00:00:00.000Z')).executionId;
  const b = make(new Date('2026-02-01T00:00:00.000Z')).executionId;
  assert.is(store.resolve(a), a);
  assert.is(store.resolve('exec-2026-02'), b);
  assert.is(store.resolve('2026-01'), a);
  assert.is(store.resolve('latest'), b);
});

test('an ambiguous prefix and an unknown id are refused with the candidates', async () => {
  const { store, make } = setup();
  make(new Date('2026-01-23T00:00:00.000Z'));
  make(new Date('2026-01-24T00:00:00.000Z'));
  const ambiguous = await rejection(() => store.resolve('exec-2026-01'));
  assert.is(ambiguous.code, 'AMBIGUOUS');
  assert.match(ambiguous.message, /matches 2 executions/);
  const unknown = await rejection(() => store.resolve('exec-1999'));
  assert.is(unknown.code, 'NOT_FOUND');
  assert.match(unknown.hint!, /exec-2026-01-24T00-00-00-000Z-\w+, exec-2026-01-23T00-00-00-000Z-\w+/);
});

test('an exact id wins over a longer id it is a prefix of', () => {
  const { store, make } = setup();
  const first = make().executionId;
  make();
  assert.is(store.resolve(first), first);
});

test('with no executions, resolving says how to start one', async () => {
  const { store } = setup();
  // The library says what would help; the CLI words it (see cli.test.ts).
  assert.equal((await rejection(() => store.resolve('latest'))).remedies, [
    { run: 'execute <planfile>', why: 'starts one' },
  ]);
});

test('a corrupt state file is reported with its path and left as it is', async () => {
  const { project, store, make } = setup();
  const { executionId } = make();
  const file = `proof/execution-${executionId}.json`;
  project.write(file, '{ "schemaVersion": 1, "plan": ');
  const error = await rejection(() => store.update(executionId, (context) => ({ state: context })));
  assert.is(error.code, 'CORRUPT_STATE');
  assert.is(error.where, file);
  assert.match(error.hint!, /git checkout -- proof\/execution-/);
  assert.is(project.read(file), '{ "schemaVersion": 1, "plan": ');
});

test('a state file with a wrong shape is corrupt, naming what is wrong', async () => {
  const { project, store, make } = setup();
  const context = make();
  const file = `proof/execution-${context.executionId}.json`;
  project.write(
    file,
    JSON.stringify({
      ...context,
      stepResults: [{ ...context.stepResults[0], status: 'exploded' }, context.stepResults[1]],
    }),
  );
  assert.match(
    (await rejection(() => store.read(context.executionId))).message,
    /stepResults\[0\]\.status: must be one of pending, running, completed, failed, skipped \(found "exploded"\)/,
  );
});

test('a state file from a newer version is refused', async () => {
  const { project, store, make } = setup();
  const context = make();
  project.write(`proof/execution-${context.executionId}.json`, JSON.stringify({ ...context, schemaVersion: 99 }));
  const error = await rejection(() => store.read(context.executionId));
  assert.is(error.code, 'FUTURE_STATE');
  assert.match(error.message, new RegExp(`schemaVersion 99; this one reads up to ${SCHEMA_VERSION}`));
});

test("the original conductor's state (no schemaVersion) is migrated on read", () => {
  const { project, store } = setup();
  const legacy = {
    plan: planOf('old', [['BackendMaster', []]]),
    planFilename: 'plan.json',
    executionId: 'exec-2025-01-01T00-00-00-000Z',
    startTime: '2025-01-01T00:00:00.000Z',
    currentStep: 0,
    stepResults: [{ stepNumber: 1, agentName: 'BackendMaster', status: 'pending' }],
    priorContext: [],
    options: { mcp: true },
  };
  project.write('proof/execution-exec-2025-01-01T00-00-00-000Z.json', JSON.stringify(legacy));
  const context = store.read('exec-2025-01-01T00-00-00-000Z');
  assert.is(context.schemaVersion, SCHEMA_VERSION);
  assert.is((context as unknown as Record<string, unknown>).options, undefined);
});

test('a version 1 state (before step history) is read as it is and written back in the current version', async () => {
  const { project, store } = setup();
  const v1 = {
    ...createExecution(planOf('v1', [['BackendMaster', []]]), {
      executionId: 'exec-2026-01-01T00-00-00-000Z',
      planFilename: 'p.json',
      now: '2026-01-01T00:00:00.000Z',
    }),
    schemaVersion: 1,
  };
  project.write('proof/execution-exec-2026-01-01T00-00-00-000Z.json', JSON.stringify(v1, null, 2));
  assert.is(store.read('exec-2026-01-01T00-00-00-000Z').schemaVersion, SCHEMA_VERSION);
  assert.match(
    project.read('proof/execution-exec-2026-01-01T00-00-00-000Z.json'),
    /"schemaVersion": 1/,
    'reading does not rewrite',
  );
  await store.update('exec-2026-01-01T00-00-00-000Z', (context) => ({ state: context }));
  assert.match(
    project.read('proof/execution-exec-2026-01-01T00-00-00-000Z.json'),
    new RegExp(`"schemaVersion": ${SCHEMA_VERSION}`),
  );
});

test('updates under the lock never lose one another', async () => {
  const { project, store, make } = setup();
  const { executionId } = make();
  const plan = planOf(
    'g',
    Array.from({ length: 20 }, () => ['BackendMaster', []] as [string, number[]]),
  );
  const context = createExecution(plan, { executionId, planFilename: 'p.json', now: '2026-01-01T00:00:00.000Z' });
  store.write(context);
  await Promise.all(
    plan.steps.map((step) =>
      store.update(executionId, async (current) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return {
          state: completeStep(current, step.stepNumber, {
            now: '2026-01-01T00:00:01.000Z',
            outputs: [`out ${step.stepNumber}`],
          }),
        };
      }),
    ),
  );
  const saved = readJson<typeof context>(project.path(`proof/execution-${executionId}.json`));
  assert.is(saved.stepResults.filter((result) => result.status === 'completed').length, 20);
  assert.is(saved.priorContext.length, 20);
  assert.equal(
    readdirSync(project.path('proof')).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp')),
    [],
  );
});

test('a lock left by a process that is gone is taken over', async () => {
  const { project } = setup();
  const target = project.path('thing.json');
  writeFileSync(
    `${target}.lock`,
    JSON.stringify({
      pid: 2 ** 22 + 12345,
      host: (await import('node:os')).hostname(),
      at: new Date().toISOString(),
      token: 'x',
    }),
  );
  // The stale lock is there before, and what holds the lock during the work is a new one of ours.
  assert.is(JSON.parse(project.read('thing.json.lock')).token, 'x');
  const during = await withLock(
    lockFileOf(target),
    () => JSON.parse(project.read('thing.json.lock')) as { token: string; pid: number },
    { timeoutMs: 2000 },
  );
  assert.is.not(during.token, 'x', 'the stale lock was taken over');
  assert.is(during.pid, process.pid);
  assert.not.ok(project.exists('thing.json.lock'));
});

test('a lock held by a live process times out with a clear error', async () => {
  const { project } = setup();
  const target = project.path('thing.json');
  writeFileSync(
    `${target}.lock`,
    JSON.stringify({
      pid: process.pid,
      host: (await import('node:os')).hostname(),
      at: new Date().toISOString(),
      token: 'x',
    }),
  );
  const error = await rejection(() =>
    withLock(lockFileOf(target), () => 'never', { timeoutMs: 100, label: 'execution x' }),
  );
  assert.is(error.code, 'LOCKED');
  assert.is(error.exitCode, 1);
  assert.match(error.message, new RegExp(`execution x is locked by process ${process.pid}`));
  assert.match(error.hint!, /delete .*thing\.json\.lock/);
});

test.run();
