import { isConductorError } from '../errors.js';
import { checkBlocks, checkVariables, type TemplateProblem } from '../render/check.js';
import { sampleVariables } from '../render/samples.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { listTemplates } from './templates-list.js';
import type { StepRunner } from '../runner.js';

export interface TemplateCheck {
  name: string;
  file: string;
  ok: boolean;
  /** The first problem, `file:line: message`. */
  error?: string;
  /** Every problem, `file:line: message`. */
  errors: string[];
  /** Whether it was rendered with sample data (known templates) or only compiled. */
  rendered: boolean;
}

/**
 * Compiles every template the project would use; the known ones are also rendered with sample
 * data, so an undefined variable is found here and not in the middle of a run.
 */
export function checkTemplates(runner: StepRunner): TemplateCheck[] {
  return listTemplates(runner.config.templatesDir, runner.config.root).map((entry) => {
    const renderer = runner.renderer;
    const file = renderer.shown(safeResolve(runner, entry.name));
    const variables = sampleVariables(entry.name, runner.agents.agents, runner.config);
    const rendered = variables !== undefined;
    const errors: string[] = [];
    try {
      const at = (problem: TemplateProblem) => `${file}:${problem.line}: ${problem.message}`;
      errors.push(...checkBlocks(renderer, entry.name).map(at));
      if (variables) errors.push(...checkVariables(renderer.resolve(entry.name).source, variables).map(at));
      if (variables) for (const sample of variables) renderer.render(entry.name, sample);
      else renderer.compile(entry.name);
    } catch (error) {
      if (!isConductorError(error)) throw error;
      const found = `${error.where ?? file}: ${error.message}`;
      if (
        !errors.some(
          (problem) =>
            problem.startsWith(found.split(': ')[0]!) && problem.includes(found.match(/"([^"]+)"/)?.[1] ?? '\0'),
        )
      )
        errors.push(found);
    }
    return {
      name: entry.name,
      file,
      ok: errors.length === 0,
      ...(errors.length > 0 ? { error: errors[0] } : {}),
      errors,
      rendered,
    };
  });
}

function safeResolve(runner: StepRunner, name: string): string {
  try {
    return runner.renderer.resolve(name).file;
  } catch (error) {
    if (!isConductorError(error)) throw error;
    return name;
  }
}

export function formatChecks(checks: TemplateCheck[]): string {
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

/** `templates check`: exit 2 when any template fails. */
export const run = withRunner(async (runner, options: CommonOptions): Promise<CommandResult> => {
  const checks = checkTemplates(runner);
  return { stdout: formatChecks(checks), json: checks, exitCode: checks.some((check) => !check.ok) ? 2 : 0 };
});
