/**
 * What a plan file may hold: the one description of it. The loaders check plans against it,
 * and schemas/plan.schema.json (the published contract editors use through `$schema`) is
 * generated from it (scripts/schemas.ts; a test keeps the two the same).
 */
import * as v from 'valibot';
import { listMessage, objectOf, unknownKeysFlagged } from '../util/schema-issues.js';

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
