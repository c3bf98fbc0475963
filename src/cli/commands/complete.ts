import { ConductorError } from '../../errors.js';
import { type CliContext, defineCommand } from '../define.js';
import { reportAction } from '../step-output.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'complete',
  describe: 'mark a step completed, hand its outputs on, write the prompts that became ready',
  args: {
    ...STEP_ARGS,
    output: { type: 'strings', describe: 'what the step produced (repeatable)' },
    transcript: {
      type: 'string',
      describe: "the saved session transcript (inside the project), or auto to find it in the agent CLIs' logs",
    },
    verify: { type: 'boolean', describe: 'refuse to complete when the transcript contradicts the step (exit 3)' },
    pr: {
      type: 'string',
      describe: 'record the pull request that carries the step instead: sync completes it when it merges',
    },
    force: {
      type: 'boolean',
      describe: 'complete although dependencies are not done, or although --verify found contradictions (recorded)',
    },
    'any-repo': {
      type: 'boolean',
      describe: "with --pr: record a pull request of another repository than this clone's origin",
    },
  },
  async run(args, context) {
    const runner = await context.runner();
    if (args.pr !== undefined) return recordPullRequest(runner, args, context);
    const { resultOf } = await import('../../state/transitions.js');
    const result = await runner.applyAction(args.id, args.step, {
      kind: 'complete',
      outputs: args.output,
      force: args.force,
      verify: args.verify,
      ...(args.transcript === undefined ? {} : { transcript: args.transcript, cwd: context.cwd, env: context.env }),
    });
    const entry = resultOf(result.state, args.step);
    const handed = result.state.priorContext[result.state.priorContext.length - 1];
    const report = reportAction(
      runner,
      result,
      args.step,
      `✓ Step ${args.step} (${entry.agentName}) completed.\n  context handed on: ${handed}`,
    );
    const noTranscript = entry.transcriptPath
      ? []
      : [`no transcript recorded for step ${args.step} (pass --transcript <path> to keep one)`];
    const checked = entry.verification;
    const verified = checked
      ? [
          checked.overridden
            ? `completed against the evidence (--force); ${context.command} verify ${result.state.executionId} ` +
              `${args.step} shows why`
            : `verified against ${checked.transcriptPath}: ${checked.verdict}`,
        ]
      : [];
    return { ...report, notes: [...(report.notes ?? []), ...noTranscript, ...verified] };
  },
});

/** `complete --pr <url>`: the pull request is recorded; the step stays running until `sync` sees it merged. */
async function recordPullRequest(
  runner: Awaited<ReturnType<CliContext['runner']>>,
  args: {
    id: string;
    step: number;
    pr?: string;
    output: string[];
    verify: boolean;
    transcript?: string;
    force: boolean;
    'any-repo': boolean;
  },
  context: CliContext,
) {
  const command = context.command;
  const [{ isPullRequestUrl, repositoryOfPullRequest }, { originRepository }] = await Promise.all([
    import('../../team/gh.js'),
    import('../../team/git.js'),
  ]);
  if (!isPullRequestUrl(args.pr ?? '')) {
    throw new ConductorError('USAGE', `--pr ${args.pr} is not a pull request URL`, {
      hint: 'give it as GitHub shows it: https://github.com/<owner>/<repo>/pull/<number>',
    });
  }
  // A pull request of another repository would settle this step from work that is not in it.
  const origin = originRepository(runner.config.root, context.env);
  const repository = repositoryOfPullRequest(args.pr!);
  if (origin && repository !== origin && !args['any-repo']) {
    throw new ConductorError(
      'USAGE',
      `${args.pr} is a pull request of ${repository}, not of this clone's origin (${origin})`,
      { remedies: [{ flag: 'any-repo', why: 'records it anyway' }] },
    );
  }
  if (args.output.length > 0 || args.verify || args.transcript !== undefined) {
    throw new ConductorError('USAGE', '--pr records a pull request; the step completes when it merges', {
      hint: 'leave out --output, --verify and --transcript with --pr (sync records what the pull request did)',
    });
  }
  const result = await runner.applyAction(args.id, args.step, {
    kind: 'pull-request',
    url: args.pr!,
    force: args.force,
  });
  return {
    stdout:
      `✓ Step ${args.step}: pull request ${args.pr} recorded; the step is running until it merges.\n` +
      `  ${command} sync ${result.state.executionId} asks GitHub and settles it.`,
    json: result.state.stepResults.find((entry) => entry.stepNumber === args.step),
  };
}
