import { defineCommand } from '../define.js';
import { reportAction } from '../step-output.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'skip',
  describe: 'mark a step skipped (counts as done for the steps after it)',
  args: { ...STEP_ARGS, reason: { type: 'string', required: true, describe: 'why it is skipped' } },
  async run(args, context) {
    const runner = await context.runner();
    const { resultOf } = await import('../../state/transitions.js');
    const result = await runner.applyAction(args.id, args.step, { kind: 'skip', reason: args.reason });
    const entry = resultOf(result.state, args.step);
    return reportAction(runner, result, args.step, `↷ Step ${args.step} (${entry.agentName}) skipped: ${entry.reason}`);
  },
});
