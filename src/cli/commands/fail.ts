import { defineCommand } from '../define.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'fail',
  describe: 'mark a step failed; the steps that depend on it stay blocked',
  args: {
    ...STEP_ARGS,
    error: { type: 'strings', required: true, describe: 'what went wrong (repeatable)' },
    transcript: { type: 'string', describe: 'the saved session transcript (inside the project)' },
  },
  async run(args, context) {
    const runner = await context.runner();
    const [{ summarize }, { resultOf }] = await Promise.all([
      import('../../views/status.js'),
      import('../../state/transitions.js'),
    ]);
    const result = await runner.applyAction(args.id, args.step, {
      kind: 'fail',
      errors: args.error,
      ...(args.transcript === undefined ? {} : { transcript: args.transcript, cwd: context.cwd, env: context.env }),
    });
    const state = result.state;
    const entry = resultOf(state, args.step);
    const blocked = state.plan.steps
      .filter((candidate) => candidate.dependencies.includes(args.step))
      .map((candidate) => candidate.stepNumber);
    const lines = [
      `✗ Step ${args.step} (${entry.agentName}) failed: ${args.error.join('; ')}`,
      ...(entry.transcriptPath ? [`  transcript: ${entry.transcriptPath}`] : []),
      blocked.length > 0
        ? `  blocked until it is retried and completed: step ${blocked.join(', ')}`
        : '  no other step depends on it',
      `  to try again: ${context.command} retry ${state.executionId} ${args.step}   (the new prompt carries ` +
        `these errors; this attempt's files are kept)`,
    ];
    return {
      stdout: lines.join('\n'),
      json: { executionId: state.executionId, stepNumber: args.step, summary: summarize(state) },
      notes: result.notes,
    };
  },
});
