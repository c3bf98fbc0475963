/**
 * The execution's state machine, as pure functions: state in, new state out. Nothing here
 * reads the clock or the disk (the time comes in as `now`); only the store saves.
 *
 *   pending → running (start) → completed | failed | skipped
 *   pending → completed | failed | skipped      (complete, fail and skip work from pending too)
 *   failed  → pending (retry)                   failed → skipped (give up on it)
 *   completed | skipped → pending (reopen)
 *   running → pending (interrupt: `run --headless` stopped before its agent CLI finished)
 * Retry and reopen keep the attempt that ended in the step's `history`.
 */
import { ConductorError, type Remedy } from '../errors.js';
import { orderSteps, type PlanOrder } from '../plan/order.js';
import {
  SCHEMA_VERSION,
  type ExecutionContext,
  type ExecutionPlan,
  type PlanStep,
  type StepAttempt,
  type StepEvent,
  type StepResult,
  type StepStatus,
  type StepVerification,
} from '../types.js';

export interface CreateExecutionOptions {
  executionId: string;
  planFilename: string;
  now: string;
}

export function createExecution(plan: ExecutionPlan, options: CreateExecutionOptions): ExecutionContext {
  const state: ExecutionContext = {
    schemaVersion: SCHEMA_VERSION,
    plan,
    planFilename: options.planFilename,
    executionId: options.executionId,
    startTime: options.now,
    currentStep: 0,
    stepResults: plan.steps.map((step) => ({
      stepNumber: step.stepNumber,
      agentName: step.agentName,
      status: 'pending',
    })),
    priorContext: [],
  };
  const ready = new Set(readySteps(state));
  const stamped: ExecutionContext = {
    ...state,
    stepResults: state.stepResults.map((result) =>
      ready.has(result.stepNumber) ? { ...result, events: [{ action: 'ready', at: options.now }] } : result,
    ),
  };
  return withCurrentStep(stamped);
}

// Plans are never changed in place, so the order is worked out once per plan object.
const orders = new WeakMap<ExecutionPlan, PlanOrder>();

function planOrder(plan: ExecutionPlan): PlanOrder {
  let order = orders.get(plan);
  if (!order) {
    order = orderSteps(plan.steps);
    orders.set(plan, order);
  }
  return order;
}

/** Step numbers in execution order. */
export function executionOrder(state: ExecutionContext): number[] {
  return planOrder(state.plan).order;
}

/** The plan's waves: groups of steps that can run side by side, in order. */
export function executionWaves(state: ExecutionContext): number[][] {
  return planOrder(state.plan).waves;
}

// Plans are never changed in place: each plan's step index and closures are worked out once
// (execute renders a prompt per ready step; a search of the steps per prompt made 1,000 prompts
// quadratic).
const closures = new WeakMap<ExecutionPlan, Map<number, ReadonlySet<number>>>();
const indexes = new WeakMap<ExecutionPlan, ReadonlyMap<number, PlanStep>>();

/** The plan's steps by number. */
export function stepsByNumber(plan: ExecutionPlan): ReadonlyMap<number, PlanStep> {
  let index = indexes.get(plan);
  if (!index) indexes.set(plan, (index = new Map(plan.steps.map((step) => [step.stepNumber, step]))));
  return index;
}

/**
 * The steps a step depends on, directly or through other steps (not the step itself). A prompt
 * is made from these only: a step beside it that finished first is no part of its work, so its
 * completion never changes a prompt that was already handed to an agent.
 */
export function dependencyClosure(state: ExecutionContext, stepNumber: number): ReadonlySet<number> {
  let byStep = closures.get(state.plan);
  if (!byStep) closures.set(state.plan, (byStep = new Map()));
  const known = byStep.get(stepNumber);
  if (known) return known;
  const steps = stepsByNumber(state.plan);
  const closure = new Set<number>();
  const queue = [...(steps.get(stepNumber)?.dependencies ?? [])];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (closure.has(next) || next === stepNumber) continue;
    closure.add(next);
    queue.push(...(steps.get(next)?.dependencies ?? []));
  }
  byStep.set(stepNumber, closure);
  return closure;
}

