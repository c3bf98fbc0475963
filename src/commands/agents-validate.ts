import { statSync } from 'node:fs';
import path from 'node:path';
import { findDuplicates, listAgentFiles, loadAgentFile, type AgentFileResult } from '../agents/load.js';
import { cliNotes } from '../agents/lint.js';
import { placeOf } from '../agents/parse.js';
import { ConductorError, isErrno } from '../errors.js';
import { showPath } from '../util/package.js';
import { placeholdersOf, SCAFFOLD_NAME, unchangedPlaceholders, type Placeholders } from '../agents/placeholders.js';
import type { StepRunner } from '../runner.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface AgentsValidateOptions extends CommonOptions {
  paths?: string[];
}

export interface AgentFileReport {
  file: string;
  ok: boolean;
  name: string | undefined;
  errors: string[];
  warnings: string[];
}

/** Checks profile files: every problem with file:line, plus what Claude Code and Copilot would do with each file. */
export function reportAgentFiles(
  results: AgentFileResult[],
  root: string,
  placeholders?: Placeholders,
): AgentFileReport[] {
  const shown = (file: string) => showPath(file, root);
  const duplicates = findDuplicates(results.flatMap((result) => (result.agent ? [result.agent] : [])));
  return results.map((result) => {
    const at = (line?: number) => placeOf(shown(result.file), line);
    const warnings = [
      ...result.warnings.map((problem) => `${at(problem.line)}: ${problem.message}`),
      ...cliNotes(result).map((note) => `${at()}: ${note}`),
      ...(placeholders && result.agent
        ? unchangedPlaceholders(result.agent, placeholders).map((note) => `${at(lineOfField(result, note))}: ${note}`)
        : []),
    ];
    const twins = duplicates.find((group) => group.some((agent) => agent.file === result.file));
    if (twins)
      warnings.push(
        `${at()}: the name "${result.agent!.name}" is also used by ${twins
          .filter((agent) => agent.file !== result.file)
          .map((agent) => shown(agent.file))
          .join(', ')}`,
      );
    const errors = result.errors.map((problem) => `${at(problem.line)}: ${problem.message}`);
    return { file: shown(result.file), ok: errors.length === 0, name: result.agent?.name, errors, warnings };
  });
}

export function formatReports(reports: AgentFileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const icon = !report.ok ? '✗' : report.warnings.length > 0 ? '⚠' : '✓';
    lines.push(`${icon} ${report.file}${report.name ? `  ${report.name}` : ''}`);
    for (const error of report.errors) lines.push(`    error: ${error}`);
    for (const warning of report.warnings) lines.push(`    warning: ${warning}`);
  }
  const failed = reports.filter((report) => !report.ok).length;
  const warned = reports.filter((report) => report.ok && report.warnings.length > 0).length;
  lines.push(
    `${reports.length} file${reports.length === 1 ? '' : 's'}: ${reports.length - failed - warned} ok, ${warned} with warnings, ${failed} with errors`,
  );
  return lines.join('\n');
}

/** `agents validate [paths…]`: files and folders (default: the project's agent folders). Exit 2 when any file has errors. */
export const run = withRunner(async (runner, options: AgentsValidateOptions): Promise<CommandResult> => {
  const files =
    options.paths && options.paths.length > 0
      ? options.paths.flatMap((given) => expand(options.cwd, given))
      : runner.agents.files.map((result) => result.file);
  const results = files.map((file) => loadAgentFile(file, showPath(file, runner.config.root)));
  const reports = reportAgentFiles(results, runner.config.root, scaffoldPlaceholders(runner));
  const failed = reports.some((report) => !report.ok);
  return { stdout: formatReports(reports), json: reports, exitCode: failed ? 2 : 0 };
});

/** What `agents new` would write, to recognise fields nobody filled in. */
export function scaffoldPlaceholders(runner: StepRunner): Placeholders {
  return placeholdersOf(runner.renderer.render('agent.md.njk', { name: SCAFFOLD_NAME, description: '' }));
}

/** The line of the field a placeholder note is about. */
function lineOfField(result: AgentFileResult, note: string): number | undefined {
  const field = note.slice(0, note.indexOf(':'));
  return result.lines?.[field] ?? result.lines?.[field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
}

function expand(cwd: string, given: string): string[] {
  const absolute = path.resolve(cwd, given);
  try {
    return statSync(absolute).isDirectory() ? listAgentFiles(absolute) : [absolute];
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ConductorError('NOT_FOUND', `no such file or folder: ${given}`);
    throw error;
  }
}
