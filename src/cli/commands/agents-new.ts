import { shellQuote } from '../../util/text.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'new',
  describe: 'scaffold a profile from the agent.md.njk template',
  args: {
    name: { type: 'string', positional: true, required: true, describe: 'the new agent name' },
    description: { type: 'string', describe: 'its one-line description' },
    force: { type: 'boolean', describe: 'replace an existing file' },
  },
  async run(args, context) {
    const runner = await context.runner();
    const { scaffoldAgent } = await import('../../agents/files.js');
    const made = scaffoldAgent(runner, { name: args.name, description: args.description, force: args.force });
    return {
      stdout:
        `created ${made.file}\nFill in its scope, boundaries, done definition and refusal rules, then ` +
        `check it with: ${context.command} agents validate ${shellQuote(made.file)}`,
      json: { file: made.file, name: made.name },
      notes: made.problems,
    };
  },
});
