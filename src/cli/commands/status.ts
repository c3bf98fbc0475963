import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'status',
  describe: 'every step with its status, outputs and transcripts, and what is next',
  args: { id: { type: 'string', positional: true, describe: 'execution id, prefix or "latest" (default)' } },
  async run(args, context) {
    const [{ store, config }, { formatSummary, summarize }, { staleSteps }] = await Promise.all([
      context.project(),
      import('../../views/status.js'),
      import('../../render/sources.js'),
    ]);
    const state = store.read(store.resolve(args.id ?? 'latest'));
    // Only a prompt whose sources changed is rendered to compare; that needs the runner (agents, templates).
    const stale = await staleSteps(config, state, async (step) => (await context.runner()).promptIsStale(state, step));
    const summary = summarize(state, stale);
    return { stdout: formatSummary(summary, context.command), json: summary };
  },
});
