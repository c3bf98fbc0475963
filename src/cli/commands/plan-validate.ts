import path from 'node:path';
import { showPath } from '../../util/package.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'validate',
  describe: 'check a plan file: exit 0 with its order, 2 with every problem',
  args: { file: { type: 'string', positional: true, required: true, describe: 'plan file (JSON or YAML)' } },
  async run(args, context) {
    const runner = await context.runner();
    const [{ loadPlan }, { arrowList }] = await Promise.all([
      import('../../plan/load.js'),
      import('../../util/text.js'),
    ]);
    const shown = showPath(path.resolve(context.cwd, args.file), runner.config.root);
    const plan = loadPlan(path.resolve(context.cwd, args.file), shown);
    const { order, waves } = runner.checkPlan(plan, shown);
    return {
      stdout: `✓ ${shown}: ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, order ${arrowList(order)}`,
      json: { file: shown, ok: true, errors: [], order, waves },
    };
  },
});
