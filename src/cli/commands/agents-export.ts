import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'export',
  describe:
    'write the profiles as .claude/agents/*.md, .github/agents/*.agent.md or AGENTS.md, or the skill for working a ' +
    'conducted step (--target skills)',
  args: {
    target: {
      type: 'string',
      required: true,
      describe: 'claude | copilot | gemini | opencode | codex | agents-md | skills',
    },
    out: { type: 'string', describe: 'folder to write under (default: the project root)' },
    force: { type: 'boolean', describe: 'replace files that differ' },
    only: { type: 'names', describe: 'only these agents (names, comma-separated or repeated)' },
    compact: { type: 'boolean', describe: "AGENTS.md: each agent's fields without its body" },
  },
  async run(args, context) {
    const runner = await context.runner();
    const { exportAgents } = await import('../../agents/files.js');
    const entries = exportAgents(runner, { ...args, cwd: context.cwd });
    return {
      stdout: entries.map((entry) => `${entry.action.padEnd(9)}  ${entry.file}`).join('\n'),
      notes: entries.flatMap((entry) => entry.notes),
      json: entries,
    };
  },
});
