import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'prompt',
  describe: "print a step's prompt (default: the next ready step of the latest execution)",
  args: {
    id: {
      type: 'string',
      positional: true,
      describe: 'execution id, a unique prefix of it, or "latest"; a lone number is a step of the latest',
    },
    step: { type: 'step', positional: true, describe: 'step number' },
    explain: {
      type: 'boolean',
      describe: 'show the size of each section and what was left out, instead of the prompt',
    },
    diff: {
      type: 'boolean',
      describe: 'show how the written prompt differs from what it would be now; writes nothing',
    },
    refresh: {
      type: 'boolean',
      describe:
        'rewrite the stale prompts of the ready and running steps (or of the step named), instead of printing one',
    },
  },
  async run(args, context) {
    const runner = await context.runner();
    // `prompt 3` is step 3 of the latest execution.
    const [id, step] =
      args.step === undefined && args.id !== undefined && /^\d+$/.test(args.id)
        ? ['latest', Number(args.id)]
        : [args.id ?? 'latest', args.step];
    if (args.explain) {
      const { formatExplanation } = await import('../../views/explain.js');
      const explanation = runner.explainPrompt(id, step);
      return { stdout: formatExplanation(explanation), json: explanation };
    }
    if (args.diff) {
      const change = runner.promptDiff(id, step);
      return {
        stdout: change.diff || `step ${change.stepNumber}'s prompt (${change.promptPath}) is current: nothing changed`,
        json: change,
      };
    }
    if (args.refresh) {
      const refreshed = await runner.refreshPrompts(id, step);
      const lines = [
        ...refreshed.rewritten.map((number) => `prompt rewritten: step ${number}`),
        ...refreshed.current.map((number) => `prompt current: step ${number}`),
      ];
      return { stdout: lines.join('\n') || `no step of ${refreshed.executionId} is ready or running`, json: refreshed };
    }
    const result = await runner.prompt(id, step);
    const notes: string[] = [];
    if (result.notReady) notes.push(`${result.notReady}; this prompt is a preview and was not saved`);
    else if (result.written) notes.push(`prompt written: ${result.promptPath}`);
    return { stdout: result.text.replace(/\n$/, ''), json: result, notes };
  },
});
