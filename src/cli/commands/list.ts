import { showPath } from '../../util/package.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'list',
  describe: 'executions with their progress, newest first',
  args: {},
  async run(_args, context) {
    const [{ store, config }, { listExecutions }] = await Promise.all([
      context.project(),
      import('../../state/store.js'),
    ]);
    const rows = listExecutions(store);
    if (rows.length === 0) {
      return {
        stdout:
          `No executions in ${showPath(config.proofDir, config.root)}/ yet. Start one with: ` +
          `${context.command} execute <planfile>`,
        json: [],
      };
    }
    const lines = rows.map((row) =>
      'error' in row
        ? `${row.executionId}  unreadable: ${row.error}`
        : `${row.executionId}  ${`${row.done}/${row.total}`.padStart(7)}  ${row.status.padEnd(11)}  ${row.goal}`,
    );
    return { stdout: lines.join('\n'), json: rows };
  },
});
