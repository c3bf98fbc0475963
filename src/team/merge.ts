/**
 * The three-way merge of one execution's state, for git's merge driver (`merge-state`), at the
 * level of what happened to each step. A step holds four kinds of thing, merged each its own way:
 *
 * - its **result** (status, outputs, errors, reason): a side that changed it from the base wins;
 *   both changed it alike, ours; a side that only moved on from the other (reopened and redid
 *   an attempt the other had not started) wins; two different results for the same attempt are
 *   a **conflict**, kept on the step with both sides whole for `status` to show and `resolve` to
 *   settle. Nothing else ever conflicts.
 * - its **attempts** (`history`): the union of both sides, keyed by when each attempt started,
 *   so no retry or reopen of either clone is lost.
 * - its **evidence** (transcript, verdict): kept from either side while it speaks of the result
 *   the merge keeps; a verdict of an attempt that the other side reopened goes onto that attempt.
 * - its **bookkeeping** (prompt path, events, what `sync` last saw, delegation, forced moves):
 *   merged to the union and the newest, never against a result.
 *
 * The lines handed on, the current step and the end time follow from the steps and are worked
 * out again. A file added on both sides (no base) is merged from the state `execute` made.
 */
import { ConductorError } from '../errors.js';
import { createExecution, recomputed } from '../state/transitions.js';
import type { ExecutionContext, StepAttempt, StepEvent, StepResult } from '../types.js';

export interface MergeResult {
  state: ExecutionContext;
  /** Steps that took the other side's result. */
  fromTheirs: number[];
  /** Steps both sides changed to different results for the same attempt. */
  conflicts: number[];
  /** Steps whose attempts, evidence or bookkeeping were joined from both sides. */
  joined: number[];
}

/** Why the driver will not merge: what it says, and what the person does about it. */
export class MergeRefusal extends ConductorError {
  constructor(
    message: string,
    hint: string,
    readonly kind: 'not-the-same-execution' | 'plan-edited' | 'unreadable-side' | 'newer-side',
  ) {
    super('INVALID_FILE', message, { hint });
  }
}

/** JSON with keys in order, so two states written by different runs compare by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** What a step came to, without when or how it was recorded. */
function resultOf(step: StepResult) {
  return { status: step.status, outputs: step.outputs ?? [], errors: step.errors ?? [], reason: step.reason };
}

const sameResult = (a: StepResult, b: StepResult) => same(resultOf(a), resultOf(b));

/** An attempt is who it is by when it started (or, for one that never started, when it ended). */
function attemptKey(attempt: Pick<StepAttempt, 'startTime' | 'endTime' | 'at'>): string {
  return attempt.startTime ?? attempt.endTime ?? attempt.at;
}

/** Both sides' attempts, each once (the fuller record of the two), in the order they started. */
function unionOfAttempts(...sides: (StepAttempt[] | undefined)[]): StepAttempt[] {
  const byKey = new Map<string, StepAttempt>();
  for (const side of sides) {
    for (const attempt of side ?? []) {
      const key = attemptKey(attempt);
      const known = byKey.get(key);
      if (!known) {
        byKey.set(key, attempt);
        continue;
      }
      // The same attempt ended by both (both reopened it): it ended when the first of them did,
      // with what either knows of it.
      const [first, second] = known.at <= attempt.at ? [known, attempt] : [attempt, known];
      byKey.set(key, { ...first, ...fill(first, second) });
    }
  }
  return [...byKey.values()]
    .sort((a, b) => attemptKey(a).localeCompare(attemptKey(b)))
    .map((attempt, index) => ({ ...attempt, attempt: index + 1 }));
}

/** Fields `extra` has that `known` lacks. */
function fill<T extends object>(known: T, extra: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(extra) as [keyof T, T[keyof T]][])
    if (known[key] === undefined && value !== undefined) out[key] = value;
  return out;
}

const historyKeys = (step: StepResult) => new Set((step.history ?? []).map(attemptKey));

/** `a`'s attempts are all among `b`'s. */
function coveredBy(a: StepResult, b: StepResult): boolean {
  const keys = historyKeys(b);
  return [...historyKeys(a)].every((key) => keys.has(key));
}

/** How far the current attempt got: an unstarted pending step, a running one, a finished one. */
function progress(step: StepResult): number {
  if (step.status === 'pending') return step.startTime ? 1 : 0;
  return step.status === 'running' ? 1 : 2;
}

