import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'validate',
  describe: 'config, agents, templates and plans in one pass',
  args: {},
  async run(_args, context) {
    const runner = await context.runner();
    const [{ validateProject }, { formatProjectValidation }] = await Promise.all([
      import('../../project/validate.js'),
      import('../../views/validate.js'),
    ]);
    const result = validateProject(runner);
    return { stdout: formatProjectValidation(result), json: result, exitCode: result.ok ? 0 : 2 };
  },
});
