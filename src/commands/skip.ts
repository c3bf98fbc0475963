import { resultOf } from '../state/transitions.js';
import { withRunner, parseStep, reportAction, type CommandResult, type CommonOptions } from './shared.js';

export interface SkipOptions extends CommonOptions {
  id: string;
  step: unknown;
  reason?: string | undefined;
}

/** `skip <id> <step> --reason …`: counts as done for the steps that depend on it. */
export const run = withRunner(async (runner, options: SkipOptions): Promise<CommandResult> => {
  const step = parseStep(options.step);
  const result = await runner.applyAction(options.id, step, { kind: 'skip', reason: options.reason ?? '' });
  const entry = resultOf(result.context, step);
  return reportAction(runner, result, step, `↷ Step ${step} (${entry.agentName}) skipped: ${entry.reason}`);
});
