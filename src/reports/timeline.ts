/**
 * When each step's work happened, from the state's timestamps: every attempt as a bar from when
 * it began to when it ended. An attempt began when the step was started; a step completed
 * straight from pending began when it became ready (its `ready` event, or — in a state written
 * before steps had events — when its last dependency finished, or the execution started). An
 * older state without times for a step simply has no bar for it.
 */
import { executionWaves, planStepOf } from '../state/transitions.js';
import type { ExecutionContext, StepResult, StepStatus } from '../types.js';

export interface Bar {
  stepNumber: number;
  agentName: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** How the attempt ended (`running` for one still going). */
  status: StepStatus;
  start: string;
  end: string;
  /** true when `start` is when the step became ready, not a recorded start. */
  fromReady: boolean;
}

export interface StepTiming {
  stepNumber: number;
  agentName: string;
  status: StepStatus;
  attempts: number;
  /** Milliseconds of the last attempt (start → end); undefined without both times. */
  duration: number | undefined;
  bars: Bar[];
}

export interface ExecutionTiming {
  steps: StepTiming[];
  /** Milliseconds from the execution's start to its end (or to `now` while it runs). */
  wallTime: number;
  waves: number[][];
}

export function timingOf(state: ExecutionContext, now: string): ExecutionTiming {
  const results = new Map(state.stepResults.map((result) => [result.stepNumber, result]));
  const steps = state.stepResults.map((result): StepTiming => {
    const derivedReady = derivedReadyTime(state, result, results);
    const ends: { attempt: number; status: StepStatus; end: string; startTime?: string }[] = (result.history ?? [])
      .filter((attempt) => attempt.endTime)
      .map((attempt) => ({
        attempt: attempt.attempt,
        status: attempt.status,
        end: attempt.endTime!,
        ...(attempt.startTime ? { startTime: attempt.startTime } : {}),
      }));
    const attempts = (result.history?.length ?? 0) + 1;
    const end = result.endTime ?? (result.status === 'running' ? now : undefined);
    if (end && result.status !== 'pending') {
      ends.push({
        attempt: attempts,
        status: result.status,
        end,
        ...(result.startTime ? { startTime: result.startTime } : {}),
      });
    }
    const bars: Bar[] = [];
    let previous: string | undefined;
    for (const attempt of ends) {
      const begin = beginOf(result, previous, attempt.end, attempt.startTime, derivedReady);
      bars.push({
        stepNumber: result.stepNumber,
        agentName: result.agentName,
        attempt: attempt.attempt,
        status: attempt.status,
        start: attempt.status === 'skipped' ? attempt.end : begin.at,
        end: attempt.end,
        fromReady: begin.fromReady,
      });
      previous = attempt.end;
    }
    const last = bars[bars.length - 1];
    return {
      stepNumber: result.stepNumber,
      agentName: result.agentName,
      status: result.status,
      attempts,
      duration: last && last.attempt === attempts ? Date.parse(last.end) - Date.parse(last.start) : undefined,
      bars,
    };
  });
  const end = state.endTime ?? now;
  return { steps, wallTime: Date.parse(end) - Date.parse(state.startTime), waves: executionWaves(state) };
}

/**
 * When an attempt that ended at `end` began: its `start` event, else the `ready` event before it
 * (a step completed straight from pending), else — a state written before events — its recorded
 * start time when that is not its end, else when it could have begun.
 */
function beginOf(
  result: StepResult,
  after: string | undefined,
  end: string,
  startTime: string | undefined,
  derivedReady: string,
): { at: string; fromReady: boolean } {
  if (result.events) {
    const within = result.events.filter((event) => (after === undefined || event.at >= after) && event.at <= end);
    const started = within.filter((event) => event.action === 'start').pop();
    if (started) return { at: started.at, fromReady: false };
    const ready = within.filter((event) => event.action === 'ready').pop();
    if (ready) return { at: ready.at, fromReady: true };
  }
  if (startTime && startTime !== end) return { at: startTime, fromReady: false };
  return { at: after !== undefined && after > derivedReady ? after : derivedReady, fromReady: true };
}

/** When a step could first begin: when its last dependency finished, or the execution started. */
function derivedReadyTime(state: ExecutionContext, result: StepResult, results: Map<number, StepResult>): string {
  const step = planStepOf(state, result.stepNumber);
  const ends = step.dependencies
    .map((dependency) => results.get(dependency)?.endTime)
    .filter((time): time is string => Boolean(time))
    .sort();
  return ends[ends.length - 1] ?? state.startTime;
}

/** `1h 12m`, `14m 2s`, `45s`, `< 1s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return '< 1s';
  const seconds = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** `2026-12-01 09:14:05 UTC`: a state's ISO time as the reports show it. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