const DONE: ReadonlySet<StepStatus> = new Set(['completed', 'skipped']);

/** Pending steps whose dependencies are all completed or skipped, in execution order. */
export function readySteps(state: ExecutionContext): number[] {
  const status = statusByStep(state);
  const steps = stepsByNumber(state.plan);
  return executionOrder(state).filter(
    (number) =>
      status.get(number) === 'pending' && steps.get(number)!.dependencies.every((dep) => DONE.has(status.get(dep)!)),
  );
}

/** The dependencies of a step that are not yet completed or skipped. */
export function unfinishedDependencies(state: ExecutionContext, stepNumber: number): number[] {
  const step = state.plan.steps.find((entry) => entry.stepNumber === stepNumber);
  const status = statusByStep(state);
  return (step?.dependencies ?? []).filter((dep) => !DONE.has(status.get(dep)!));
}

export type ExecutionStatus = 'done' | 'in-progress' | 'blocked';

/** done: every step completed or skipped; blocked: nothing ready or running and something failed. */
export function executionStatus(state: ExecutionContext): ExecutionStatus {
  const results = state.stepResults;
  if (results.every((result) => DONE.has(result.status))) return 'done';
  const active = results.some((result) => result.status === 'running') || readySteps(state).length > 0;
  return active ? 'in-progress' : 'blocked';
}

export interface TransitionOptions {
  now: string;
  /** Go past unfinished dependencies; recorded on the step. */
  force?: boolean;
}

export function startStep(state: ExecutionContext, stepNumber: number, options: TransitionOptions): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'start', ['pending']);
  const forced = checkDependencies(state, stepNumber, 'start', options);
  const next = update(state, stepNumber, { status: 'running', startTime: options.now, ...forced });
  return stamped(state, next, stepNumber, 'start', options.now);
}

export interface CompleteOptions extends TransitionOptions {
  outputs?: readonly string[];
  transcriptPath?: string;
}

export function completeStep(state: ExecutionContext, stepNumber: number, options: CompleteOptions): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'complete', ['pending', 'running']);
  const forced = checkDependencies(state, stepNumber, 'complete', options);
  const outputs = (options.outputs ?? []).map((output) => output.trim()).filter(Boolean);
  const next = update(state, stepNumber, {
    status: 'completed',
    startTime: result.startTime ?? options.now,
    endTime: options.now,
    outputs,
    ...(options.transcriptPath === undefined ? {} : { transcriptPath: options.transcriptPath }),
    ...forced,
  });
  const done = finish(
    { ...next, priorContext: [...next.priorContext, handedOnLine(resultOf(next, stepNumber))!] },
    options.now,
  );
  return stamped(state, done, stepNumber, 'complete', options.now);
}

export interface FailOptions extends TransitionOptions {
  transcriptPath?: string;
}

export function failStep(
  state: ExecutionContext,
  stepNumber: number,
  errors: readonly string[],
  options: FailOptions,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'fail', ['pending', 'running']);
  const messages = errors.map((error) => error.trim()).filter(Boolean);
  if (messages.length === 0) {
    throw new ConductorError('USAGE', 'say why the step failed', {
      remedies: [{ flag: 'error', why: '"<what went wrong>" says it (repeatable)' }],
    });
  }
  const next = update(state, stepNumber, {
    status: 'failed',
    startTime: result.startTime ?? options.now,
    endTime: options.now,
    errors: [...(result.errors ?? []), ...messages],
    ...(options.transcriptPath === undefined ? {} : { transcriptPath: options.transcriptPath }),
  });
  return stamped(state, next, stepNumber, 'fail', options.now);
}

export interface AgainOptions extends TransitionOptions {
  /** Where the ending attempt's prompt and transcript were moved to (attempt-numbered files), when they were. */
  archived?: { promptPath?: string; transcriptPath?: string };
}

