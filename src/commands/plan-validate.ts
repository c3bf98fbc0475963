import { loadPlan } from '../plan/load.js';
import { arrowList } from '../util/text.js';
import { planArgument } from './plan.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface PlanFileOptions extends CommonOptions {
  file: string;
}

/** `plan validate <file>`: exit 0 with the order when the plan can run, 2 with every problem when not. */
export const run = withRunner(async (runner, options: PlanFileOptions): Promise<CommandResult> => {
  const { absolute, shown } = planArgument(runner, options.cwd, options.file);
  const plan = loadPlan(absolute, shown);
  const validation = runner.checkPlan(plan, shown);
  return {
    stdout: `✓ ${shown}: ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, order ${arrowList(validation.order)}`,
    json: { file: shown, ok: true, errors: [], order: validation.order, waves: validation.waves },
  };
});
