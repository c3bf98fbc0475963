/**
 * `stats`: what many executions teach. Per agent: the steps it was given and how they ended, its
 * completion rate (completed of those that ended completed or failed), retries per step, the
 * median duration of its completed steps, its most frequent failure reasons (grouped by their
 * words, numbers and paths aside) and skipped steps. Per plan shape (steps and waves): how many
 * executions, how many finished, their median wall time.
 */
import type { ExecutionContext } from '../types.js';
import { executionStatus } from '../state/transitions.js';
import { formatDuration, timingOf } from './timeline.js';

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

const percent = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 100)}%`);

export function formatStats(stats: Stats): string {
  if (stats.executions === 0) return `No executions${stats.since ? ` since ${stats.since}` : ''}.`;
  const lines = [
    `${stats.executions} execution${stats.executions === 1 ? '' : 's'}${stats.since ? ` since ${stats.since}` : ''}`,
    '',
    'Per agent:',
    ...table(
      ['agent', 'steps', 'completed', 'failed', 'skipped', 'completion', 'retries/step', 'median time'],
      stats.agents.map((agent) => [
        agent.agent,
        String(agent.steps),
        String(agent.completed),
        String(agent.failed),
        String(agent.skipped),
        percent(agent.completionRate),
        agent.retriesPerStep.toFixed(2),
        formatDuration(agent.medianDuration),
      ]),
    ),
  ];
  const reasons = stats.agents.filter((agent) => agent.failureReasons.length > 0);
  if (reasons.length > 0) {
    lines.push('', 'Most frequent failure reasons:');
    for (const agent of reasons) {
      lines.push(`  ${agent.agent}:`);
      for (const reason of agent.failureReasons) lines.push(`    ${reason.count}× ${reason.reason}`);
    }
  }
  lines.push(
    '',
    'Per plan shape:',
    ...table(
      ['steps', 'waves', 'executions', 'done', 'median wall time'],
      stats.shapes.map((shape) => [
        String(shape.steps),
        String(shape.waves),
        String(shape.executions),
        String(shape.done),
        formatDuration(shape.medianWallTime),
      ]),
    ),
  );
  return lines.join('\n');
}

/** Columns padded to their widest cell; numbers to the right. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const numeric = header.map((_, column) => rows.every((row) => /^[\d.%—<>s hm]+$/.test(row[column]!)) && column > 0);
  const pad = (cell: string, column: number) =>
    numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
  const line = (cells: string[]) => `  ${cells.map(pad).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)];
}
