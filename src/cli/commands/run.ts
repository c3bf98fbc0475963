import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../../errors.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'run',
  describe: 'conduct an execution step by step in this terminal (interactive)',
  args: {
    target: {
      type: 'string',
      positional: true,
      describe: 'a plan file to execute first, or an execution id (default: the newest one not finished)',
    },
    agent: {
      type: 'string',
      describe: 'start this agent CLI on each step: claude, copilot, codex or a command line (default: agentCommand)',
    },
    print: { type: 'boolean', describe: 'start the agent CLI in its non-interactive mode (claude -p, codex exec, …)' },
    yes: { type: 'boolean', describe: 'start the agent CLI without asking first' },
  },
  examples: [
    ['run', 'go on with the newest execution that is not finished'],
    ['run plans/auth.json --agent claude', 'execute a plan, then start Claude Code on each step'],
  ],
  async run(args, context) {
    if (!context.interactive) {
      throw new ConductorError(
        'USAGE',
        'run needs a terminal to ask you questions in (stdin and stdout are not one, or CI is set)',
        {
          hint:
            `without one, conduct with: ${context.command} next, prompt, complete, fail, skip, retry, ` +
            `verify (each with --help)`,
        },
      );
    }
    const runner = await context.runner();
    const [{ conduct }, { latestUnfinished }] = await Promise.all([
      import('../../conduct/loop.js'),
      import('../../state/store.js'),
    ]);
    let executionId: string;
    const file = args.target === undefined ? undefined : path.resolve(context.cwd, args.target);
    if (file && existsSync(file) && /\.(?:json|ya?ml)$/i.test(file)) {
      const { loadPlan } = await import('../../plan/load.js');
      const shown = path.relative(runner.config.root, file) || file;
      executionId = runner.execute(loadPlan(file, shown), shown).state.executionId;
    } else {
      executionId = args.target === undefined ? latestUnfinished(runner.store) : runner.store.resolve(args.target);
    }
    const code = await conduct(runner, {
      executionId,
      agent: args.agent ?? runner.config.agentCommand,
      print: args.print,
      yes: args.yes,
      env: context.env,
      command: context.command,
      terminal: context.terminal,
      describeError: context.describeError,
    });
    return { stdout: '', exitCode: code as 0 };
  },
});
