import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../../errors.js';
import type { StepRunner } from '../../step-runner.js';
import { type CliContext, defineCommand } from '../define.js';

export default defineCommand({
  name: 'run',
  describe: 'conduct an execution step by step in this terminal, or unattended with --headless',
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
    headless: {
      type: 'boolean',
      describe: 'no terminal needed: each ready step in a git worktree of its own, the agent CLI in its JSON mode',
    },
    parallel: { type: 'string', describe: 'with --headless: steps at once (default 1)' },
    step: { type: 'step', describe: 'with --headless: run exactly this ready step (a CI matrix job)' },
    accept: { type: 'string', describe: 'with --headless: "unconfirmed" completes and merges unconfirmed steps too' },
    'stop-on': {
      type: 'string',
      describe: 'with --headless: "unconfirmed" fails an unconfirmed step unmerged and starts no new one (default)',
    },
  },
  examples: [
    ['run', 'go on with the newest execution that is not finished'],
    ['run plans/auth.json --agent claude', 'execute a plan, then start Claude Code on each step'],
    ['run latest --headless --agent claude --parallel 2', 'run the ready steps unattended, two at a time'],
  ],
  async run(args, context) {
    if (args.headless) {
      const parallel = args.parallel === undefined ? 1 : parallelOf(args.parallel);
      const { runHeadless } = await import('../../headless/index.js');
      const runner = await context.runner();
      const agent = args.agent ?? runner.config.agentCommand;
      if (!agent) {
        throw new ConductorError('USAGE', 'run --headless needs the agent CLI to run the steps with', {
          remedies: [{ flag: 'agent claude', why: '(or codex, copilot, gemini, opencode, or "<command line>")' }],
        });
      }
      const report = await runHeadless(runner, {
        execution: () => executionOf(runner, args.target, context),
        agent,
        parallel,
        ...(args.step === undefined ? {} : { step: args.step }),
        ...unconfirmedPolicy(args.accept, args['stop-on']),
        env: context.env,
        command: context.command,
        // --json: the report alone on stdout, no progress.
        output: context.json ? { write: () => undefined } : context.terminal,
      });
      return { stdout: report.text, json: report, exitCode: report.exitCode };
    }
    for (const flag of ['parallel', 'step', 'accept', 'stop-on'] as const) {
      if (args[flag] !== undefined)
        throw new ConductorError('USAGE', `--${flag} goes with --headless`, {
          hint: 'add --headless, or leave it out',
        });
    }
    if (!context.interactive) {
      throw new ConductorError(
        'USAGE',
        'run needs a terminal to ask you questions in (stdin and stdout are not one, or CI is set)',
        {
          hint:
            `without one, conduct with: ${context.command} next, prompt, complete, fail, skip, retry, ` +
            `verify (each with --help), or run --headless --agent <cli>`,
        },
      );
    }
    const runner = await context.runner();
    const { conduct } = await import('../../conduct/loop.js');
    const code = await conduct(runner, {
      executionId: await executionOf(runner, args.target, context),
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

/** `--parallel N`: a whole number from 1, checked before anything starts. */
function parallelOf(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new ConductorError('USAGE', '--parallel must be how many steps run at once: a whole number from 1', {
      hint: `not ${JSON.stringify(value)}: --parallel 2 runs two steps at a time (leave it out for one)`,
    });
  return Number(text);
}

/** A plan file is executed first; else the execution named, or the newest one not finished. */
async function executionOf(runner: StepRunner, target: string | undefined, context: CliContext): Promise<string> {
  const file = target === undefined ? undefined : path.resolve(context.cwd, target);
  if (file && existsSync(file) && /\.(?:json|ya?ml)$/i.test(file)) {
    const { loadPlan } = await import('../../plan/load.js');
    const shown = path.relative(runner.config.root, file) || file;
    return runner.execute(loadPlan(file, shown), shown).state.executionId;
  }
  if (target !== undefined) return runner.store.resolve(target);
  const { latestUnfinished } = await import('../../state/store.js');
  return latestUnfinished(runner.store);
}

/** `--accept unconfirmed` or `--stop-on unconfirmed`; neither: the config's `headless.unconfirmed`. */
function unconfirmedPolicy(
  accept: string | undefined,
  stopOn: string | undefined,
): { unconfirmed?: 'stop' | 'accept' } {
  for (const [flag, value] of [
    ['accept', accept],
    ['stop-on', stopOn],
  ] as const) {
    if (value !== undefined && value !== 'unconfirmed')
      throw new ConductorError('USAGE', `--${flag} takes "unconfirmed", not ${JSON.stringify(value)}`);
  }
  if (accept && stopOn)
    throw new ConductorError('USAGE', '--accept unconfirmed and --stop-on unconfirmed contradict each other');
  return accept ? { unconfirmed: 'accept' } : stopOn ? { unconfirmed: 'stop' } : {};
}
