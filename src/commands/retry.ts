import { resultOf } from '../state/transitions.js';
import { withRunner, parseStep, reportAction, type CommandResult, type CommonOptions } from './shared.js';

export interface RetryOptions extends CommonOptions {
  id: string;
  step: unknown;
}

/** `retry <id> <step>`: failed → pending, with a new prompt that carries the earlier errors. */
export const run = withRunner(async (runner, options: RetryOptions): Promise<CommandResult> => {
  const step = parseStep(options.step);
  const result = await runner.applyAction(options.id, step, { kind: 'retry' });
  const entry = resultOf(result.context, step);
  return reportAction(
    runner,
    result,
    step,
    `↺ Step ${step} (${entry.agentName}) is pending again (retry ${entry.retries ?? 1}); its prompt lists the earlier errors.`,
  );
});
