import { checkSchema, loadSchema } from '../schema.js';
import type { ExecutionPlan, PlanStep } from '../types.js';

/** More steps than anyone conducts by hand; larger plans are refused rather than left to crawl. */
export const MAX_PLAN_STEPS = 10_000;

/**
 * Checks the plan against schemas/plan.schema.json and fills the optional lists; problems
 * come back as `key: message`.
 */
export function checkPlanShape(raw: unknown): { plan: ExecutionPlan | undefined; errors: string[] } {
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (Array.isArray(steps) && steps.length > MAX_PLAN_STEPS) {
    return { plan: undefined, errors: [`steps: ${steps.length} steps; a plan may have at most ${MAX_PLAN_STEPS.toLocaleString('en')} (split the goal into several plans)`] };
  }
  const errors = checkSchema(raw, loadSchema('plan')).map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
  if (errors.length > 0) return { plan: undefined, errors };
  const data = raw as { $schema?: string; goal: string; createdAt?: string; steps: (PlanStep & Partial<Pick<PlanStep, 'dependencies' | 'expectedOutputs'>>)[] };
  const plan: ExecutionPlan = {
    ...(data.$schema === undefined ? {} : { $schema: data.$schema }),
    goal: data.goal,
    ...(data.createdAt === undefined ? {} : { createdAt: data.createdAt }),
    steps: data.steps.map((step) => ({
      stepNumber: step.stepNumber,
      agentName: step.agentName.trim(),
      task: step.task,
      dependencies: [...(step.dependencies ?? [])],
      expectedOutputs: [...(step.expectedOutputs ?? [])],
    })),
  };
  return { plan, errors };
}
