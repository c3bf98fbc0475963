/** `stats` as people read it: tables of agents and plan shapes. */
import type { Stats } from '../reports/stats.js';
import { formatDuration } from '../reports/timeline.js';

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
