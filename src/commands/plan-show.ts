import { loadPlan } from '../plan/load.js';
import { formatPlan } from '../report.js';
import { planArgument } from './plan.js';
import type { PlanFileOptions } from './plan-validate.js';
import { withRunner, type CommandResult } from './shared.js';

/** `plan show <file>`: the steps, the execution order and the waves. */
export const run = withRunner(async (runner, options: PlanFileOptions): Promise<CommandResult> => {
  const { absolute, shown } = planArgument(runner, options.cwd, options.file);
  const plan = loadPlan(absolute, shown);
  const validation = runner.checkPlan(plan, shown);
  return {
    stdout: formatPlan(plan, validation.order, validation.waves),
    json: { file: shown, plan, order: validation.order, waves: validation.waves },
  };
});