/**
 * The side whose result stands when both changed it: the one that went on from where the other
 * stopped on the same attempt (pending → running → completed, whoever started it; of two starts,
 * the earlier), or that redid an attempt the other only sent back (reopened, still unstarted).
 * undefined when they really differ.
 */
function aheadOf(mine: StepResult, their: StepResult): 'mine' | 'theirs' | undefined {
  // On the same attempt, a start is bookkeeping: whoever finished it (whenever either started) stands.
  if (coveredBy(mine, their) && coveredBy(their, mine)) {
    if (progress(mine) < progress(their)) return 'theirs';
    if (progress(their) < progress(mine)) return 'mine';
    // Both only started it: the earlier start stands.
    if (progress(mine) === 1 && mine.status === their.status && mine.startTime && their.startTime)
      return their.startTime < mine.startTime ? 'theirs' : 'mine';
  }
  if (progress(mine) === 0 && coveredBy(mine, their) && historyKeys(their).size > historyKeys(mine).size)
    return 'theirs';
  if (progress(their) === 0 && coveredBy(their, mine) && historyKeys(mine).size > historyKeys(their).size)
    return 'mine';
  return undefined;
}

function unionOfEvents(...sides: (StepEvent[] | undefined)[]): StepEvent[] | undefined {
  const seen = new Map<string, StepEvent>();
  for (const event of sides.flatMap((side) => side ?? [])) seen.set(`${event.action}\0${event.at}`, event);
  const events = [...seen.values()].sort((a, b) => a.at.localeCompare(b.at));
  return events.length > 0 ? events : undefined;
}

/** The newer of two verdicts (by when each was judged). */
function newer<T extends { at: string }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

/** The pull request: the kept side's, with the newest of what `sync` saw of the same address. */
function mergedPullRequest(kept: StepResult, other: StepResult): StepResult['pr'] {
  const pr = kept.pr ?? other.pr;
  if (!pr || !other.pr || !kept.pr || other.pr.url !== kept.pr.url) return pr;
  const seen = newer(kept.pr.seen, other.pr.seen);
  return { ...pr, recordedAt: [kept.pr.recordedAt, other.pr.recordedAt].sort()[0]!, ...(seen ? { seen } : {}) };
}

/** A step with `kept`'s result, both sides' attempts and bookkeeping, and the evidence that speaks of that result. */
function joined(kept: StepResult, other: StepResult, base: StepResult | undefined): StepResult {
  let history = unionOfAttempts(base?.history, kept.history, other.history);
  const step: StepResult = { ...kept };
  if (sameResult(kept, other)) {
    // The same result both ways: the evidence either side gathered for it stands.
    const verification = newer(kept.verification, other.verification);
    if (verification) step.verification = verification;
    const transcriptPath =
      verification === other.verification && other.transcriptPath ? other.transcriptPath : kept.transcriptPath;
    if (transcriptPath ?? other.transcriptPath) step.transcriptPath = (transcriptPath ?? other.transcriptPath)!;
    // How run --headless ran it (branch, worktree, time, cost), from whichever side ran it that way.
    const headless = kept.headless ?? other.headless;
    if (headless) step.headless = headless;
  } else if (other.verification || other.transcriptPath) {
    // The other side judged an attempt the kept side has since sent back: the verdict goes onto it.
    const key = other.startTime ?? other.endTime;
    history = history.map((attempt) =>
      key && attemptKey(attempt) === key
        ? {
            ...attempt,
            ...(attempt.verdict || !other.verification ? {} : { verdict: other.verification.verdict }),
            ...(attempt.transcriptPath || !other.transcriptPath ? {} : { transcriptPath: other.transcriptPath }),
          }
        : attempt,
    );
  }
  if (history.length > 0) step.history = history;
  const events = unionOfEvents(base?.events, kept.events, other.events);
  if (events) step.events = events;
  const forced = [...(kept.forced ?? []), ...(other.forced ?? [])].filter(
    (entry, index, all) => all.findIndex((candidate) => same(candidate, entry)) === index,
  );
  if (forced.length > 0) step.forced = forced;
  const pr = mergedPullRequest(kept, other);
  if (pr) step.pr = pr;
  const delegation = kept.delegation ?? other.delegation;
  if (delegation) step.delegation = delegation;
  if (!step.promptPath && other.promptPath && historyKeys(kept).size === historyKeys(other).size)
    step.promptPath = other.promptPath;
  const retries = Math.max(kept.retries ?? 0, other.retries ?? 0);
  if (retries > 0) step.retries = retries;
  return step;
}

