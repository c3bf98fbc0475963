import type { AgentProfile, ExecutionPlan } from '../types.js';
import { closest } from '../util/text.js';
import { orderSteps } from './order.js';

export interface PlanValidation {
  ok: boolean;
  /** `steps[i] (step n): message` */
  errors: string[];
  order: number[];
  waves: number[][];
}

/**
 * The second half of what a valid plan is (the first, its shape, is plan/schema.ts): what the
 * shape check cannot see — unique step numbers, known agents, existing dependencies, no
 * self-dependency and no cycle. Also returns the order and the waves.
 */
export function validatePlan(
  plan: ExecutionPlan,
  agents: readonly Pick<AgentProfile, 'name' | 'slug'>[],
): PlanValidation {
  const errors: string[] = [];
  const numbers = new Set<number>();
  const names = new Map<string, number>();
  for (const agent of agents) names.set(agent.name.toLowerCase(), (names.get(agent.name.toLowerCase()) ?? 0) + 1);
  const slugs = new Set(agents.map((agent) => agent.slug));
  const known = agents.map((agent) => agent.name);

  plan.steps.forEach((step, index) => {
    const at = `steps[${index}] (step ${step.stepNumber})`;
    if (numbers.has(step.stepNumber)) errors.push(`${at}: step number ${step.stepNumber} is used twice`);
    numbers.add(step.stepNumber);
    const count = names.get(step.agentName.toLowerCase()) ?? 0;
    if (count > 1) {
      errors.push(`${at}: agent "${step.agentName}" is defined by ${count} files; rename or remove one`);
    } else if (count === 0 && !slugs.has(step.agentName.toLowerCase())) {
      const suggestion = closest(step.agentName, known);
      errors.push(
        `${at}: unknown agent "${step.agentName}"${suggestion ? ` — did you mean "${suggestion}"?` : ''} ` +
          `(known: ${known.join(', ') || 'none'})`,
      );
    }
  });

  plan.steps.forEach((step, index) => {
    const at = `steps[${index}] (step ${step.stepNumber})`;
    for (const dep of step.dependencies) {
      if (dep === step.stepNumber) errors.push(`${at}: depends on itself`);
      else if (!numbers.has(dep)) errors.push(`${at}: depends on step ${dep}, which does not exist`);
    }
  });

  const selfFree = plan.steps.map((step) => ({
    stepNumber: step.stepNumber,
    dependencies: step.dependencies.filter((dep) => dep !== step.stepNumber),
  }));
  const { order, waves, cycle } = orderSteps(selfFree);
  if (cycle.length > 0) errors.push(`dependency cycle: ${cycle.map((step) => `step ${step}`).join(' → ')}`);
  return { ok: errors.length === 0, errors, order, waves };
}
