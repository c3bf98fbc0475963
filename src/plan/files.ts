/**
 * Plan files as `plan`, `plan --prompt` and `plan import` make them: a plan from a goal, a
 * planning prompt for an agent CLI, and a plan taken out of that agent's answer — each checked
 * against the project's agents and written under `plansDir`.
 */
import type { ResolvedConfig } from '../config/validate.js';
import { ConductorError } from '../errors.js';
import type { TemplateRenderer } from '../render/environment.js';
import { roleLine } from '../render/agent-view.js';
import type { AgentProfile, ExecutionPlan } from '../types.js';
import { showPath } from '../util/package.js';
import { listProblems, placeOf } from '../util/text.js';
import { generatePlan, type RoutedPartReport } from './generate/index.js';
import { extractPlanJson } from './import.js';
import { readPlanText } from './load.js';
import { checkPlanShape } from './schema.js';
import type { PlanValidation } from './validate.js';
import { writeNewFile, writePlanFile } from './write.js';

/** What these need of a loaded project (a StepRunner has all of it). */
export interface PlanProject {
  config: ResolvedConfig;
  renderer: TemplateRenderer;
  /** Throws when the plan cannot run with the project's agents; otherwise its order and waves. */
  checkPlan(plan: ExecutionPlan, shownAs: string): PlanValidation;
}

export interface WrittenPlan {
  /** Shown relative to the project. */
  file: string;
  plan: ExecutionPlan;
  validation: PlanValidation;
}

/** `plan "<goal>"`: a plan made from the goal without a model, written as a plan file. */
export function makePlan(
  project: PlanProject,
  goal: string,
  pool: readonly AgentProfile[],
  now: Date,
): WrittenPlan & {
  parts: { text: string; agent: string | undefined }[];
  routing: RoutedPartReport[];
  warnings: string[];
} {
  const { plan, warnings, parts, routing } = generatePlan(goal, pool, { now: now.toISOString() });
  const validation = project.checkPlan(plan, 'generated plan');
  const file = writePlanFile(project.config.plansDir, project.config.root, plan, now);
  return { file: showPath(file, project.config.root), plan, validation, parts, routing, warnings };
}

const PLANNING_TEMPLATE = 'planning.md.njk';

/**
 * `plan --prompt "<goal>"`: a planning prompt listing the agents and the plan's JSON shape, written beside the plans.
 */
export function writePlanningPrompt(
  project: PlanProject,
  goal: string,
  pool: readonly AgentProfile[],
  now: Date,
): { file: string; text: string } {
  // One step per line reads better in a prompt than JSON.stringify's layout.
  const shapeSteps = [
    {
      stepNumber: 1,
      agentName: '<an agent name from the list>',
      task: '<what this step does, standing on its own>',
      dependencies: [],
      expectedOutputs: ['<a concrete artifact>'],
    },
    {
      stepNumber: 2,
      agentName: '<an agent name from the list>',
      task: '<…>',
      dependencies: [1],
      expectedOutputs: ['<…>'],
    },
  ];
  const steps = shapeSteps
    .map((step) => `    ${JSON.stringify(step).replace(/,"/g, ', "').replace(/":/g, '": ')}`)
    .join(',\n');
  const planShape = `{\n  "goal": ${JSON.stringify(goal)},\n  "steps": [\n${steps}\n  ]\n}`;
  // The same cleaned role line as session prompts: a Claude-style description's examples, trigger
  // lists and literal \n are for the CLI that picks the agent, not for a planner.
  const agents = pool.map(({ name, description, scope, keywords, outputs }) => ({
    name,
    description,
    role: description ? roleLine(description) : '',
    scope,
    keywords,
    outputs,
  }));
  const variables = { goal, agents, target: project.config.target, planShape };
  const text = `${project.renderer.render(PLANNING_TEMPLATE, variables).trim()}\n`;
  const file = writeNewFile(project.config.plansDir, 'planning', goal, now, '.prompt.md', text);
  return { file: showPath(file, project.config.root), text };
}

/**
 * `plan import <file>`: the JSON plan out of an agent's answer or a whole transcript, checked and written as a plan
 * file.
 */
export function importPlanFile(
  project: PlanProject,
  absolute: string,
  now: Date,
): WrittenPlan & { from: string; line: number; how: string } {
  const shown = showPath(absolute, project.config.root);
  const extracted = extractPlanJson(readPlanText(absolute, shown, 'file'), shown);
  const where = placeOf(shown, extracted.line);
  const { plan, errors } = checkPlanShape(extracted.raw);
  if (!plan) {
    throw new ConductorError('INVALID_FILE', listProblems(errors), {
      where,
      hint: 'fix the plan in the answer (or ask the agent again), then import it again',
    });
  }
  plan.createdAt ??= now.toISOString();
  const validation = project.checkPlan(plan, where);
  const file = writePlanFile(project.config.plansDir, project.config.root, plan, now);
  return {
    file: showPath(file, project.config.root),
    plan,
    validation,
    from: shown,
    line: extracted.line,
    how: extracted.how,
  };
}
