/**
 * The three-way merge of one execution's state, for git's merge driver (`merge-state`). Step by
 * step: a step changed on one side only takes that side; changed on both sides to the same
 * result (status, outputs, errors, reason, pull request — not the times), ours is kept; changed
 * to different results, it is a conflict: the step keeps our result and carries both in
 * `conflict`, for `status` to show and `resolve` to settle. The lines handed
 * on, the current step and the end time follow from the steps and are worked out again, never
 * merged as text.
 */
import { ConductorError } from '../errors.js';
import { recomputed } from '../state/transitions.js';
import type { ExecutionContext, StepResult } from '../types.js';

export interface MergeResult {
  state: ExecutionContext;
  /** Steps that took the other side's result. */
  fromTheirs: number[];
  /** Steps both sides changed differently. */
  conflicts: number[];
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

/**
 * What a step came to, without when: two clones that completed a step with the same outputs, or
 * saw it become ready, at different times recorded the same result.
 */
function resultOfStep(step: StepResult) {
  return {
    status: step.status,
    outputs: step.outputs,
    errors: step.errors,
    reason: step.reason,
    pr: step.pr?.url,
    delegation: step.delegation?.url,
  };
}

/** Merges `ours` and `theirs` of one execution from their common `base` (undefined: both added it). */
export function mergeStates(
  base: ExecutionContext | undefined,
  ours: ExecutionContext,
  theirs: ExecutionContext,
  now: string,
): MergeResult {
  if (ours.executionId !== theirs.executionId || !same(ours.plan, theirs.plan)) {
    throw new ConductorError(
      'INVALID_FILE',
      `the two sides are not the same execution (${ours.executionId} and ${theirs.executionId}, or their plans differ)`,
      { hint: 'keep one side of the file by hand (git checkout --ours or --theirs)' },
    );
  }
  const before = new Map((base?.stepResults ?? []).map((result) => [result.stepNumber, result]));
  const other = new Map(theirs.stepResults.map((result) => [result.stepNumber, result]));
  const fromTheirs: number[] = [];
  const conflicts: number[] = [];
  const stepResults = ours.stepResults.map((mine): StepResult => {
    const their = other.get(mine.stepNumber)!;
    const was = before.get(mine.stepNumber);
    if (same(mine, their)) return mine;
    // An earlier conflict is still one, whatever else changed.
    if (mine.conflict || their.conflict) {
      conflicts.push(mine.stepNumber);
      return mine.conflict ? mine : their;
    }
    if (was && same(mine, was)) {
      fromTheirs.push(mine.stepNumber);
      return their;
    }
    if (was && same(their, was)) return mine;
    // Both changed it, to the same result: ours is kept, with its times.
    if (same(resultOfStep(mine), resultOfStep(their))) return mine;
    conflicts.push(mine.stepNumber);
    return { ...mine, conflict: { ours: mine, theirs: their, at: now } };
  });
  const merged = recomputed({
    ...ours,
    schemaVersion: Math.max(ours.schemaVersion, theirs.schemaVersion),
    stepResults,
  });
  return { state: merged, fromTheirs, conflicts };
}
