import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'init',
  describe: 'scaffold conductor.config.ts, agents/, templates/ and proof/ (never overwrites)',
  args: {
    force: { type: 'boolean', describe: 'replace existing files' },
    'dry-run': { type: 'boolean', describe: 'show what would be written, write nothing' },
    target: { type: 'string', describe: 'copilot | claude | codex | generic' },
  },
  async run(args, { cwd, command }) {
    const { initProject } = await import('../../project/init.js');
    const entries = initProject({ cwd, force: args.force, dryRun: args['dry-run'], target: args.target });
    const width = Math.max(...entries.map((entry) => entry.action.length));
    const lines = entries.map((entry) => `${entry.action.padEnd(width)}  ${entry.path}`);
    const kept = entries.filter((entry) => entry.action === 'kept').length;
    if (kept > 0 && !args.force)
      lines.push(`(${kept} existing file${kept === 1 ? '' : 's'} kept; --force replaces them)`);
    if (args['dry-run']) lines.push('Dry run: nothing was written.');
    else
      lines.push(
        '',
        `Next: ${command} plan "<your goal>" writes a plan from a goal; then ${command} execute <the plan file ` +
          `it names>.`,
      );
    return { stdout: lines.join('\n'), json: entries };
  },
});
