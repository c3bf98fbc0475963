import { formatSummary, summarize } from '../report.js';
import { openRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface StatusOptions extends CommonOptions {
  id?: string | undefined;
}

/** `status [id]`: every step with its icon and status, outputs, transcripts, and what is next. */
export async function run(options: StatusOptions): Promise<CommandResult> {
  const runner = await openRunner(options);
  const context = runner.loadExecutionContext(options.id ?? 'latest');
  const summary = summarize(context);
  return { stdout: formatSummary(summary), json: summary };
}
