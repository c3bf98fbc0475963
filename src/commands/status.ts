import { formatSummary, summarize } from '../report.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface StatusOptions extends CommonOptions {
  id?: string | undefined;
}

/** `status [id]`: every step with its icon and status, outputs, transcripts, and what is next. */
export const run = withRunner(async (runner, options: StatusOptions): Promise<CommandResult> => {
  const context = runner.loadExecutionContext(options.id ?? 'latest');
  const summary = summarize(context);
  return { stdout: formatSummary(summary), json: summary };
});
