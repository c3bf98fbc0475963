/** What every command shares: its options, its result, and how a step action is reported. */
import { ConductorError } from '../errors.js';
import { loadProject, type Project } from '../project.js';
import type { StepActionResult, StepRunner } from '../runner.js';
import { summarize } from '../report.js';
import { arrowList } from '../util/text.js';
import { commandName } from '../util/invocation.js';

export interface CommonOptions {
  /** The folder the command runs in (the CLI's --cwd, default the process's). */
  cwd: string;
  /** --config */
  config?: string | undefined;
}

export interface CommandResult {
  /** What goes to stdout. */
  stdout: string;
  /** Printed instead of stdout with --json. */
  json?: unknown;
  /** Notes and warnings for stderr. */
  notes?: string[];
  /** For commands that report problems as data (validators): 2 when the input has errors. */
  exitCode?: 0 | 1 | 2;
}

/**
 * A command that reads a project without rendering anything (status, list): loads the config
 * and the store, runs, and adds the config's warnings (unknown keys) to the result's notes.
 */
export function withProject<O extends CommonOptions>(
  body: (project: Project, options: O) => CommandResult | Promise<CommandResult>,
) {
  return async (options: O): Promise<CommandResult> => {
    const project = await loadProject({ cwd: options.cwd, configPath: options.config });
    const result = await body(project, options);
    return { ...result, notes: [...project.warnings.map((warning) => `warning: ${warning}`), ...(result.notes ?? [])] };
  };
}

/**
 * A command that needs agents or templates: the same, with a StepRunner. The runner's module
 * (and with it nunjucks and gray-matter) is loaded only here.
 */
export function withRunner<O extends CommonOptions>(
  body: (runner: StepRunner, options: O) => CommandResult | Promise<CommandResult>,
) {
  return withProject<O>(async (project, options) => {
    const { StepRunner } = await import('../runner.js');
    return body(new StepRunner({ config: project.config, warnings: project.warnings }), options);
  });
}

/** A step number from the command line. */
export function parseStep(value: unknown): number {
  const text = String(value ?? '').trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new ConductorError('USAGE', `step must be a step number (1, 2, …), not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** A repeatable string option as a list. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The lines after a step action: what changed, what became ready, what to do next. */
export function reportAction(
  runner: StepRunner,
  result: StepActionResult,
  stepNumber: number,
  headline: string,
): CommandResult {
  const { context, rendered } = result;
  const summary = summarize(context);
  const lines = [headline];
  for (const step of rendered) {
    const entry = summary.steps.find((candidate) => candidate.stepNumber === step)!;
    lines.push(`  prompt written: step ${step} (${entry.agentName}) → ${entry.promptPath}`);
  }
  if (summary.status === 'done') {
    lines.push(
      `Execution ${context.executionId} is done: ${summary.progress.done} of ${summary.progress.total} steps completed or skipped.`,
    );
  } else if (summary.ready.length > 0) {
    lines.push('', runner.displayStepInstructions(context, summary.ready[0]!));
    if (summary.ready.length > 1) lines.push(`Also ready: ${arrowList(summary.ready.slice(1))}`);
  } else {
    lines.push(
      `${summary.progress.done} of ${summary.progress.total} steps done; nothing is ready (${commandName()} status ${context.executionId}).`,
    );
  }
  return { stdout: lines.join('\n'), json: { executionId: context.executionId, stepNumber, rendered, summary } };
}