/** The number the next archived attempt of a step gets. */
export function nextAttempt(result: StepResult): number {
  return (result.history?.length ?? 0) + 1;
}

/**
 * The errors of the attempt under way. A step's `errors` keeps those of every failed attempt, in
 * order (what `earlierErrors` hands a retried step's prompt); its history says which were whose.
 */
export function currentErrors(result: StepResult): string[] {
  const before = result.history?.flatMap((attempt) => attempt.errors ?? []).length ?? 0;
  return (result.errors ?? []).slice(before);
}

/** The attempt that ends now, for the step's history. */
function endedAttempt(result: StepResult, action: StepAttempt['action'], options: AgainOptions): StepAttempt {
  const ownErrors = result.status === 'failed' ? currentErrors(result) : [];
  const promptPath = options.archived?.promptPath ?? result.promptPath;
  const transcriptPath = options.archived?.transcriptPath ?? result.transcriptPath;
  return {
    attempt: nextAttempt(result),
    status: result.status as StepAttempt['status'],
    action,
    at: options.now,
    ...(result.startTime ? { startTime: result.startTime } : {}),
    ...(result.endTime ? { endTime: result.endTime } : {}),
    ...(result.outputs?.length ? { outputs: [...result.outputs] } : {}),
    ...(ownErrors.length > 0 ? { errors: ownErrors } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
    ...(promptPath ? { promptPath } : {}),
    ...(transcriptPath ? { transcriptPath } : {}),
    ...(result.verification ? { verdict: result.verification.verdict } : {}),
    ...(result.pr ? { pullRequest: result.pr.url } : {}),
    ...(result.delegation ? { delegated: result.delegation.url } : {}),
  };
}

/** What belongs to the attempt that ended, not to the next one: `sync` must not settle it again. */
const ATTEMPT_ONLY = { verification: undefined, pr: undefined, delegation: undefined } as const;

export function retryStep(state: ExecutionContext, stepNumber: number, options: AgainOptions): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'retry', ['failed']);
  const next = update(state, stepNumber, {
    status: 'pending',
    startTime: undefined,
    endTime: undefined,
    transcriptPath: undefined,
    ...ATTEMPT_ONLY,
    retries: (result.retries ?? 0) + 1,
    history: [...(result.history ?? []), endedAttempt(result, 'retry', options)],
  });
  return stamped(state, next, stepNumber, 'retry', options.now);
}

/**
 * completed | skipped → pending: the step is to be done again. Its line leaves the lines handed on
 * (later prompts no longer build on it) and the execution is no longer done.
 */
export function reopenStep(state: ExecutionContext, stepNumber: number, options: AgainOptions): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'reopen', ['completed', 'skipped']);
  const next = update(state, stepNumber, {
    status: 'pending',
    startTime: undefined,
    endTime: undefined,
    outputs: undefined,
    transcriptPath: undefined,
    reason: undefined,
    ...ATTEMPT_ONLY,
    history: [...(result.history ?? []), endedAttempt(result, 'reopen', options)],
  });
  const { endTime: _ended, ...open } = next;
  const reopened = {
    ...open,
    priorContext: next.priorContext.filter((line) => !line.startsWith(`Step ${stepNumber} (`)),
  };
  return stamped(state, reopened, stepNumber, 'reopen', options.now);
}

export function skipStep(
  state: ExecutionContext,
  stepNumber: number,
  reason: string,
  options: TransitionOptions,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'skip', ['pending', 'running', 'failed']);
  const why = reason.trim();
  if (!why)
    throw new ConductorError('USAGE', 'say why the step is skipped', {
      remedies: [{ flag: 'reason', why: '"<why>" says it' }],
    });
  const next = update(state, stepNumber, { status: 'skipped', endTime: options.now, reason: why });
  const done = finish(
    { ...next, priorContext: [...next.priorContext, handedOnLine(resultOf(next, stepNumber))!] },
    options.now,
  );
  return stamped(state, done, stepNumber, 'skip', options.now);
}

