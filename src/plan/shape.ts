import type { ExecutionPlan, PlanStep } from '../types.js';
import { closest } from '../util/text.js';
import { check } from '../util/schema-issues.js';
import { planSchema } from './schema.js';

/** More steps than anyone conducts by hand; larger plans are refused rather than left to crawl. */
export const MAX_PLAN_STEPS = 10_000;

/**
 * Checks the plan against `planSchema` (plan/schema.ts) and fills the optional lists; problems
 * come back as `key: message`.
 */
export function checkPlanShape(raw: unknown): { plan: ExecutionPlan | undefined; errors: string[] } {
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (Array.isArray(steps) && steps.length > MAX_PLAN_STEPS) {
    return {
      plan: undefined,
      errors: [
        `steps: ${steps.length} steps; a plan may have at most ${MAX_PLAN_STEPS.toLocaleString('en')} (split ` +
          `the goal into several plans)`,
      ],
    };
  }
  const nearMisses = misspeltKeys(raw);
  const meant = new Set(nearMisses.map((miss) => miss.meant));
  const errors = [
    ...nearMisses.map((miss) => miss.message),
    // "agentName is required" says less than "agent: did you mean agentName?", so it goes.
    ...check(planSchema, raw)
      .filter((problem) => !(problem.message === 'is required' && meant.has(problem.path)))
      .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message)),
  ];
  if (errors.length > 0) return { plan: undefined, errors };
  const data = raw as {
    $schema?: string;
    goal: string;
    createdAt?: string;
    steps: (PlanStep & Partial<Pick<PlanStep, 'dependencies' | 'expectedOutputs'>>)[];
  };
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
      ...(step.why === undefined ? {} : { why: step.why }),
    })),
  };
  return { plan, errors };
}

const PLAN_KEYS = ['$schema', 'goal', 'createdAt', 'steps'];
const STEP_KEYS = ['stepNumber', 'agentName', 'task', 'dependencies', 'expectedOutputs', 'why'];

/** What models and people write instead of our keys. */
const ALIASES: Record<string, string> = {
  agent: 'agentName',
  agent_name: 'agentName',
  assignee: 'agentName',
  owner: 'agentName',
  step: 'stepNumber',
  step_number: 'stepNumber',
  number: 'stepNumber',
  id: 'stepNumber',
  index: 'stepNumber',
  dependsOn: 'dependencies',
  depends_on: 'dependencies',
  deps: 'dependencies',
  after: 'dependencies',
  requires: 'dependencies',
  needs: 'dependencies',
  outputs: 'expectedOutputs',
  expected_outputs: 'expectedOutputs',
  deliverables: 'expectedOutputs',
  artifacts: 'expectedOutputs',
  description: 'task',
  title: 'task',
  instructions: 'task',
  prompt: 'task',
  objective: 'goal',
  summary: 'goal',
  created_at: 'createdAt',
  tasks: 'steps',
  plan: 'steps',
};

/**
 * Keys that look like a misspelling or another tool's name for one of ours (`agent`, `step`,
 * `dependsOn`), when ours is not there too: each one an error that says which key was meant.
 * Other unknown keys are left alone.
 */
function misspeltKeys(raw: unknown): { path: string; meant: string; message: string }[] {
  const found: { path: string; meant: string; message: string }[] = [];
  const look = (value: unknown, keys: readonly string[], at: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (keys.includes(key)) continue;
      const guess = Object.hasOwn(ALIASES, key) && keys.includes(ALIASES[key]!) ? ALIASES[key]! : closest(key, keys);
      if (!guess || record[guess] !== undefined) continue;
      const path = at ? `${at}.${guess}` : guess;
      found.push({
        path,
        meant: path,
        message: `${at ? `${at}.` : ''}${key}: not a plan key — did you mean "${guess}"?`,
      });
    }
  };
  look(raw, PLAN_KEYS, '');
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (Array.isArray(steps)) {
    for (const [index, step] of steps.entries()) look(step, STEP_KEYS, `steps[${index}]`);
  }
  return found;
}
