/** `validate` as people read it: the config, each agent file, each plan, the templates, a last line. */
import type { ProjectValidation } from '../project/validate.js';
import { formatAgentReports } from './agents.js';
import { formatTemplateChecks } from './templates.js';

export function formatProjectValidation(result: ProjectValidation): string {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');
  const plans =
    result.plans.length === 0
      ? ['  none yet']
      : result.plans.map((plan) =>
          plan.ok ? `  ✓ ${plan.file}` : `  ✗ ${plan.file}\n${plan.errors.map((error) => `      ${error}`).join('\n')}`,
        );
  return [
    `Config: ${result.config.file}`,
    ...result.config.warnings.map((warning) => `  warning: ${warning}`),
    '',
    `Agents (${result.agentsFrom}):`,
    indent(formatAgentReports(result.agents)),
    '',
    'Templates:',
    indent(formatTemplateChecks(result.templates)),
    '',
    `Plans (${result.plansDir}):`,
    ...plans,
    '',
    verdict(result),
  ].join('\n');
}

const counted = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The last line: all clear only when nothing was flagged; warnings alone are counted, not hidden. */
function verdict(result: ProjectValidation): string {
  const warnings =
    result.config.warnings.length + result.agents.reduce((sum, report) => sum + report.warnings.length, 0);
  const errors =
    result.agents.reduce((sum, report) => sum + report.errors.length, 0) +
    result.templates.reduce((sum, check) => sum + (check.ok ? 0 : Math.max(1, check.errors.length)), 0) +
    result.plans.reduce((sum, plan) => sum + (plan.ok ? 0 : Math.max(1, plan.errors.length)), 0);
  if (!result.ok) return `${counted(Math.max(1, errors), 'error')}, ${counted(warnings, 'warning')}: see ✗ above.`;
  return warnings === 0 ? 'Everything checks out.' : `No errors; ${counted(warnings, 'warning')}.`;
}
