import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'status',
  describe: 'every step with its status, outputs and transcripts, and what is next',
  args: { id: { type: 'string', positional: true, describe: 'execution id, prefix or "latest" (default)' } },
  async run(args, context) {
    const [{ store }, { formatSummary, summarize }] = await Promise.all([context.project(), import('../../report.js')]);
    const summary = summarize(store.read(store.resolve(args.id ?? 'latest')));
    return { stdout: formatSummary(summary, context.command), json: summary };
  },
});
