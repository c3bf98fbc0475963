import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SCHEMA_VERSION } from '../src/types.js';
import {
  completeStep,
  createExecution,
  executionStatus,
  failStep,
  readySteps,
  reopenStep,
  retryStep,
  skipStep,
  startStep,
} from '../src/state/transitions.js';
import type { ExecutionContext } from '../src/types.js';
import { planOf, thrown } from './helpers.js';

const at = (minute: number) => ({ now: `2026-01-23T00:${String(minute).padStart(2, '0')}:00.000Z` });

function fresh(): ExecutionContext {
  const plan = planOf('Build auth', [
    ['BackendMaster', []],
    ['FrontendExpert', [1]],
    ['TesterElite', [1]],
    ['IntegratorFinalizer', [2, 3]],
  ]);
  return createExecution(plan, { executionId: 'exec-1', planFilename: 'plan.json', now: at(0).now });
}

const status = (context: ExecutionContext, step: number) =>
  context.stepResults.find((result) => result.stepNumber === step)!;

test('a new execution has every step pending and the first ready step as current', () => {
  const context = fresh();
  assert.is(context.schemaVersion, SCHEMA_VERSION);
  assert.equal(
    context.stepResults.map((result) => result.status),
    ['pending', 'pending', 'pending', 'pending'],
  );
  assert.equal(readySteps(context), [1]);
  assert.is(context.currentStep, 1);
  assert.equal(context.priorContext, []);
});

test(
  'complete records outputs, appends "Step 1 (BackendMaster): API created, Tests passed" and readies the ' +
    'dependants',
  () => {
    const context = completeStep(fresh(), 1, {
      ...at(5),
      outputs: ['API created', 'Tests passed'],
      transcriptPath: 'proof/t.md',
    });
    assert.equal(context.priorContext, ['Step 1 (BackendMaster): API created, Tests passed']);
    assert.equal(status(context, 1), {
      stepNumber: 1,
      agentName: 'BackendMaster',
      status: 'completed',
      startTime: at(5).now,
      endTime: at(5).now,
      outputs: ['API created', 'Tests passed'],
      transcriptPath: 'proof/t.md',
      events: [
        { action: 'ready', at: at(0).now },
        { action: 'complete', at: at(5).now },
      ],
    });
    assert.equal(status(context, 2).events, [{ action: 'ready', at: at(5).now }], 'its dependant became ready');
    assert.equal(readySteps(context), [2, 3]);
    assert.is(context.currentStep, 2);
  },
);

test('transitions are pure: the input context is not changed', () => {
  const before = fresh();
  const copy = structuredClone(before);
  completeStep(startStep(before, 1, at(1)), 1, { ...at(2), outputs: ['x'] });
  assert.equal(before, copy);
});

test('start then complete keeps the start time', () => {
  const started = startStep(fresh(), 1, at(1));
  assert.is(status(started, 1).status, 'running');
  const done = completeStep(started, 1, at(9));
  assert.is(status(done, 1).startTime, at(1).now);
  assert.equal(done.priorContext, ['Step 1 (BackendMaster): completed (no outputs recorded)']);
});

test('starting or completing a step with unfinished dependencies is refused, naming them', () => {
  const error = thrown(() => completeStep(fresh(), 4, at(1)));
  assert.is(error.code, 'BLOCKED');
  assert.is(error.exitCode, 2);
  assert.is(error.message, 'step 4 waits for step 2 (pending), step 3 (pending)');
  assert.equal(error.remedies, [{ flag: 'force', why: 'to complete anyway (recorded on the step)' }]);
  assert.is(thrown(() => startStep(fresh(), 2, at(1))).code, 'BLOCKED');
});

test('--force goes past unfinished dependencies and is recorded on the step', () => {
  const context = startStep(fresh(), 2, { ...at(3), force: true });
  assert.equal(status(context, 2).forced, [{ action: 'start', unfinished: [1], at: at(3).now }]);
});

test("impossible transitions are refused and say the step's current status", () => {
  const done = completeStep(fresh(), 1, at(1));
  const again = thrown(() => completeStep(done, 1, at(2)));
  assert.is(again.code, 'TRANSITION');
  assert.is(again.message, 'cannot complete step 1 (BackendMaster): it is completed');
  assert.is(thrown(() => retryStep(fresh(), 1, at(1))).message, 'cannot retry step 1 (BackendMaster): it is pending');
  assert.is(
    thrown(() => startStep(startStep(fresh(), 1, at(1)), 1, at(2))).message,
    'cannot start step 1 (BackendMaster): it is running',
  );
  const failed = failStep(fresh(), 1, ['boom'], at(1));
  assert.match(thrown(() => completeStep(failed, 1, at(2))).hint!, /retry it first/);
});

