import { defineCommand } from '../define.js';
import { reportAction } from '../step-output.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'complete',
  describe: 'mark a step completed, hand its outputs on, write the prompts that became ready',
  args: {
    ...STEP_ARGS,
    output: { type: 'strings', describe: 'what the step produced (repeatable)' },
    transcript: { type: 'string', describe: 'the saved session transcript (inside the project)' },
    force: { type: 'boolean', describe: 'complete although dependencies are not done (recorded)' },
  },
  async run(args, context) {
    const runner = await context.runner();
    const { resultOf } = await import('../../state/transitions.js');
    const result = await runner.applyAction(args.id, args.step, {
      kind: 'complete',
      outputs: args.output,
      force: args.force,
      ...(args.transcript === undefined ? {} : { transcript: args.transcript, cwd: context.cwd }),
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
    return { ...report, notes: [...(report.notes ?? []), ...noTranscript] };
  },
});
