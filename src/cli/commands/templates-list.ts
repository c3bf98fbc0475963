import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'list',
  describe: 'built-in templates and your overrides',
  args: {},
  async run(_args, context) {
    const { config } = await context.project();
    const [{ listTemplates }, { formatTemplateList }] = await Promise.all([
      import('../../render/templates.js'),
      import('../../views/templates.js'),
    ]);
    const entries = listTemplates(config.templatesDir, config.root);
    const lines = [
      ...formatTemplateList(entries),
      '',
      `${context.command} templates eject <name> copies a built-in into your templates folder to change it.`,
    ];
    return { stdout: lines.join('\n'), json: entries };
  },
});
