import { summarize } from '../report.js';
import { resultOf } from '../state/transitions.js';
import { withRunner, parseStep, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

export interface StartOptions extends CommonOptions {
  id: string;
  step: unknown;
  force?: boolean;
}

/** `start <id> <step>`: pending → running. */
export const run = withRunner(async (runner, options: StartOptions): Promise<CommandResult> => {
  const step = parseStep(options.step);
  const { context, rendered } = await runner.applyAction(options.id, step, {
    kind: 'start',
    force: options.force ?? false,
  });
  const entry = resultOf(context, step);
  const lines = [
    `▶ Step ${step} (${entry.agentName}) is running.${entry.forced ? ' (forced past unfinished dependencies; recorded on the step)' : ''}`,
    `  prompt: ${entry.promptPath ?? '(none yet)'}`,
    `  when done: ${commandName()} complete ${context.executionId} ${step} --output "<what was produced>"`,
  ];
  return {
    stdout: lines.join('\n'),
    json: { executionId: context.executionId, stepNumber: step, rendered, summary: summarize(context) },
  };
});
