import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isConductorError, isErrno } from '../errors.js';
import { loadPlan } from '../plan/load.js';
import { validatePlan } from '../plan/validate.js';
import { showPath } from '../util/package.js';
import { formatReports, reportAgentFiles, scaffoldPlaceholders } from './agents-validate.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { checkTemplates, formatChecks } from './templates-check.js';

/**
 * `validate`: config, agents, templates and the plans in plansDir, in one pass. A config that
 * cannot be loaded stops it there (the rest depends on it); otherwise every problem is listed
 * and the exit code is 2 when any part has errors.
 */
export const run = withRunner(async (runner, options: CommonOptions): Promise<CommandResult> => {
  const root = runner.config.root;
  const configFile = runner.config.configFile ? showPath(runner.config.configFile, root) : '(no config file: defaults)';

  const agents = reportAgentFiles(runner.agents.files, root, scaffoldPlaceholders(runner));
  const templates = checkTemplates(runner);
  const plans = planFiles(runner.config.plansDir).map((file) => {
    const shown = showPath(file, root);
    try {
      const validation = validatePlan(loadPlan(file, shown), runner.agents.agents);
      return { file: shown, ok: validation.ok, errors: validation.errors };
    } catch (error) {
      if (!isConductorError(error)) throw error;
      return { file: shown, ok: false, errors: [`${error.where ? `${error.where}: ` : ''}${error.message}`] };
    }
  });

  const lines = [
    `Config: ${configFile}`,
    ...runner.warnings.map((warning) => `  warning: ${warning}`),
    '',
    `Agents (${runner.agents.source === 'builtin' ? 'built-in profiles' : runner.agents.dirs.map((dir) => showPath(dir, root)).join(', ')}):`,
    indent(formatReports(agents)),
    '',
    'Templates:',
    indent(formatChecks(templates)),
    '',
    `Plans (${showPath(runner.config.plansDir, root)}):`,
    ...(plans.length === 0
      ? ['  none yet']
      : plans.map((plan) =>
          plan.ok ? `  ✓ ${plan.file}` : `  ✗ ${plan.file}\n${plan.errors.map((error) => `      ${error}`).join('\n')}`,
        )),
  ];
  const failed =
    agents.some((report) => !report.ok) || templates.some((check) => !check.ok) || plans.some((plan) => !plan.ok);
  lines.push('', failed ? 'Problems found: see ✗ above.' : 'Everything checks out.');
  return {
    stdout: lines.join('\n'),
    json: { config: { file: configFile, warnings: runner.warnings }, agents, templates, plans, ok: !failed },
    exitCode: failed ? 2 : 0,
  };
});

function planFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /\.(json|ya?ml)$/i.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
