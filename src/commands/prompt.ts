import { formatExplanation } from '../render/explain.js';
import { withRunner, parseStep, type CommandResult, type CommonOptions } from './shared.js';

export interface PromptOptions extends CommonOptions {
  id?: string | undefined;
  step?: unknown;
  /** Print the size of each section and what was left out, instead of the prompt. */
  explain?: boolean;
}

/**
 * `prompt [id] [step]`: print a step's prompt (default: the next ready one) for piping. A
 * single number is taken as the step of the latest execution.
 */
export const run = withRunner(async (runner, options: PromptOptions): Promise<CommandResult> => {
  let { id, step } = options;
  if (step === undefined && id !== undefined && /^\d+$/.test(id)) [id, step] = ['latest', id];
  const stepNumber = step === undefined ? undefined : parseStep(step);
  if (options.explain) {
    const explanation = runner.explainPrompt(id ?? 'latest', stepNumber);
    return { stdout: formatExplanation(explanation), json: explanation };
  }
  const result = await runner.prompt(id ?? 'latest', stepNumber);
  const notes: string[] = [];
  if (result.notReady) notes.push(`${result.notReady}; this prompt is a preview and was not saved`);
  else if (result.written) notes.push(`prompt written: ${result.promptPath}`);
  return { stdout: result.text.replace(/\n$/, ''), json: result, notes };
});
