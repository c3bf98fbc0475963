import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'init',
  describe: 'scaffold conductor.config.ts, agents/, templates/ and proof/ (never overwrites)',
  args: {
    force: { type: 'boolean', describe: 'replace existing files' },
    'dry-run': { type: 'boolean', describe: 'show what would be written, write nothing' },
    target: { type: 'string', describe: 'copilot | claude | codex | copilot-delegate | generic' },
    git: { type: 'boolean', describe: 'also register the merge driver for execution state (as git setup)' },
    'builtin-agents': {
      type: 'boolean',
      describe: 'copy the six built-in profiles into agents/ even when the project has agents of its own',
    },
    skill: {
      type: 'boolean',
      describe: 'also write the skill for working a conducted step to .claude/skills/ and .agents/skills/',
    },
  },
  async run(args, context) {
    const { cwd, command } = context;
    // Outside a repository --git is refused before anything is written.
    if (args.git) (await import('../../team/git.js')).repositoryOf(cwd, context.env);
    const { initProject } = await import('../../project/init.js');
    const entries = initProject({
      cwd,
      force: args.force,
      dryRun: args['dry-run'],
      target: args.target,
      builtinAgents: args['builtin-agents'],
      skill: args.skill,
    });
    const width = Math.max(...entries.map((entry) => entry.action.length));
    const lines = entries.map(
      (entry) => `${entry.action.padEnd(width)}  ${entry.path}${entry.detail ? ` (${entry.detail})` : ''}`,
    );
    if (entries.some((entry) => entry.action === 'found') && !args['builtin-agents'])
      lines.push('(the config points at the agents you have; --builtin-agents copies the six built-ins in as well)');
    const kept = entries.filter((entry) => entry.action === 'kept').length;
    if (kept > 0 && !args.force)
      lines.push(`(${kept} existing file${kept === 1 ? '' : 's'} kept; --force replaces them)`);
    const notes: string[] = [];
    if (args.git) {
      const [{ gitSetup }, { loadProject }] = await Promise.all([
        import('../../team/git.js'),
        import('../../project/load.js'),
      ]);
      const { config } = await loadProject({ cwd, configPath: context.config });
      const git = gitSetup({
        root: config.root,
        proofDir: config.proofDir,
        program: context.program,
        dryRun: args['dry-run'],
        env: context.env,
      });
      lines.push(
        `${args['dry-run'] ? 'would register' : 'registered'} the merge driver in .gitattributes for ` +
          `${git.attributes.lines.map((line) => line.split(' ')[0]).join(' and ')}`,
      );
      if (git.warning) notes.push(git.warning);
    }
    if (args['dry-run']) lines.push('Dry run: nothing was written.');
    else
      lines.push(
        '',
        `Next: ${command} plan "<your goal>" writes a plan from a goal; then ${command} execute <the plan file ` +
          `it names>.`,
      );
    return { stdout: lines.join('\n'), json: entries, notes };
  },
});
