import { ConductorError } from '../../errors.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'stats',
  describe: 'analytics across the executions in the proof folder: per agent, per plan shape',
  args: {
    since: { type: 'string', describe: 'only executions started on or after this date (2026-11-01, or an ISO time)' },
  },
  async run(args, context) {
    const { store } = await context.project();
    const [{ statsOf }, { formatStats }, { isConductorError }] = await Promise.all([
      import('../../reports/stats.js'),
      import('../../views/stats.js'),
      import('../../errors.js'),
    ]);
    let since: string | undefined;
    if (args.since !== undefined) {
      const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(args.since) ? `${args.since}T00:00:00Z` : args.since);
      if (Number.isNaN(time)) {
        throw new ConductorError('USAGE', `--since ${args.since} is not a date`, {
          hint: 'give a date like 2026-11-01',
        });
      }
      since = new Date(time).toISOString();
    }
    const states = [];
    const notes: string[] = [];
    for (const id of store.list()) {
      try {
        states.push(store.read(id));
      } catch (error) {
        if (!isConductorError(error)) throw error;
        notes.push(`skipped ${id}: ${error.message}`);
      }
    }
    const stats = statsOf(states, new Date().toISOString(), since);
    return { stdout: formatStats(stats), json: stats, notes };
  },
});
