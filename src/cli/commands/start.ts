import { defineCommand } from '../define.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'start',
  describe: 'mark a step running',
  args: { ...STEP_ARGS, force: { type: 'boolean', describe: 'start although dependencies are not done (recorded)' } },
  async run(args, context) {
    const runner = await context.runner();
    const [{ summarize }, { resultOf }] = await Promise.all([
      import('../../views/status.js'),
      import('../../state/transitions.js'),
    ]);
    const { state, rendered } = await runner.applyAction(args.id, args.step, {
      kind: 'start',
      force: args.force,
    });
    const entry = resultOf(state, args.step);
    const lines = [
      `▶ Step ${args.step} (${entry.agentName}) is ` +
        `running.${entry.forced ? ' (forced past unfinished dependencies; recorded on the step)' : ''}`,
      `  prompt: ${entry.promptPath ?? '(none yet)'}`,
      `  when done: ${context.command} complete ${state.executionId} ${args.step} --output "<what was produced>"`,
    ];
    return {
      stdout: lines.join('\n'),
      json: { executionId: state.executionId, stepNumber: args.step, rendered, summary: summarize(state) },
    };
  },
});
