import path from 'node:path';
import { loadPlan } from '../plan/load.js';
import { summarize } from '../report.js';
import { isInside, toProjectPath } from '../util/fs.js';
import { arrowList } from '../util/text.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface ExecuteOptions extends CommonOptions {
  plan: string;
}

const LISTED_PROMPTS = 10;

/** `execute <planfile>`: validate, create the execution, write the ready steps' prompts. */
export const run = withRunner(async (runner, options: ExecuteOptions): Promise<CommandResult> => {
  const file = path.resolve(options.cwd, options.plan);
  const planFilename = isInside(runner.config.root, file) ? toProjectPath(runner.config.root, file) : file;
  const plan = loadPlan(file, planFilename);
  const { context, validation } = runner.execute(plan, planFilename);
  const summary = summarize(context);

  const written = summary.steps.filter((step) => step.promptPath);
  const lines = [
    `Execution ${context.executionId} created from ${planFilename}`,
    `Goal: ${plan.goal}`,
    `Order: ${arrowList(validation.order)}`,
  ];
  if (validation.waves.some((wave) => wave.length > 1)) {
    lines.push(
      `Waves (steps in one wave can run side by side): ${validation.waves.map((wave) => `[${wave.join(', ')}]`).join(' → ')}`,
    );
  }
  lines.push(
    `State: ${runner.store.shown(runner.store.file(context.executionId))}`,
    `Prompts written (${written.length}):`,
  );
  for (const step of written.slice(0, LISTED_PROMPTS))
    lines.push(`  step ${step.stepNumber} (${step.agentName}) → ${step.promptPath}`);
  if (written.length > LISTED_PROMPTS)
    lines.push(
      `  … and ${written.length - LISTED_PROMPTS} more in ${runner.store.shown(runner.store.dir(context.executionId))}/`,
    );
  lines.push('', runner.displayStepInstructions(context, summary.ready[0]!));
  const notes = runner.skippedAgentFiles().map((problem) => `agent file skipped: ${problem}`);
  return {
    notes,
    stdout: lines.join('\n'),
    json: {
      ...summary,
      waves: validation.waves,
      stateFile: runner.store.shown(runner.store.file(context.executionId)),
    },
  };
});
