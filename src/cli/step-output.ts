/** What the step commands (start, complete, fail, retry, reopen, skip) print after a transition. */
import { summarize } from '../state/summary.js';
import type { StepActionResult, StepRunner } from '../step-runner.js';
import { arrowList } from '../util/text.js';
import type { CommandOutput } from './define.js';

/** The lines after a step action: what changed, what became ready, what to do next. */
export function reportAction(
  runner: StepRunner,
  result: StepActionResult,
  stepNumber: number,
  headline: string,
): CommandOutput {
  const { state, rendered } = result;
  const summary = summarize(state);
  const lines = [headline];
  for (const step of rendered) {
    const entry = summary.steps.find((candidate) => candidate.stepNumber === step)!;
    lines.push(`  prompt written: step ${step} (${entry.agentName}) → ${entry.promptPath}`);
  }
  if (summary.status === 'done') {
    lines.push(
      `Execution ${state.executionId} is done: ${summary.progress.done} of ${summary.progress.total} steps ` +
        `completed or skipped.`,
    );
  } else if (summary.ready.length > 0) {
    lines.push('', runner.displayStepInstructions(state, summary.ready[0]!));
    if (summary.ready.length > 1) lines.push(`Also ready: ${arrowList(summary.ready.slice(1))}`);
  } else {
    lines.push(
      `${summary.progress.done} of ${summary.progress.total} steps done; nothing is ready (${runner.command} ` +
        `status ${state.executionId}).`,
    );
  }
  return {
    stdout: lines.join('\n'),
    json: { executionId: state.executionId, stepNumber, rendered, summary },
    notes: result.notes,
  };
}
