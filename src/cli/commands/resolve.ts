import { ConductorError } from '../../errors.js';
import { defineCommand } from '../define.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'resolve',
  describe: 'settle a step two clones recorded differently: keep our result or theirs',
  args: { ...STEP_ARGS, take: { type: 'string', describe: 'ours or theirs' } },
  async run(args, context) {
    if (args.take !== 'ours' && args.take !== 'theirs') {
      throw new ConductorError('USAGE', '--take must be ours or theirs', { hint: 'status shows both sides' });
    }
    const runner = await context.runner();
    const { resultOf } = await import('../../state/transitions.js');
    const result = await runner.applyAction(args.id, args.step, { kind: 'resolve', take: args.take });
    const entry = resultOf(result.state, args.step);
    return {
      stdout:
        `✓ Step ${args.step} (${entry.agentName}): kept ${args.take} — ${entry.status}. Commit the state ` +
        `file to finish the merge.`,
      json: entry,
    };
  },
});
