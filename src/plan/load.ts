import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { ConductorError, isErrno } from '../errors.js';
import type { ExecutionPlan } from '../types.js';
import { checkPlanShape } from './schema.js';
import { dataShapeProblem } from '../util/data.js';
import { jsonErrorLine, jsonReason } from '../util/json.js';
import { listProblems, placeOf } from '../util/text.js';

/** Plan files over this size are refused before they are read. */
export const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A plan or answer file's text, refused when it is over the size limit (before it is read), a
 * folder, or missing. `what` names it in messages ("plan file", "answer file").
 */
export function readPlanText(file: string, shownAs: string, what: 'plan file' | 'file' = 'plan file'): string {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new ConductorError('USAGE', `${shownAs} is a folder, not a ${what}`);
    // A FIFO would block the read until someone writes to it, a device might never end.
    if (!stat.isFile())
      throw new ConductorError('USAGE', `${shownAs} is not a regular file (a FIFO, socket or device)`, {
        hint: `save the ${what === 'file' ? 'answer' : 'plan'} to an ordinary file`,
      });
    const size = stat.size;
    if (size > MAX_PLAN_FILE_BYTES) {
      throw new ConductorError('TOO_LARGE', `${what} is ${(size / 1024 / 1024).toFixed(0)} MB; the limit is 64 MB`, {
        where: shownAs,
        ...(what === 'file' ? { hint: 'save only the answer, not the whole session' } : {}),
      });
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      throw new ConductorError('NOT_FOUND', `${what} not found: ${shownAs}`, {
        hint:
          what === 'plan file'
            ? 'check the path (plans written by `plan` are in proof/plans/)'
            : "save the agent's answer to a file first",
      });
    }
    if (isErrno(error, 'EISDIR')) throw new ConductorError('USAGE', `${shownAs} is a folder, not a ${what}`);
    throw error;
  }
}

/**
 * `execute` without a plan, or `execute latest`: the newest plan file in `plansDir` — by
 * modification time, and among files of one time (a fresh clone) by name, whose timestamp
 * `plan` writes first. Undefined when the folder has none.
 */
export function newestPlan(plansDir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(plansDir).filter((name) => /\.(json|ya?ml)$/i.test(name) && !/\.prompt\./i.test(name));
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
    throw error;
  }
  const dated = names.flatMap((name) => {
    const file = path.join(plansDir, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? [{ file, name, time: Math.floor(stat.mtimeMs / 1000) }] : [];
  });
  dated.sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return dated[0]?.file;
}

/** Reads a plan file (JSON, or YAML for .yaml/.yml) and checks its shape. */
export function loadPlan(file: string, shownAs = file): ExecutionPlan {
  return parsePlan(readPlanText(file, shownAs), shownAs);
}

/** Parses plan text. YAML is used for .yaml/.yml files, JSON otherwise. */
export function parsePlan(text: string, file: string): ExecutionPlan {
  // A byte order mark (Windows editors write one) is not part of the plan, as for agent files.
  const source = text.replace(/^\uFEFF/, '');
  const raw = /\.ya?ml$/i.test(file) ? parseYamlPlan(source, file) : parseJsonPlan(source, file);
  const problem = dataShapeProblem(raw);
  if (problem) throw new ConductorError('INVALID_FILE', `plan is refused: ${problem}`, { where: file });
  const { plan, errors } = checkPlanShape(raw);
  if (errors.length > 0) {
    throw new ConductorError('INVALID_FILE', listProblems(errors), {
      where: file,
      hint:
        'a plan is { "goal": "…", "steps": [{ "stepNumber": 1, "agentName": "…", "task": "…", ' +
        '"dependencies": [], "expectedOutputs": [] }] }',
    });
  }
  return plan!;
}

function parseJsonPlan(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ConductorError('INVALID_FILE', `not valid JSON: ${jsonReason(error)}`, {
      where: placeOf(file, jsonErrorLine(text)),
      hint:
        path.extname(file) === ''
          ? 'name YAML plans .yaml so they are read as YAML'
          : 'fix the JSON syntax at that line',
    });
  }
}

function parseYamlPlan(text: string, file: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    throw new ConductorError('INVALID_FILE', `not valid YAML: ${error.reason}`, {
      where: placeOf(file, (error.mark?.line ?? 0) + 1),
    });
  }
}
