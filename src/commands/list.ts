import { isConductorError } from '../errors.js';
import { summarize } from '../report.js';
import { withProject, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

/** `list`: every execution with its progress, newest first. An unreadable one is listed with its problem. */
export const run = withProject(async ({ store, config }, _options: CommonOptions): Promise<CommandResult> => {
  const rows = store
    .list()
    .reverse()
    .map((id) => {
      try {
        const summary = summarize(store.read(id));
        return {
          executionId: id,
          status: summary.status,
          done: summary.progress.done,
          total: summary.progress.total,
          goal: summary.goal,
          startTime: summary.startTime,
        };
      } catch (error) {
        if (!isConductorError(error)) throw error;
        return { executionId: id, status: 'unreadable', error: error.message };
      }
    });
  if (rows.length === 0)
    return {
      stdout: `No executions in ${store.shown(config.proofDir)}/ yet. Start one with: ${commandName()} execute <planfile>`,
      json: [],
    };
  const lines = rows.map((row) =>
    'error' in row
      ? `${row.executionId}  unreadable: ${row.error}`
      : `${row.executionId}  ${`${row.done}/${row.total}`.padStart(7)}  ${row.status.padEnd(11)}  ${row.goal}`,
  );
  return { stdout: lines.join('\n'), json: rows };
});