/**
 * running → pending: the agent CLI `run --headless` started on the step was stopped (Ctrl-C) before
 * it finished. Nothing of the attempt was judged, so nothing goes into its history; the step's
 * branch and worktree are kept, and the next `run --headless` goes on there.
 */
export function interruptStep(
  state: ExecutionContext,
  stepNumber: number,
  options: TransitionOptions,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'interrupt', ['running']);
  const headless = result.headless && { ...result.headless, interruptedAt: options.now };
  const next = update(state, stepNumber, { status: 'pending', startTime: undefined, headless });
  return stamped(state, next, stepNumber, 'interrupt', options.now);
}

/** The step with what `run --headless` knows of it (its branch, worktree, times, usage) recorded. */
export function recordHeadless(
  state: ExecutionContext,
  stepNumber: number,
  headless: NonNullable<StepResult['headless']>,
): ExecutionContext {
  resultOf(state, stepNumber);
  return update(state, stepNumber, { headless });
}

/** The step with a verification recorded (the last one replaces any earlier). */
export function recordVerification(
  state: ExecutionContext,
  stepNumber: number,
  verification: StepVerification,
): ExecutionContext {
  resultOf(state, stepNumber);
  return update(state, stepNumber, { verification });
}

/** The line a completed or skipped step hands on to the prompts after it. */
export function handedOnLine(result: StepResult): string | undefined {
  if (result.status === 'completed') {
    const outputs = result.outputs ?? [];
    return (
      `Step ${result.stepNumber} (${result.agentName}): ` +
      `${outputs.length > 0 ? outputs.join(', ') : 'completed (no outputs recorded)'}`
    );
  }
  if (result.status === 'skipped')
    return `Step ${result.stepNumber} (${result.agentName}): skipped — ${result.reason ?? ''}`;
  return undefined;
}

/** `Step 3 (Agent): …` → 3: the step a line of priorContext is about (handedOnLine's format). */
export function stepOfContextLine(line: string): number | undefined {
  const match = /^Step (\d+) /.exec(line);
  return match ? Number(match[1]) : undefined;
}

/**
 * The parts of a state that follow from its steps, worked out again (after a merge or a
 * `resolve`): the lines handed on, in the order the steps finished; the current step; the end time.
 */
export function recomputed(state: ExecutionContext): ExecutionContext {
  const order = new Map(executionOrder(state).map((step, index) => [step, index]));
  const finished = state.stepResults
    .filter((result) => handedOnLine(result) !== undefined)
    .sort(
      (a, b) => (a.endTime ?? '').localeCompare(b.endTime ?? '') || order.get(a.stepNumber)! - order.get(b.stepNumber)!,
    );
  const { endTime: _end, ...open } = state;
  const ends = state.stepResults.map((result) => result.endTime ?? '').sort();
  const next = { ...open, priorContext: finished.map((result) => handedOnLine(result)!) };
  return withCurrentStep(finish(next, ends[ends.length - 1] || state.startTime));
}

/** `resolve`: one side's result for a step in conflict; the rest of the state follows from it. */
export function resolveConflict(
  state: ExecutionContext,
  stepNumber: number,
  take: 'ours' | 'theirs',
  now?: string,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  if (!result.conflict) {
    throw new ConductorError(
      'TRANSITION',
      `step ${stepNumber} (${result.agentName}) has no merge conflict to resolve`,
      {
        remedies: [{ run: `status ${state.executionId}`, why: 'shows the conflicts' }],
      },
    );
  }
  const chosen = result.conflict[take];
  const aside = result.conflict[take === 'ours' ? 'theirs' : 'ours'];
  // The result not taken is not lost: it becomes an attempt of its own, set aside by resolve.
  const kept =
    aside.status === 'pending' && !aside.startTime
      ? chosen
      : {
          ...chosen,
          history: [
            ...(chosen.history ?? []),
            {
              ...endedAttempt(aside, 'resolve', { now: now ?? aside.endTime ?? aside.startTime ?? state.startTime }),
              attempt: (chosen.history?.length ?? 0) + 1,
            },
          ],
        };
  const stepResults = state.stepResults.map((entry) => (entry.stepNumber === stepNumber ? kept : entry));
  return recomputed({ ...state, stepResults });
}

