import { summarize } from '../report.js';
import { commandName } from '../util/invocation.js';
import { resultOf } from '../state/transitions.js';
import { asList, withRunner, parseStep, type CommandResult, type CommonOptions } from './shared.js';

export interface FailOptions extends CommonOptions {
  id: string;
  step: unknown;
  error?: unknown;
  transcript?: string | undefined;
}

/** `fail <id> <step> --error … [--transcript <path>]`: mark failed; the steps that depend on it stay blocked. */
export const run = withRunner(async (runner, options: FailOptions): Promise<CommandResult> => {
  const step = parseStep(options.step);
  const transcriptPath =
    options.transcript === undefined
      ? undefined
      : runner.transcriptFor(options.id, step, options.transcript, options.cwd);
  const result = await runner.applyAction(options.id, step, {
    kind: 'fail',
    errors: asList(options.error),
    ...(transcriptPath ? { transcriptPath } : {}),
  });
  const { context } = result;
  const entry = resultOf(context, step);
  const blocked = context.plan.steps
    .filter((candidate) => candidate.dependencies.includes(step))
    .map((candidate) => candidate.stepNumber);
  const lines = [
    `✗ Step ${step} (${entry.agentName}) failed: ${asList(options.error).join('; ')}`,
    ...(entry.transcriptPath ? [`  transcript: ${entry.transcriptPath}`] : []),
    blocked.length > 0
      ? `  blocked until it is retried and completed: step ${blocked.join(', ')}`
      : '  no other step depends on it',
    `  to try again: ${commandName()} retry ${context.executionId} ${step}   (the new prompt carries these errors; this attempt's files are kept)`,
  ];
  return {
    stdout: lines.join('\n'),
    json: { executionId: context.executionId, stepNumber: step, summary: summarize(context) },
    notes: result.notes,
  };
});
