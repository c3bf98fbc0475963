import { readFileSync, statSync } from 'node:fs';
import { ConductorError, isErrno } from '../errors.js';
import { extractPlanJson } from '../plan/import.js';
import { checkPlanShape, MAX_PLAN_FILE_BYTES } from '../plan/load.js';
import { writePlanFile } from '../plan/write.js';
import { formatPlan } from '../report.js';
import { listProblems } from '../util/text.js';
import { planArgument } from './plan.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

export interface PlanImportOptions extends CommonOptions {
  file: string;
}

/** `plan import <file>`: the JSON plan out of an agent's answer or transcript, checked and written as a plan file. */
export const run = withRunner(async (runner, options: PlanImportOptions): Promise<CommandResult> => {
  const { absolute, shown } = planArgument(runner, options.cwd, options.file);
  let text: string;
  try {
    const size = statSync(absolute).size;
    if (size > MAX_PLAN_FILE_BYTES)
      throw new ConductorError('TOO_LARGE', `${shown} is ${(size / 1024 / 1024).toFixed(0)} MB; the limit is 64 MB`, {
        hint: 'save only the answer, not the whole session',
      });
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT'))
      throw new ConductorError('NOT_FOUND', `file not found: ${shown}`, {
        hint: "save the agent's answer to a file first",
      });
    throw error;
  }
  const extracted = extractPlanJson(text, shown);
  const where = `${shown}:${extracted.line}`;
  const { plan, errors } = checkPlanShape(extracted.raw);
  if (!plan) {
    throw new ConductorError('INVALID_FILE', listProblems(errors), {
      where,
      hint: 'fix the plan in the answer (or ask the agent again), then import it again',
    });
  }
  const now = new Date();
  plan.createdAt ??= now.toISOString();
  const validation = runner.checkPlan(plan, where);
  const file = writePlanFile(runner.config.plansDir, runner.config.root, plan, now);
  const written = runner.store.shown(file);
  const lines = [
    `Plan imported from ${shown} (${extracted.how} at line ${extracted.line}) and written: ${written}`,
    formatPlan(plan, validation.order, validation.waves),
    '',
    `Next: ${commandName()} execute ${written}`,
  ];
  return { stdout: lines.join('\n'), json: { file: written, plan, order: validation.order, waves: validation.waves } };
});