/**
 * `complete --pr`: the pull request that carries the step's work. A ready step starts (its
 * dependencies must be done); a running or completed one keeps its status; `sync` settles it.
 */
export function recordPullRequest(
  state: ExecutionContext,
  stepNumber: number,
  url: string,
  options: TransitionOptions,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'record a pull request on', ['pending', 'running', 'completed']);
  const started = result.status === 'pending' ? startStep(state, stepNumber, options) : state;
  return update(started, stepNumber, { pr: { url, recordedAt: options.now } });
}

/** `delegate`: the step was handed to GitHub's coding agent; a ready step starts. */
export function recordDelegation(
  state: ExecutionContext,
  stepNumber: number,
  delegation: NonNullable<StepResult['delegation']>,
  options: TransitionOptions,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  allow(state, result, 'delegate', ['pending', 'running']);
  const started = result.status === 'pending' ? startStep(state, stepNumber, options) : state;
  return update(started, stepNumber, { delegation });
}

/**
 * `sync`: what GitHub says of a step's pull request. Merged with passing checks (or none)
 * completes a running step; merged with failing checks, or closed unmerged, fails it; an open
 * one is only noted.
 */
export function settlePullRequest(
  state: ExecutionContext,
  stepNumber: number,
  seen: NonNullable<NonNullable<StepResult['pr']>['seen']>,
  options: TransitionOptions,
): ExecutionContext {
  const result = resultOf(state, stepNumber);
  if (!result.pr) throw new ConductorError('NOT_FOUND', `step ${stepNumber} has no pull request recorded`);
  const noted = update(state, stepNumber, { pr: { ...result.pr, seen } });
  if (result.status !== 'running' && result.status !== 'pending') return noted;
  const url = result.pr.url;
  if (seen.state === 'MERGED' && (seen.checks === 'passing' || seen.checks === 'none')) {
    return completeStep(noted, stepNumber, { ...options, outputs: [`pull request merged: ${url}`] });
  }
  if (seen.state === 'MERGED' && seen.checks === 'failing') {
    return failStep(
      noted,
      stepNumber,
      [`pull request merged with failing checks (${(seen.failing ?? []).join(', ')}): ${url}`],
      options,
    );
  }
  if (seen.state === 'CLOSED')
    return failStep(noted, stepNumber, [`pull request closed without merging: ${url}`], options);
  return noted;
}

function notInExecution(state: ExecutionContext, stepNumber: number): ConductorError {
  const numbers = state.stepResults.map((entry) => entry.stepNumber);
  return new ConductorError(
    'NOT_FOUND',
    `step ${stepNumber} is not in execution ${state.executionId} (steps: ${numbers.join(', ')})`,
    {
      remedies: [{ run: `status ${state.executionId}`, why: 'lists the steps' }],
    },
  );
}

/** A step's result; NOT_FOUND, listing the steps, when the execution has no such step. */
export function resultOf(state: ExecutionContext, stepNumber: number): StepResult {
  const result = state.stepResults.find((entry) => entry.stepNumber === stepNumber);
  if (!result) throw notInExecution(state, stepNumber);
  return result;
}

/** A step of the execution's plan; NOT_FOUND, listing the steps, when there is none. */
export function planStepOf(state: ExecutionContext, stepNumber: number): PlanStep {
  const step = stepsByNumber(state.plan).get(stepNumber);
  if (!step) throw notInExecution(state, stepNumber);
  return step;
}

