import { shellQuote } from '../../util/text.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'setup',
  describe: 'register the merge driver for execution state in .gitattributes and this clone’s git config',
  args: { 'dry-run': { type: 'boolean', describe: 'print what would change' } },
  async run(args, context) {
    const { config } = await context.project();
    const { gitSetup } = await import('../../team/git.js');
    const result = gitSetup({
      root: config.root,
      proofDir: config.proofDir,
      program: context.program,
      dryRun: args['dry-run'],
      env: context.env,
    });
    const verb = args['dry-run'] ? 'would' : 'did';
    const lines = [
      ...result.attributes.lines.map(
        (line) =>
          `${!result.attributes.missing.includes(line) ? 'kept' : args['dry-run'] ? 'would add to' : 'added to'} ` +
          `.gitattributes: ${line}`,
      ),
      ...result.commands.map(
        (command) => `${verb === 'would' ? 'would run' : 'ran'}: git ${command.map(shellQuote).join(' ')}`,
      ),
      '',
      'Each clone registers the driver once (git setup); .gitattributes is committed and shared.',
    ];
    return { stdout: lines.join('\n'), json: result, notes: result.warning ? [result.warning] : [] };
  },
});
