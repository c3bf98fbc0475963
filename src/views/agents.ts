/** `agents validate` and `agents list` as people read them. */
import type { AgentFileReport, AgentRow } from '../agents/check.js';
import { truncate } from '../util/text.js';

export function formatAgentReports(reports: readonly AgentFileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const icon = !report.ok ? '✗' : report.warnings.length > 0 ? '⚠' : '✓';
    lines.push(`${icon} ${report.file}${report.name ? `  ${report.name}` : ''}`);
    for (const error of report.errors) lines.push(`    error: ${error}`);
    for (const warning of report.warnings) lines.push(`    warning: ${warning}`);
  }
  const failed = reports.filter((report) => !report.ok).length;
  const warned = reports.filter((report) => report.ok && report.warnings.length > 0).length;
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  lines.push(`${files}: ${reports.length - failed - warned} ok, ${warned} with warnings, ${failed} with errors`);
  return lines.join('\n');
}

export function formatAgentRows(rows: readonly AgentRow[]): string[] {
  const width = Math.max(4, ...rows.map((row) => (row.name ?? '').length));
  const fileWidth = Math.max(...rows.map((row) => row.file.length));
  return rows.map((row) =>
    row.name
      ? `${row.warnings.length > 0 ? '⚠' : '•'} ${row.name.padEnd(width)}  ${row.file.padEnd(fileWidth)}  ` +
        `${truncate(row.description, 60)}`
      : `✗ ${'(not loaded)'.padEnd(width)}  ${row.file.padEnd(fileWidth)}  ${row.errors[0]}`,
  );
}
