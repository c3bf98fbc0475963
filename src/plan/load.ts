import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { ConductorError, isErrno } from '../errors.js';
import type { ExecutionPlan, PlanStep } from '../types.js';
import { jsonErrorLine } from '../util/json.js';
import { listProblems } from '../util/text.js';

/** Plan files over this size are refused before they are read. */
export const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;

/** Reads a plan file (JSON, or YAML for .yaml/.yml) and checks its shape. */
export function loadPlan(file: string, shownAs = file): ExecutionPlan {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_PLAN_FILE_BYTES) {
      throw new ConductorError('TOO_LARGE', `plan file is ${(size / 1024 / 1024).toFixed(0)} MB; the limit is 64 MB`, { where: shownAs });
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      throw new ConductorError('NOT_FOUND', `plan file not found: ${shownAs}`, { hint: 'check the path (plans written by `plan` are in proof/plans/)' });
    }
    if (isErrno(error, 'EISDIR')) throw new ConductorError('USAGE', `${shownAs} is a folder, not a plan file`);
    throw error;
  }
  return parsePlan(text, shownAs);
}

/** Parses plan text. YAML is used for .yaml/.yml files, JSON otherwise. */
export function parsePlan(text: string, file: string): ExecutionPlan {
  const raw = /\.ya?ml$/i.test(file) ? parseYamlPlan(text, file) : parseJsonPlan(text, file);
  const { plan, errors } = checkPlanShape(raw);
  if (errors.length > 0) {
    throw new ConductorError('INVALID_FILE', listProblems(errors), {
      where: file,
      hint: 'a plan is { "goal": "…", "steps": [{ "stepNumber": 1, "agentName": "…", "task": "…", "dependencies": [], "expectedOutputs": [] }] }',
    });
  }
  return plan!;
}

function parseJsonPlan(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const reason = error.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, "[\s\S]*" is not valid JSON$/, '');
    throw new ConductorError('INVALID_FILE', `not valid JSON: ${reason}`, {
      where: `${file}:${jsonErrorLine(text)}`,
      hint: path.extname(file) === '' ? 'name YAML plans .yaml so they are read as YAML' : 'fix the JSON syntax at that line',
    });
  }
}

function parseYamlPlan(text: string, file: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    throw new ConductorError('INVALID_FILE', `not valid YAML: ${error.reason}`, {
      where: `${file}:${(error.mark?.line ?? 0) + 1}`,
    });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Checks types and fills optional lists; problems come back as `key: message`. */
export function checkPlanShape(raw: unknown): { plan: ExecutionPlan | undefined; errors: string[] } {
  const errors: string[] = [];
  if (!isObject(raw)) return { plan: undefined, errors: ['the file must hold an object with "goal" and "steps"'] };
  if (!isText(raw.goal)) errors.push('goal: must be a non-empty string');
  if (raw.createdAt !== undefined && typeof raw.createdAt !== 'string') errors.push('createdAt: must be a string (an ISO date)');
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
    errors.push('steps: must be a non-empty list of steps');
    return { plan: undefined, errors };
  }
  const steps: PlanStep[] = [];
  raw.steps.forEach((entry: unknown, index: number) => {
    const at = `steps[${index}]`;
    if (!isObject(entry)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    const { stepNumber, agentName, task } = entry;
    const dependencies = entry.dependencies ?? [];
    const expectedOutputs = entry.expectedOutputs ?? [];
    const before = errors.length;
    if (!Number.isInteger(stepNumber) || (stepNumber as number) < 1) errors.push(`${at}.stepNumber: must be a whole number from 1`);
    if (!isText(agentName)) errors.push(`${at}.agentName: must be a non-empty string`);
    if (!isText(task)) errors.push(`${at}.task: must be a non-empty string`);
    if (!Array.isArray(dependencies) || !dependencies.every((dep) => Number.isInteger(dep))) {
      errors.push(`${at}.dependencies: must be a list of step numbers`);
    }
    if (!Array.isArray(expectedOutputs) || !expectedOutputs.every((item) => typeof item === 'string')) {
      errors.push(`${at}.expectedOutputs: must be a list of strings`);
    }
    if (errors.length > before) return;
    steps.push({
      stepNumber: stepNumber as number,
      agentName: (agentName as string).trim(),
      task: task as string,
      dependencies: [...(dependencies as number[])],
      expectedOutputs: [...(expectedOutputs as string[])],
    });
  });
  if (errors.length > 0) return { plan: undefined, errors };
  const plan: ExecutionPlan = { goal: raw.goal as string, steps };
  if (typeof raw.createdAt === 'string') plan.createdAt = raw.createdAt;
  if (typeof raw.$schema === 'string') plan.$schema = raw.$schema;
  return { plan, errors };
}
