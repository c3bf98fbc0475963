/**
 * What an execution state file may hold, field by field. A state file can come from anyone who
 * can push to the repository, so every read checks all of it against this schema (nested fields
 * included) and then the links between fields (`checkStateLinks`): unique step numbers, one
 * result per plan step, dependencies that exist and form no cycle, conflict sides of the same
 * step, and an id that is the file's own. schemas/state.schema.json is generated from it.
 */
import * as v from 'valibot';
import { orderSteps } from '../plan/order.js';
import { isRecordedPath } from '../util/fs.js';
import { planSchema } from '../plan/schema.js';
import { listMessage, objectOf } from '../util/schema-issues.js';

/**
 * Execution ids: letters, digits, `-` and `_`, starting with a letter or digit. They name files
 * and appear in printed commands, so nothing in them needs quoting and nothing leads out of a folder.
 */
export const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isExecutionId(text: string): boolean {
  return EXECUTION_ID.test(text);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** `2026-01-23T00:17:01.717Z` (or with an offset): the times a state records. */
export function isIsoTime(text: string): boolean {
  return ISO.test(text) && Number.isFinite(Date.parse(text));
}

const TIME = 'must be an ISO 8601 time (2026-01-23T00:17:01.717Z)';
const time = v.pipe(v.string(TIME), v.check(isIsoTime, TIME));

/** Where a recorded path leads on disk, links followed, is checked again when it is used (projectFile). */
const PATH = 'must be a path inside the project (relative, with forward slashes, no "..")';
const recordedPath = v.pipe(v.string(PATH), v.check(isRecordedPath, PATH));

const STRINGS = 'must be a list of strings';
const strings = v.array(v.string(listMessage(STRINGS)), STRINGS);
const COUNT = 'must be a whole number from 0';
const count = v.pipe(v.number(COUNT), v.integer(COUNT), v.minValue(0, COUNT));
const STEP = 'must be a step number (a whole number from 1)';
const stepNumber = v.pipe(v.number(STEP), v.integer(STEP), v.minValue(1, STEP));
const oneOf = <const T extends readonly string[]>(values: T) =>
  v.picklist(values, `must be one of ${values.join(', ')}`);

const HTTPS = 'must be an https:// address';
const httpsUrl = v.pipe(v.string(HTTPS), v.regex(/^https:\/\/[^\s"'<>\\`]+$/, HTTPS), v.maxLength(2000, HTTPS));
/** A pull request's own address, `https://<host>/<owner>/<repo>/pull/<number>`. */
export const PULL_REQUEST_URL = /^https:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+\/pull\/\d+\/?$/;
const PR = 'must be a pull request address (https://github.com/<owner>/<repo>/pull/<n>)';
const pullRequestUrl = v.pipe(v.string(PR), v.regex(PULL_REQUEST_URL, PR), v.maxLength(2000, PR));

export const STEP_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped'] as const;
// `running`: a result set aside by `resolve` while that side's attempt was still under way.
const ATTEMPT_STATUSES = ['completed', 'failed', 'skipped', 'running'] as const;
const VERDICTS = ['verified', 'unconfirmed', 'contradicted'] as const;
const EVENTS = ['ready', 'start', 'complete', 'fail', 'retry', 'reopen', 'skip', 'interrupt'] as const;

export const verificationSchema = objectOf(
  {
    verdict: oneOf(VERDICTS),
    at: time,
    transcriptPath: recordedPath,
    format: v.pipe(v.string('must be a format name'), v.regex(/^[a-z0-9-]{1,40}$/, 'must be a format name')),
    claims: objectOf({ backed: count, contradicted: count, unverifiable: count }, 'must be an object of counts'),
    checklist: objectOf({ met: count, unmet: count, unknown: count }, 'must be an object of counts'),
    reasons: strings,
    lacking: v.optional(strings),
    tests: v.optional(
      objectOf(
        {
          runs: count,
          ok: v.optional(v.nullable(v.boolean('must be true, false or null'))),
          passed: v.optional(count),
          failed: v.optional(count),
        },
        'must be an object',
      ),
    ),
    overridden: v.optional(v.boolean('must be true or false')),
  },
  'must be an object',
);

export const attemptSchema = objectOf(
  {
    attempt: stepNumber,
    status: oneOf(ATTEMPT_STATUSES),
    action: oneOf(['retry', 'reopen', 'resolve'] as const),
    at: time,
    startTime: v.optional(time),
    endTime: v.optional(time),
    outputs: v.optional(strings),
    errors: v.optional(strings),
    reason: v.optional(v.string('must be a string')),
    promptPath: v.optional(recordedPath),
    transcriptPath: v.optional(recordedPath),
    verdict: v.optional(oneOf(VERDICTS)),
    pullRequest: v.optional(pullRequestUrl),
    delegated: v.optional(httpsUrl),
  },
  'must be an attempt (an object)',
);

export const pullRequestSchema = objectOf(
  {
    url: pullRequestUrl,
    recordedAt: time,
    seen: v.optional(
      objectOf(
        {
          state: oneOf(['OPEN', 'CLOSED', 'MERGED'] as const),
          mergedAt: v.optional(time),
          checks: oneOf(['passing', 'failing', 'pending', 'none'] as const),
          failing: v.optional(strings),
          at: time,
        },
        'must be an object',
      ),
    ),
  },
  'must be an object',
);

/** A branch name as git takes it, and as printed commands show it without quoting. */
const BRANCH = 'must be a branch name (letters, digits, and . _ - /)';
const branch = v.pipe(
  v.string(BRANCH),
  v.regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,255}$/, BRANCH),
  v.check((name) => !name.endsWith('/') && !name.endsWith('.lock'), BRANCH),
);
const FOLDER = 'must be a folder path';
/** Shown, never used as it is: the worktree a run uses is the one git lists for the step's branch. */
const shownFolder = v.pipe(
  v.string(FOLDER),
  v.minLength(1, FOLDER),
  v.maxLength(4096, FOLDER),
  v.check((text) => !text.includes('\0'), FOLDER),
);
const MS = 'must be a whole number of milliseconds from 0';
const AMOUNT = 'must be a number from 0';
const amount = v.pipe(v.number(AMOUNT), v.minValue(0, AMOUNT), v.maxValue(1e12, AMOUNT));

export const headlessSchema = objectOf(
  {
    agent: v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must be a program name'),
      v.maxLength(200, 'is too long'),
    ),
    branch,
    into: branch,
    worktree: shownFolder,
    startedAt: time,
    endedAt: v.optional(time),
    durationMs: v.optional(v.pipe(v.number(MS), v.integer(MS), v.minValue(0, MS))),
    interruptedAt: v.optional(time),
    usage: v.optional(
      objectOf(
        {
          inputTokens: v.optional(count),
          outputTokens: v.optional(count),
          costUsd: v.optional(amount),
          turns: v.optional(count),
        },
        'must be an object',
      ),
    ),
    merged: v.optional(v.pipe(v.string('must be a commit'), v.regex(/^[0-9a-f]{7,64}$/, 'must be a commit hash'))),
  },
  'must be an object',
);

const resultEntries = {
  stepNumber,
  agentName: v.pipe(v.string('must be an agent name'), v.minLength(1, 'must be an agent name')),
  status: oneOf(STEP_STATUSES),
  startTime: v.optional(time),
  endTime: v.optional(time),
  outputs: v.optional(strings),
  errors: v.optional(strings),
  transcriptPath: v.optional(recordedPath),
  promptPath: v.optional(recordedPath),
  retries: v.optional(count),
  reason: v.optional(v.string('must be a string')),
  forced: v.optional(
    v.array(
      objectOf(
        {
          action: oneOf(['start', 'complete'] as const),
          unfinished: v.array(stepNumber, 'must be a list of step numbers'),
          at: time,
        },
        'must be an object',
      ),
      'must be a list',
    ),
  ),
  history: v.optional(v.array(attemptSchema, 'must be a list of attempts')),
  verification: v.optional(verificationSchema),
  events: v.optional(
    v.array(objectOf({ action: oneOf(EVENTS), at: time }, 'must be an event (an object)'), 'must be a list'),
  ),
  pr: v.optional(pullRequestSchema),
  delegation: v.optional(
    objectOf({ via: oneOf(['agent-task', 'issue'] as const), url: httpsUrl, at: time }, 'must be an object'),
  ),
  headless: v.optional(headlessSchema),
};

/** One side of a conflict: a step result of its own (which carries no conflict). */
export const sideSchema = objectOf(resultEntries, 'must be a step result (an object)');

export const stepResultSchema = objectOf(
  {
    ...resultEntries,
    conflict: v.optional(objectOf({ ours: sideSchema, theirs: sideSchema, at: time }, 'must be an object')),
  },
  'must be a step result (an object)',
);

export const stateSchema = v.pipe(
  objectOf(
    {
      schemaVersion: v.pipe(v.number('must be a version number'), v.integer('must be a version number')),
      plan: planSchema,
      planFilename: v.pipe(v.string('must be a string'), v.maxLength(4096, 'is too long')),
      executionId: v.pipe(
        v.string('must be an execution id'),
        v.regex(EXECUTION_ID, 'must be an execution id (letters, digits, - and _; at most 128)'),
      ),
      startTime: time,
      endTime: v.optional(time),
      currentStep: count,
      stepResults: v.array(stepResultSchema, 'must be a list of step results'),
      priorContext: strings,
      mergeRefused: v.optional(
        objectOf(
          { reason: v.string('must be a string'), hint: v.string('must be a string'), at: time },
          'must be an object',
        ),
      ),
    },
    'must be a JSON object',
  ),
  v.title('swarm-conductor execution state'),
  v.description(
    'proof/execution-<id>.json: one execution of a plan, the source of truth for its steps. Written by ' +
      'swarm-conductor; checked field by field on every read (and beyond this schema: unique steps, one ' +
      'result per plan step, dependencies that exist and form no cycle).',
  ),
);

interface Linked {
  executionId: string;
  plan: { steps: { stepNumber: number; dependencies?: number[] }[] };
  stepResults: {
    stepNumber: number;
    conflict?: { ours: { stepNumber: number }; theirs: { stepNumber: number } };
    forced?: { unfinished: number[] }[];
  }[];
}

/**
 * What the schema cannot say: the links between fields. The first problem as `path: message`,
 * or undefined. `fileId` is the id in the file's name, which the state's own must equal (else a
 * write would land on another execution's file).
 */
export function checkStateLinks(state: Linked, fileId: string | undefined): string | undefined {
  if (fileId !== undefined && state.executionId !== fileId) {
    return `executionId: "${state.executionId}" is not the id in the file's name (${fileId})`;
  }
  const planSteps = new Set<number>();
  for (const [index, step] of state.plan.steps.entries()) {
    if (planSteps.has(step.stepNumber)) return `plan.steps[${index}].stepNumber: step ${step.stepNumber} is used twice`;
    planSteps.add(step.stepNumber);
  }
  for (const [index, step] of state.plan.steps.entries()) {
    for (const [at, dependency] of (step.dependencies ?? []).entries()) {
      if (dependency === step.stepNumber) return `plan.steps[${index}].dependencies[${at}]: the step depends on itself`;
      if (!planSteps.has(dependency))
        return `plan.steps[${index}].dependencies[${at}]: step ${dependency} is not in the plan`;
    }
  }
  const { cycle } = orderSteps(state.plan.steps.map((step) => ({ ...step, dependencies: step.dependencies ?? [] })));
  if (cycle.length > 0) return `plan.steps: dependency cycle ${cycle.join(' → ')}`;
  const seen = new Set<number>();
  for (const [index, result] of state.stepResults.entries()) {
    const at = `stepResults[${index}]`;
    if (!planSteps.has(result.stepNumber)) return `${at}.stepNumber: step ${result.stepNumber} is not in the plan`;
    if (seen.has(result.stepNumber)) return `${at}.stepNumber: step ${result.stepNumber} has two results`;
    seen.add(result.stepNumber);
    for (const side of ['ours', 'theirs'] as const) {
      const other = result.conflict?.[side].stepNumber;
      if (other !== undefined && other !== result.stepNumber)
        return `${at}.conflict.${side}.stepNumber: is step ${other}, not step ${result.stepNumber}`;
    }
    for (const [forcedAt, forced] of (result.forced ?? []).entries()) {
      const stray = forced.unfinished.find((step) => !planSteps.has(step));
      if (stray !== undefined) return `${at}.forced[${forcedAt}].unfinished: step ${stray} is not in the plan`;
    }
  }
  const missing = [...planSteps].find((step) => !seen.has(step));
  if (missing !== undefined) return `stepResults: step ${missing} of the plan has no result`;
  return undefined;
}
