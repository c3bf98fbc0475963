import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'import',
  describe: 'turn Claude Code and Copilot agent files into profiles',
  args: {
    files: { type: 'strings', positional: true, required: true, describe: 'agent files' },
    out: { type: 'string', describe: 'folder to write into (default: the first agents folder)' },
    force: { type: 'boolean', describe: 'replace existing profiles' },
  },
  async run(args, context) {
    const runner = await context.runner();
    const { importAgents } = await import('../../agents/files.js');
    const entries = importAgents(runner, { ...args, cwd: context.cwd });
    return {
      stdout: entries.map((entry) => `imported  ${entry.from} → ${entry.file}`).join('\n'),
      notes: entries.flatMap((entry) => entry.warnings),
      json: entries.map(({ from, file }) => ({ from, file })),
    };
  },
});