type StepMerge = { step: StepResult; from: 'ours' | 'theirs'; conflict: boolean };

function mergeStep(base: StepResult | undefined, mine: StepResult, their: StepResult, now: string): StepMerge {
  if (same(mine, their)) return { step: mine, from: 'ours', conflict: false };
  // An earlier conflict is still one; its sides take in what else both sides learnt.
  if (mine.conflict || their.conflict) {
    const kept = mine.conflict ? mine : their;
    return { step: kept, from: kept === mine ? 'ours' : 'theirs', conflict: true };
  }
  const take = (side: 'ours' | 'theirs'): StepMerge => {
    const [kept, other] = side === 'ours' ? [mine, their] : [their, mine];
    return { step: joined(kept, other, base), from: side, conflict: false };
  };
  if (sameResult(mine, their)) return take('ours');
  if (base && sameResult(mine, base) && coveredBy(mine, their)) return take('theirs');
  if (base && sameResult(their, base) && coveredBy(their, mine)) return take('ours');
  const ahead = aheadOf(mine, their);
  if (ahead) return take(ahead === 'mine' ? 'ours' : 'theirs');
  // Two results for the same attempt: both sides kept whole (each with every attempt) for resolve.
  const ours = joined(mine, their, base);
  const theirs = joined(their, mine, base);
  return { step: { ...ours, conflict: { ours, theirs, at: now } }, from: 'ours', conflict: true };
}

/** The plan edited on a side, said as the step where the two plans first differ. */
function planDifference(ours: ExecutionContext, theirs: ExecutionContext, base: ExecutionContext | undefined): string {
  const edited =
    base && same(base.plan, ours.plan) ? 'theirs' : base && same(base.plan, theirs.plan) ? 'ours' : 'both sides';
  const count = Math.max(ours.plan.steps.length, theirs.plan.steps.length);
  for (let index = 0; index < count; index++) {
    if (!same(ours.plan.steps[index], theirs.plan.steps[index])) {
      const number = ours.plan.steps[index]?.stepNumber ?? theirs.plan.steps[index]?.stepNumber;
      return `${edited} edited the plan (they first differ at step ${number})`;
    }
  }
  return `${edited} edited the plan's goal`;
}

/** Merges `ours` and `theirs` of one execution from their common `base` (undefined: both added it). */
export function mergeStates(
  base: ExecutionContext | undefined,
  ours: ExecutionContext,
  theirs: ExecutionContext,
  now: string,
): MergeResult {
  if (ours.executionId !== theirs.executionId || ours.startTime !== theirs.startTime) {
    throw new MergeRefusal(
      `the two sides are different executions (${ours.executionId} started ${ours.startTime}, and ` +
        `${theirs.executionId} started ${theirs.startTime})`,
      'keep both: take one side here (git checkout --ours or --theirs) and re-create the other with execute',
      'not-the-same-execution',
    );
  }
  if (!same(ours.plan, theirs.plan)) {
    throw new MergeRefusal(
      `${planDifference(ours, theirs, base)}; an execution's plan is never merged`,
      'keep the side whose plan you want (git checkout --ours or --theirs, then git add), and run a changed plan ' +
        'as a new execution',
      'plan-edited',
    );
  }
  // Both added it: the state execute made is the base they both started from.
  const from =
    base ??
    createExecution(ours.plan, { executionId: ours.executionId, planFilename: ours.planFilename, now: ours.startTime });
  const before = new Map(from.stepResults.map((result) => [result.stepNumber, result]));
  const other = new Map(theirs.stepResults.map((result) => [result.stepNumber, result]));
  const fromTheirs: number[] = [];
  const conflicts: number[] = [];
  const joinedSteps: number[] = [];
  const stepResults = ours.stepResults.map((mine): StepResult => {
    const their = other.get(mine.stepNumber)!;
    const merged = mergeStep(before.get(mine.stepNumber), mine, their, now);
    if (merged.conflict) conflicts.push(mine.stepNumber);
    else if (merged.from === 'theirs') fromTheirs.push(mine.stepNumber);
    else if (!same(merged.step, mine)) joinedSteps.push(mine.stepNumber);
    return merged.step;
  });
  const state = recomputed({ ...ours, schemaVersion: Math.max(ours.schemaVersion, theirs.schemaVersion), stepResults });
  return { state, fromTheirs, conflicts, joined: joinedSteps };
}