test('an unknown step is NOT_FOUND and lists the steps', () => {
  const error = thrown(() => completeStep(fresh(), 9, at(1)));
  assert.is(error.code, 'NOT_FOUND');
  assert.is(error.message, 'step 9 is not in execution exec-1 (steps: 1, 2, 3, 4)');
});

test('fail keeps the dependants blocked; retry sends it back to pending and keeps the errors', () => {
  let context = completeStep(fresh(), 1, at(1));
  context = failStep(context, 2, ['login form crashes'], at(2));
  assert.equal(readySteps(context), [3]);
  context = completeStep(context, 3, at(3));
  assert.is(executionStatus(context), 'blocked');
  context = retryStep(context, 2, at(4));
  const attempt1 = {
    attempt: 1,
    status: 'failed',
    action: 'retry',
    at: at(4).now,
    startTime: at(2).now,
    endTime: at(2).now,
    errors: ['login form crashes'],
  };
  assert.equal(status(context, 2), {
    stepNumber: 2,
    agentName: 'FrontendExpert',
    status: 'pending',
    errors: ['login form crashes'],
    retries: 1,
    history: [attempt1],
    events: [
      { action: 'ready', at: at(1).now },
      { action: 'fail', at: at(2).now },
      { action: 'retry', at: at(4).now },
      { action: 'ready', at: at(4).now },
    ],
  });
  context = failStep(context, 2, ['still broken'], at(5));
  assert.equal(status(context, 2).errors, ['login form crashes', 'still broken']);
  context = retryStep(context, 2, { ...at(6), archived: { promptPath: 'p/step-2.attempt-2.prompt.md' } });
  assert.equal(status(context, 2).history![1], {
    attempt: 2,
    status: 'failed',
    action: 'retry',
    at: at(6).now,
    startTime: at(5).now,
    endTime: at(5).now,
    errors: ['still broken'],
    promptPath: 'p/step-2.attempt-2.prompt.md',
  });
});

test(
  'reopen sends a completed or skipped step back to pending, keeps the attempt and takes its line out of ' +
    'the context',
  () => {
    let context = completeStep(fresh(), 1, { ...at(1), outputs: ['API v1'], transcriptPath: 'proof/t1.md' });
    context = skipStep(completeStep(context, 2, at(2)), 3, 'no tests yet', at(3));
    context = completeStep(context, 4, at(4));
    assert.ok(context.endTime);
    context = reopenStep(context, 1, { ...at(5), archived: { transcriptPath: 'proof/t1.attempt-1.md' } });
    const step = status(context, 1);
    assert.is(step.status, 'pending');
    assert.equal([step.outputs, step.transcriptPath, step.endTime], [undefined, undefined, undefined]);
    assert.equal(step.history, [
      {
        attempt: 1,
        status: 'completed',
        action: 'reopen',
        at: at(5).now,
        startTime: at(1).now,
        endTime: at(1).now,
        outputs: ['API v1'],
        transcriptPath: 'proof/t1.attempt-1.md',
      },
    ]);
    assert.not.ok(context.priorContext.some((line) => line.startsWith('Step 1 ')));
    assert.is(context.endTime, undefined, 'the execution is no longer done');
    assert.equal(readySteps(context), [1]);
    context = reopenStep(context, 3, at(6));
    assert.equal(status(context, 3).history![0]!.reason, 'no tests yet');
    assert.is(thrown(() => reopenStep(context, 3, at(7))).code, 'TRANSITION', 'a pending step cannot be reopened');
    const again = thrown(() => completeStep(completeStep(context, 1, at(8)), 1, at(9)));
    assert.equal(
      [again.hint, again.remedies],
      ['nothing more to do for it', [{ run: `reopen ${context.executionId} 1`, why: 'sends it back to pending' }]],
    );
  },
);

test('fail without a message is refused', () => {
  assert.is(thrown(() => failStep(fresh(), 1, ['  '], at(1))).code, 'USAGE');
});

test('skip counts as done for dependants and is handed on with its reason', () => {
  let context = completeStep(fresh(), 1, at(1));
  context = skipStep(context, 2, 'no UI in this release', at(2));
  assert.equal(context.priorContext[1], 'Step 2 (FrontendExpert): skipped — no UI in this release');
  context = completeStep(context, 3, at(3));
  assert.equal(readySteps(context), [4]);
  assert.is(thrown(() => skipStep(context, 4, '', at(4))).code, 'USAGE');
});

test('when every step is completed or skipped, endTime is set and the execution is done', () => {
  let context = fresh();
  context = completeStep(context, 1, at(1));
  context = completeStep(context, 2, at(2));
  context = skipStep(context, 3, 'covered by step 2', at(3));
  assert.is(context.endTime, undefined);
  assert.is(executionStatus(context), 'in-progress');
  context = completeStep(context, 4, at(4));
  assert.is(context.endTime, at(4).now);
  assert.is(executionStatus(context), 'done');
  assert.is(context.currentStep, 0);
});

test.run();
