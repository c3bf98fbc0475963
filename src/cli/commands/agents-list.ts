import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'list',
  describe: 'every profile with its file and description',
  args: {},
  async run(_args, context) {
    const runner = await context.runner();
    const [{ listAgentRows }, { formatAgentRows }, { showPath }] = await Promise.all([
      import('../../agents/check.js'),
      import('../../views/agents.js'),
      import('../../util/package.js'),
    ]);
    const set = runner.agents;
    const { rows, duplicates, shadowedNotes } = listAgentRows(set);
    const where = (dir: string, index: number) => {
      const label = set.labels[index];
      return `${showPath(dir, runner.config.root)}${label ? ` (${label})` : ''}`;
    };
    const heading =
      set.source === 'builtin'
        ? `Built-in profiles (this project has no agents folder; ${context.command} init copies them in):`
        : `Profiles in ${set.dirs.map(where).join(', ')}:`;
    const notes = [
      ...shadowedNotes,
      ...duplicates.map((duplicate) => `${duplicate}; commands that need it will fail until one is renamed`),
    ];
    if (rows.some((row) => row.warnings.length > 0 || row.errors.length > 0))
      notes.push(`${context.command} agents validate shows every problem with its line`);
    return { stdout: [heading, ...formatAgentRows(rows)].join('\n'), json: rows, notes };
  },
});
