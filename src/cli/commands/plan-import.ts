import { shellQuote } from '../../util/text.js';
import path from 'node:path';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'import',
  describe: "take the JSON plan out of an agent's answer or a whole transcript, check it and write it as a plan file",
  args: {
    file: {
      type: 'string',
      positional: true,
      required: true,
      describe: 'the answer or transcript (markdown, JSON or JSONC)',
    },
  },
  async run(args, context) {
    const runner = await context.runner();
    const [{ importPlanFile }, { formatPlan }] = await Promise.all([
      import('../../plan/files.js'),
      import('../../views/status.js'),
    ]);
    const imported = importPlanFile(runner, path.resolve(context.cwd, args.file), new Date());
    const { order, waves } = imported.validation;
    const lines = [
      `Plan imported from ${imported.from} (${imported.how} at line ${imported.line}) and written: ${imported.file}`,
      formatPlan(imported.plan, order, waves),
      '',
      `Next: ${context.command} execute ${shellQuote(imported.file)}`,
    ];
    return { stdout: lines.join('\n'), json: { file: imported.file, plan: imported.plan, order, waves } };
  },
});
