import { defineCommand } from '../define.js';
import { reportAction } from '../step-output.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'retry',
  describe: 'send a failed step back to pending; its new prompt carries the earlier errors',
  args: STEP_ARGS,
  async run(args, context) {
    const runner = await context.runner();
    const { resultOf } = await import('../../state/transitions.js');
    const result = await runner.applyAction(args.id, args.step, { kind: 'retry' });
    const entry = resultOf(result.state, args.step);
    return reportAction(
      runner,
      result,
      args.step,
      `↺ Step ${args.step} (${entry.agentName}) is pending again (retry ${entry.retries ?? 1}); its prompt ` +
        `lists the earlier errors.`,
    );
  },
});
