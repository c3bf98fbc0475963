/**
 * What a valid plan is, in two halves: its shape here, its graph in plan/validate.ts.
 *
 * 1. The shape (this file). `planSchema` says what a plan file may hold, field by field;
 *    schemas/plan.schema.json (the published contract editors use through `$schema`) is generated
 *    from it (scripts/schemas.ts; a test keeps the two the same), and the state file's schema
 *    embeds it. `checkPlanShape` checks a value against it, with what a JSON Schema does not say —
 *    at most MAX_PLAN_STEPS steps, and a look-alike key (`dependsOn`, `agent`) refused with the key
 *    it meant — and returns the typed plan with its optional lists filled. Every plan file is read
 *    through it (plan/load.ts, plan/files.ts), and so is a state file's plan (state/store.ts).
 * 2. The graph (plan/validate.ts, `validatePlan`): a shaped plan against itself and the agent pool —
 *    unique step numbers, known agents, dependencies that exist, none on itself and no cycle. It is
 *    a file of its own because it is public API (src/index.ts) and the published declarations must
 *    not reach valibot, which this file's schemas are typed by (test/types.test.ts). A state file
 *    checks its plan's links again in its own words, beside the links to its results
 *    (state/schema.ts, `checkStateLinks`).
 */
import * as v from 'valibot';
import type { ExecutionPlan, PlanStep } from '../types.js';
import { check, listMessage, objectOf, unknownKeysFlagged } from '../util/schema-issues.js';
import { closest } from '../util/text.js';

const NON_EMPTY = 'must be a non-empty string';
const tooLong = (issue: v.BaseIssue<unknown>) =>
  `is ${Number(issue.received).toLocaleString('en')} characters; ` +
  `at most ${Number(issue.requirement).toLocaleString('en')} are allowed`;
const text = (max: number, description: string) =>
  v.pipe(v.string(NON_EMPTY), v.regex(/\S/, NON_EMPTY), v.maxLength(max, tooLong), v.description(description));

const WHOLE = 'must be a whole number from 1';

export const planStepSchema = v.pipe(
  objectOf(
    {
      stepNumber: v.pipe(
        v.number(WHOLE),
        v.integer(WHOLE),
        v.minValue(1, WHOLE),
        v.description('Unique within the plan.'),
      ),
      agentName: text(200, 'Name of an agent profile (case-insensitive).'),
      task: text(100_000, 'What this step must do, phrased for the agent.'),
      dependencies: v.optional(
        v.pipe(
          v.array(
            v.pipe(
              v.number(listMessage('must be a list of step numbers')),
              v.integer(listMessage('must be a list of step numbers')),
            ),
            'must be a list of step numbers',
          ),
          v.description('Step numbers that must be completed (or skipped) first. Default [].'),
        ),
      ),
      expectedOutputs: v.optional(
        v.pipe(
          v.array(v.string(listMessage('must be a list of strings')), 'must be a list of strings'),
          v.description('Artifacts this step must leave behind. Default [].'),
        ),
      ),
      why: v.optional(
        v.pipe(
          v.string('must be a string'),
          v.maxLength(10_000, tooLong),
          v.description(
            "Why this step has this agent: the goal's words that routed it (written by `plan`). Not shown to " +
              'the agent.',
          ),
        ),
      ),
    },
    'must be an object',
  ),
  unknownKeysFlagged(),
);

export const planSchema = v.pipe(
  objectOf(
    {
      $schema: v.optional(v.string('must be a string')),
      goal: text(100_000, 'What the whole plan achieves.'),
      createdAt: v.optional(
        v.pipe(v.string('must be a string (an ISO date)'), v.description('When the plan was made (ISO 8601).')),
      ),
      steps: v.pipe(
        v.array(planStepSchema, 'must be a non-empty list of steps'),
        v.minLength(1, 'must be a non-empty list of steps'),
      ),
    },
    'must be an object with a goal and steps',
  ),
  unknownKeysFlagged(),
  v.title('swarm-conductor plan'),
  v.description(
    'A goal split into steps, each given to an agent profile. Step numbers are unique, dependencies name ' +
      'existing steps and form no cycle (checked beyond this schema by `swarm-conductor plan validate`).',
  ),
);

/** More steps than anyone conducts by hand; larger plans are refused rather than left to crawl. */
export const MAX_PLAN_STEPS = 10_000;

/**
 * Checks the plan against `planSchema` (above) and fills the optional lists; problems
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
