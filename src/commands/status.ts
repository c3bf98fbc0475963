import { formatSummary, summarize } from '../report.js';
import { withProject, type CommandResult, type CommonOptions } from './shared.js';

export interface StatusOptions extends CommonOptions {
  id?: string | undefined;
}

/** `status [id]`: every step with its icon and status, outputs, transcripts, and what is next. */
export const run = withProject(async (project, options: StatusOptions): Promise<CommandResult> => {
  const store = project.store;
  const context = store.read(store.resolve(options.id ?? 'latest'));
  const summary = summarize(context);
  return { stdout: formatSummary(summary), json: summary };
});
