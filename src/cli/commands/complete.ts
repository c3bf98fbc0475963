import { defineCommand } from '../define.js';
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
    force: {
      type: 'boolean',
      describe: 'complete although dependencies are not done, or although --verify found contradictions (recorded)',
    },
  },
  async run(args, context) {
    const runner = await context.runner();
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
