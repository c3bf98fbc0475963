/** `templates check` and `templates list` as people read them. */
import type { TemplateCheck, TemplateEntry } from '../render/templates.js';

export function formatTemplateChecks(checks: readonly TemplateCheck[]): string {
  const lines = checks.flatMap((check) =>
    check.ok
      ? [`✓ ${check.name}  ${check.file}${check.rendered ? '' : ' (compiled; no sample data for this name)'}`]
      : [`✗ ${check.name}  ${check.errors[0]}`, ...check.errors.slice(1).map((problem) => `    ${problem}`)],
  );
  const failed = checks.filter((check) => !check.ok).length;
  lines.push(
    `${checks.length} template${checks.length === 1 ? '' : 's'}: ${checks.length - failed} ok, ${failed} with errors`,
  );
  return lines.join('\n');
}

export function formatTemplateList(entries: readonly TemplateEntry[]): string[] {
  const width = Math.max(...entries.map((entry) => entry.name.length));
  return entries.map((entry) => {
    const where = entry.builtin
      ? entry.override
        ? `built-in, overridden by ${entry.override}`
        : 'built-in'
      : `${entry.override} (yours)`;
    return `${entry.name.padEnd(width)}  ${where}`;
  });
}