/** What can be done with a step in each status; `at` is `<id> <step>`. */
const NEXT_MOVE: Record<StepStatus, (at: string) => { hint: string; remedies?: Remedy[] }> = {
  pending: () => ({ hint: 'start or complete it' }),
  running: () => ({ hint: 'complete, fail or skip it' }),
  completed: (at) => ({
    hint: 'nothing more to do for it',
    remedies: [{ run: `reopen ${at}`, why: 'sends it back to pending' }],
  }),
  failed: (at) => ({ hint: 'retry it first, or skip it', remedies: [{ run: `retry ${at}` }] }),
  skipped: (at) => ({
    hint: 'nothing more to do for it',
    remedies: [{ run: `reopen ${at}`, why: 'sends it back to pending' }],
  }),
};

function allow(state: ExecutionContext, result: StepResult, action: string, from: readonly StepStatus[]): void {
  if (result.conflict) {
    throw new ConductorError(
      'TRANSITION',
      `cannot ${action} step ${result.stepNumber} (${result.agentName}): two clones recorded different results for ` +
        `it (ours ${result.conflict.ours.status}, theirs ${result.conflict.theirs.status})`,
      {
        remedies: [{ run: `resolve ${state.executionId} ${result.stepNumber} --take ours|theirs`, why: 'settles it' }],
      },
    );
  }
  if (from.includes(result.status)) return;
  throw new ConductorError(
    'TRANSITION',
    `cannot ${action} step ${result.stepNumber} (${result.agentName}): it is ${result.status}`,
    {
      ...NEXT_MOVE[result.status](`${state.executionId} ${result.stepNumber}`),
    },
  );
}

/** Refuses unfinished dependencies unless forced; a forced move is recorded on the step. */
function checkDependencies(
  state: ExecutionContext,
  stepNumber: number,
  action: 'start' | 'complete',
  options: TransitionOptions,
): Partial<StepResult> {
  const unfinished = unfinishedDependencies(state, stepNumber);
  if (unfinished.length === 0) return {};
  if (!options.force) {
    const status = statusByStep(state);
    const list = unfinished.map((dep) => `step ${dep} (${status.get(dep)})`).join(', ');
    throw new ConductorError('BLOCKED', `step ${stepNumber} waits for ${list}`, {
      hint: `finish ${unfinished.length === 1 ? 'it' : 'them'} first`,
      remedies: [{ flag: 'force', why: `to ${action} anyway (recorded on the step)` }],
    });
  }
  const result = resultOf(state, stepNumber);
  return { forced: [...(result.forced ?? []), { action, unfinished, at: options.now }] };
}

function statusByStep(state: ExecutionContext): Map<number, StepStatus> {
  return new Map(state.stepResults.map((result) => [result.stepNumber, result.status]));
}

/** A new state with one step's result changed (keys set to undefined are removed). */
/** The transition's event on its step, and a `ready` event on each step it made ready. */
function stamped(
  before: ExecutionContext,
  after: ExecutionContext,
  stepNumber: number,
  action: StepEvent['action'],
  at: string,
): ExecutionContext {
  const wasReady = new Set(readySteps(before));
  const ready = new Set(readySteps(after).filter((step) => !wasReady.has(step) || step === stepNumber));
  const stepResults = after.stepResults.map((result) => {
    const events: StepEvent[] = [];
    if (result.stepNumber === stepNumber) events.push({ action, at });
    if (ready.has(result.stepNumber)) events.push({ action: 'ready', at });
    return events.length > 0 ? { ...result, events: [...(result.events ?? []), ...events] } : result;
  });
  return { ...after, stepResults };
}

function update(state: ExecutionContext, stepNumber: number, changes: Partial<StepResult>): ExecutionContext {
  const stepResults = state.stepResults.map((result) => {
    if (result.stepNumber !== stepNumber) return result;
    const next: Record<string, unknown> = { ...result, ...changes };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    return next as unknown as StepResult;
  });
  return withCurrentStep({ ...state, stepResults });
}

function finish(state: ExecutionContext, now: string): ExecutionContext {
  return state.stepResults.every((result) => DONE.has(result.status)) ? { ...state, endTime: now } : state;
}

function withCurrentStep(state: ExecutionContext): ExecutionContext {
  return { ...state, currentStep: readySteps(state)[0] ?? 0 };
}
