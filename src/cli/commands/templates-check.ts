import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'check',
  describe: 'compile every template and render the known ones with sample data',
  args: {},
  async run(_args, context) {
    const runner = await context.runner();
    const [{ checkTemplates }, { formatTemplateChecks }] = await Promise.all([
      import('../../render/templates.js'),
      import('../../views/templates.js'),
    ]);
    const checks = checkTemplates(runner);
    return { stdout: formatTemplateChecks(checks), json: checks, exitCode: checks.some((check) => !check.ok) ? 2 : 0 };
  },
});
