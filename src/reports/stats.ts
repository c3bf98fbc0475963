/**
 * `stats`: what many executions teach. Per agent: the steps it was given and how they ended, its
 * completion rate (completed of those that ended completed or failed), retries per step, the
 * median duration of its completed steps, its most frequent failure reasons (grouped by their
 * words, numbers and paths aside) and skipped steps. Per plan shape (steps and waves): how many
 * executions, how many finished, their median wall time.
 */
import type { ExecutionContext } from '../types.js';
import { executionStatus } from '../state/transitions.js';
import { timingOf } from './timeline.js';

export interface AgentStats {
  agent: string;
  steps: number;
  completed: number;
  failed: number;
  skipped: number;
  /** completed / (completed + failed), counting every failed attempt; undefined when neither happened. */
  completionRate: number | undefined;
  retriesPerStep: number;
  /** Milliseconds. */
  medianDuration: number | undefined;
  failureReasons: { reason: string; count: number }[];
}

export interface ShapeStats {
  steps: number;
  waves: number;
  executions: number;
  done: number;
  /** Milliseconds, of the finished ones. */
  medianWallTime: number | undefined;
}

export interface Stats {
  executions: number;
  since: string | undefined;
  agents: AgentStats[];
  shapes: ShapeStats[];
}

export function statsOf(states: readonly ExecutionContext[], now: string, since?: string): Stats {
  const chosen = states.filter((state) => since === undefined || state.startTime >= since);
  const agents = new Map<
    string,
    {
      steps: number;
      completed: number;
      failed: number;
      skipped: number;
      retries: number;
      durations: number[];
      reasons: Map<string, { text: string; count: number }>;
    }
  >();
  const shapes = new Map<string, { steps: number; waves: number; executions: number; done: number; wall: number[] }>();
  for (const state of chosen) {
    const timing = timingOf(state, now);
    const times = new Map(timing.steps.map((step) => [step.stepNumber, step]));
    for (const result of state.stepResults) {
      const entry = agents.get(result.agentName) ?? {
        steps: 0,
        completed: 0,
        failed: 0,
        skipped: 0,
        retries: 0,
        durations: [] as number[],
        reasons: new Map(),
      };
      agents.set(result.agentName, entry);
      entry.steps++;
      entry.retries += result.retries ?? 0;
      const failures = [
        ...(result.history ?? []).filter((attempt) => attempt.status === 'failed'),
        ...(result.status === 'failed' ? [result] : []),
      ].length;
      entry.failed += failures;
      if (result.status === 'completed') {
        entry.completed++;
        const duration = times.get(result.stepNumber)?.duration;
        if (duration !== undefined) entry.durations.push(duration);
      }
      if (result.status === 'skipped') entry.skipped++;
      for (const error of result.errors ?? []) {
        const key = reasonKey(error);
        const known = entry.reasons.get(key);
        if (known) known.count++;
        else entry.reasons.set(key, { text: error.trim(), count: 1 });
      }
    }
    const key = `${state.plan.steps.length}/${timing.waves.length}`;
    const shape = shapes.get(key) ?? {
      steps: state.plan.steps.length,
      waves: timing.waves.length,
      executions: 0,
      done: 0,
      wall: [],
    };
    shapes.set(key, shape);
    shape.executions++;
    if (executionStatus(state) === 'done') {
      shape.done++;
      shape.wall.push(timing.wallTime);
    }
  }
  return {
    executions: chosen.length,
    since,
    agents: [...agents.entries()]
      .map(([agent, entry]) => ({
        agent,
        steps: entry.steps,
        completed: entry.completed,
        failed: entry.failed,
        skipped: entry.skipped,
        completionRate:
          entry.completed + entry.failed > 0 ? entry.completed / (entry.completed + entry.failed) : undefined,
        retriesPerStep: entry.steps > 0 ? entry.retries / entry.steps : 0,
        medianDuration: median(entry.durations),
        failureReasons: [...entry.reasons.values()]
          .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
          .slice(0, 3)
          .map(({ text, count }) => ({ reason: text, count })),
      }))
      .sort((a, b) => b.steps - a.steps || a.agent.localeCompare(b.agent)),
    shapes: [...shapes.values()]
      .map((shape) => ({
        steps: shape.steps,
        waves: shape.waves,
        executions: shape.executions,
        done: shape.done,
        medianWallTime: median(shape.wall),
      }))
      .sort((a, b) => a.steps - b.steps || a.waves - b.waves),
  };
}

/** Failure reasons that differ only in numbers, paths, quotes or case are one reason. */
function reasonKey(error: string): string {
  return error
    .toLowerCase()
    .replace(/(?:[\w.-]+\/)+[\w.-]+/g, '<path>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/["'`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
