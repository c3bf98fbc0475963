import { shellQuote } from '../../util/text.js';
import { defineCommand } from '../define.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'delegate',
  describe: "hand a step to GitHub's Copilot coding agent through gh, from its prompt",
  args: {
    ...STEP_ARGS,
    'dry-run': { type: 'boolean', describe: 'print the gh commands instead of running them' },
    force: { type: 'boolean', describe: 'hand it on although its dependencies are not done (recorded)' },
  },
  async run(args, context) {
    const runner = await context.runner();
    const { delegateStep } = await import('../../team/github.js');
    const result = await delegateStep(runner, args.id, args.step, {
      cwd: runner.config.root,
      env: context.env,
      dryRun: args['dry-run'],
      force: args.force,
      timeoutSeconds: runner.config.ghTimeout,
      now: () => new Date().toISOString(),
    });
    const prompt = `${context.command} prompt ${result.executionId} ${args.step}`;
    const shown = (command: string[]) => `${prompt} | gh ${command.map(shellQuote).join(' ')}`;
    const notes =
      result.target === 'copilot-delegate'
        ? []
        : [
            `the prompt was written for target ${result.target}; with target copilot-delegate in the config ` +
              '(then prompt --refresh) its closing asks the coding agent for a pull request, not a transcript',
          ];
    if (args['dry-run']) {
      return {
        stdout: [
          `would run: ${shown(result.commands[0]!)}`,
          `  and where gh has no agent-task command: ${shown(result.commands[1]!)}`,
        ].join('\n'),
        json: result,
        notes,
      };
    }
    const what = result.via === 'agent-task' ? 'a Copilot coding agent task' : 'an issue assigned to the coding agent';
    const sync = `${context.command} sync ${result.executionId}`;
    const next = result.pr
      ? [`  Its pull request, recorded on the step: ${result.pr}`, `  ${sync} settles the step when it merges.`]
      : [
          `  When its pull request is open: ${context.command} complete ${result.executionId} ${args.step} --pr <url>`,
          `  then ${sync} settles the step when it merges.`,
        ];
    return {
      stdout: [`✓ Step ${args.step} handed to GitHub as ${what}: ${result.url}`, ...next].join('\n'),
      json: result,
      notes,
    };
  },
});
