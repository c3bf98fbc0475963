import { resultOf } from '../state/transitions.js';
import { asList, withRunner, parseStep, reportAction, type CommandResult, type CommonOptions } from './shared.js';

export interface CompleteOptions extends CommonOptions {
  id: string;
  step: unknown;
  output?: unknown;
  transcript?: string | undefined;
  force?: boolean;
}

/** `complete <id> <step>`: record the outputs, hand them on, render the prompts that became ready. */
export const run = withRunner(async (runner, options: CompleteOptions): Promise<CommandResult> => {
  const step = parseStep(options.step);
  const transcriptPath =
    options.transcript === undefined
      ? undefined
      : runner.transcriptFor(options.id, step, options.transcript, options.cwd);
  const result = await runner.applyAction(options.id, step, {
    kind: 'complete',
    outputs: asList(options.output),
    force: options.force ?? false,
    ...(transcriptPath ? { transcriptPath } : {}),
  });
  const entry = resultOf(result.context, step);
  const handed = result.context.priorContext[result.context.priorContext.length - 1];
  const notes = [
    ...result.notes,
    ...(entry.transcriptPath ? [] : [`no transcript recorded for step ${step} (pass --transcript <path> to keep one)`]),
  ];
  const report = reportAction(
    runner,
    result,
    step,
    `✓ Step ${step} (${entry.agentName}) completed.\n  context handed on: ${handed}`,
  );
  return { ...report, notes };
});
