import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'next',
  describe: 'the steps ready now (the current wave) and the running ones: agent, prompt, how to record each',
  args: {
    id: {
      type: 'string',
      positional: true,
      describe: 'execution id, a unique prefix of it, or "latest" (default: the newest one not finished)',
    },
  },
  async run(args, context) {
    const [{ store, config }, { formatNext, nextData, summarize }, { latestUnfinished }, { staleSteps }] =
      await Promise.all([
        context.project(),
        import('../../views/status.js'),
        import('../../state/store.js'),
        import('../../render/sources.js'),
      ]);
    // As data, every execution done is an answer (nothing ready), not an error; in words it says so and what to run.
    const id = args.id === undefined ? latestUnfinished(store, { orNewest: context.json }) : store.resolve(args.id);
    const state = store.read(id);
    const stale = await staleSteps(config, state, async (step) => (await context.runner()).promptIsStale(state, step));
    const summary = summarize(state, stale);
    return { stdout: formatNext(summary, context.command), json: nextData(summary, context.command) };
  },
});
