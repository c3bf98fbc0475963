import path from 'node:path';
import { showPath } from '../../util/package.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'show',
  describe: "a plan's steps, execution order and waves",
  args: { file: { type: 'string', positional: true, required: true, describe: 'plan file (JSON or YAML)' } },
  async run(args, context) {
    const runner = await context.runner();
    const [{ loadPlan }, { formatPlan }] = await Promise.all([
      import('../../plan/load.js'),
      import('../../views/status.js'),
    ]);
    const shown = showPath(path.resolve(context.cwd, args.file), runner.config.root);
    const plan = loadPlan(path.resolve(context.cwd, args.file), shown);
    const { order, waves } = runner.checkPlan(plan, shown);
    return { stdout: formatPlan(plan, order, waves), json: { file: shown, plan, order, waves } };
  },
});
