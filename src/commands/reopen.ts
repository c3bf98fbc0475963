import { resultOf } from '../state/transitions.js';
import { withRunner, parseStep, reportAction, type CommandResult, type CommonOptions } from './shared.js';

export interface ReopenOptions extends CommonOptions {
  id: string;
  step: unknown;
}

/**
 * `reopen <id> <step>`: a completed or skipped step back to pending, to be done again. What it
 * produced is kept in its history (with its prompt and transcript files, renamed) and leaves the
 * context handed to later prompts. Steps that already built on it are named.
 */
export const run = withRunner(async (runner, options: ReopenOptions): Promise<CommandResult> => {
  const step = parseStep(options.step);
  const result = await runner.applyAction(options.id, step, { kind: 'reopen' });
  const entry = resultOf(result.context, step);
  const ended = entry.history![entry.history!.length - 1]!;
  const built = result.context.plan.steps
    .filter((candidate) => candidate.dependencies.includes(step))
    .filter((candidate) => ['running', 'completed'].includes(resultOf(result.context, candidate.stepNumber).status))
    .map((candidate) => candidate.stepNumber);
  const notes = [...result.notes];
  if (built.length > 0)
    notes.push(
      `step ${built.join(', ')} already built on step ${step}; reopen ${built.length === 1 ? 'it' : 'them'} too if the new work changes what they rely on`,
    );
  const kept = [ended.promptPath, ended.transcriptPath].filter(Boolean).join(', ');
  return {
    ...reportAction(
      runner,
      result,
      step,
      `↺ Step ${step} (${entry.agentName}) is pending again (it was ${ended.status}; attempt ${ended.attempt} is kept in its history${kept ? `: ${kept}` : ''}).`,
    ),
    notes,
  };
});
