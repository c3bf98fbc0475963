import { defineCommand } from '../define.js';
import { reportAction } from '../step-output.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'reopen',
  describe: 'send a completed or skipped step back to pending; its history keeps what it produced',
  args: STEP_ARGS,
  async run(args, context) {
    const runner = await context.runner();
    const { resultOf } = await import('../../state/transitions.js');
    const result = await runner.applyAction(args.id, args.step, { kind: 'reopen' });
    const state = result.state;
    const entry = resultOf(state, args.step);
    const ended = entry.history![entry.history!.length - 1]!;
    const built = state.plan.steps
      .filter((candidate) => candidate.dependencies.includes(args.step))
      .filter((candidate) => ['running', 'completed'].includes(resultOf(state, candidate.stepNumber).status))
      .map((candidate) => candidate.stepNumber);
    const kept = [ended.promptPath, ended.transcriptPath].filter(Boolean).join(', ');
    const headline =
      `↺ Step ${args.step} (${entry.agentName}) is pending again (it was ${ended.status}; ` +
      `attempt ${ended.attempt} is kept in its history${kept ? `: ${kept}` : ''}).`;
    const report = reportAction(runner, result, args.step, headline);
    const rebuilt =
      built.length > 0
        ? [
            `step ${built.join(', ')} already built on step ${args.step}; reopen ` +
              `${built.length === 1 ? 'it' : 'them'} too if the new work changes what they rely on`,
          ]
        : [];
    return { ...report, notes: [...(report.notes ?? []), ...rebuilt] };
  },
});
