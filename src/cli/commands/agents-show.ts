import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'show',
  describe: 'one profile, every field',
  args: {
    name: {
      type: 'string',
      positional: true,
      required: true,
      describe: 'the agent name (case-insensitive) or its slug',
    },
  },
  async run(args, context) {
    const runner = await context.runner();
    const [{ findAgent }, { showPath }] = await Promise.all([
      import('../../agents/load.js'),
      import('../../util/package.js'),
    ]);
    const agent = findAgent(runner.agents, args.name);
    const file = showPath(agent.file, runner.config.root);
    const lines = [`${agent.name} (${file})`, `Description: ${agent.description || '(none)'}`];
    const lists: [string, string[]][] = [
      ['Scope', agent.scope],
      ['Boundaries', agent.boundaries],
      ['Done definition', agent.doneDefinition],
      ['Outputs', agent.outputs],
      ['Refusal rules', agent.refusalRules],
    ];
    for (const [label, items] of lists)
      lines.push(`${label}:${items.length === 0 ? ' (none)' : ''}`, ...items.map((item) => `  - ${item}`));
    lines.push(`Keywords: ${agent.keywords.join(', ') || '(none)'}`);
    for (const [key, value] of Object.entries(agent.meta))
      lines.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    lines.push('', `Body (${agent.body.length} characters):`, agent.body || '(empty)');
    return { stdout: lines.join('\n'), json: { ...agent, file } };
  },
});
