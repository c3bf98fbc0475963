import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'eject',
  describe: 'copy a built-in template into your templates folder',
  args: {
    name: { type: 'string', positional: true, required: true, describe: 'a built-in template, e.g. session.md.njk' },
    force: { type: 'boolean', describe: 'replace your copy' },
  },
  async run(args, context) {
    const { config } = await context.project();
    const { ejectTemplate } = await import('../../render/templates.js');
    const { name, file } = ejectTemplate(config, args.name, args.force);
    return {
      stdout:
        `ejected ${name} → ${file}\nEdit it there; to change only some sections, keep just those blocks ` +
        `under {% extends "builtin/${name}" %}.`,
      json: { name, file },
    };
  },
});
