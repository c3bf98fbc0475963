/**
 * Execution state on disk: `<proofDir>/execution-<id>.json`, with prompts and transcripts in
 * `<proofDir>/execution-<id>/`. Every write is atomic; every read-modify-write holds the
 * execution's lock, so concurrent commands never lose an update.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConductorError, isErrno } from '../errors.js';
import { checkPlanShape } from '../plan/shape.js';
import { SCHEMA_VERSION, type ExecutionContext, type StepStatus } from '../types.js';
import { createFileAtomic, ensureDir, writeFileAtomic } from '../util/fs.js';
import { withLock } from '../util/lock.js';
import { commandName } from '../util/invocation.js';

const FILE_PREFIX = 'execution-';
const FILE_SUFFIX = '.json';

/** `exec-2026-01-23T00-17-01-717Z` */
export function executionIdFor(date: Date): string {
  return `exec-${date.toISOString().replace(/[:.]/g, '-')}`;
}

function serializeExecution(context: ExecutionContext): string {
  return `${JSON.stringify(context, null, 2)}\n`;
}

const STATUSES: ReadonlySet<StepStatus> = new Set(['pending', 'running', 'completed', 'failed', 'skipped']);

/** Reads, migrates and checks an execution file. A file that cannot be used is reported, never rewritten. */
export function readExecution(file: string, shownAs = file): ExecutionContext {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ConductorError('NOT_FOUND', `execution file not found: ${shownAs}`);
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw corrupt(shownAs, `not valid JSON (${(error as Error).message})`);
  }
  return migrate(raw, shownAs);
}

function corrupt(shownAs: string, problem: string): ConductorError {
  return new ConductorError('CORRUPT_STATE', `execution state is unreadable: ${problem}; the file was left as it is`, {
    where: shownAs,
    hint: `restore it from version control (git checkout -- ${shownAs}) or repair the JSON by hand`,
  });
}

/**
 * Brings an older state file up to the current schema in memory (it is written back in the
 * new shape by the next command that changes it). Version 0 is the original conductor's
 * format, which had no schemaVersion; version 1 differs from 2 only in having no step history.
 */
function migrate(raw: unknown, shownAs: string): ExecutionContext {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw corrupt(shownAs, 'it is not a JSON object');
  const data = raw as Record<string, unknown>;
  const version = data.schemaVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw corrupt(shownAs, `schemaVersion ${JSON.stringify(version)} is not a version number`);
  }
  if (version > SCHEMA_VERSION) {
    throw new ConductorError(
      'FUTURE_STATE',
      `written by a newer swarm-conductor (schemaVersion ${version}; this one reads up to ${SCHEMA_VERSION})`,
      {
        where: shownAs,
        hint: 'upgrade swarm-conductor (npm i swarm-conductor@latest) to work with this execution',
      },
    );
  }
  const context = { ...data, schemaVersion: SCHEMA_VERSION } as Record<string, unknown>;
  if (version === 0) {
    delete context.options;
    context.priorContext ??= [];
    context.currentStep ??= 0;
  }
  const problem = shapeProblem(context);
  if (problem) throw corrupt(shownAs, problem);
  return context as unknown as ExecutionContext;
}

function shapeProblem(context: Record<string, unknown>): string | undefined {
  const plan = context.plan as Record<string, unknown> | undefined;
  if (typeof context.executionId !== 'string') return 'executionId is missing';
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.steps) || typeof plan.goal !== 'string') {
    return 'plan is missing or has no goal and steps';
  }
  const planProblem = checkPlanShape(plan).errors[0];
  if (planProblem) return `plan.${planProblem}`;
  if (!Array.isArray(context.stepResults)) return 'stepResults is missing';
  if (!Array.isArray(context.priorContext) || !context.priorContext.every((line) => typeof line === 'string'))
    return 'priorContext is not a list of strings';
  const planSteps = new Set((plan.steps as { stepNumber?: unknown }[]).map((step) => step?.stepNumber));
  for (const [index, result] of (context.stepResults as Record<string, unknown>[]).entries()) {
    if (typeof result !== 'object' || result === null) return `stepResults[${index}] is not an object`;
    if (!planSteps.has(result.stepNumber))
      return `stepResults[${index}] names step ${String(result.stepNumber)}, which the plan does not have`;
    if (!STATUSES.has(result.status as StepStatus))
      return `stepResults[${index}].status ${JSON.stringify(result.status)} is not a step status`;
    for (const list of ['outputs', 'errors'] as const) {
      const value = result[list];
      if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string')))
        return `stepResults[${index}].${list} is not a list of strings`;
    }
    const history = result.history;
    if (
      history !== undefined &&
      !(
        Array.isArray(history) &&
        history.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
      )
    ) {
      return `stepResults[${index}].history is not a list of attempts`;
    }
  }
  if ((context.stepResults as unknown[]).length !== planSteps.size)
    return 'stepResults does not have one entry per plan step';
  return undefined;
}

export class ExecutionStore {
  constructor(
    readonly proofDir: string,
    /** The project root: paths in messages and in the state are relative to it. */
    readonly root: string,
  ) {}

  file(id: string): string {
    return path.join(this.proofDir, `${FILE_PREFIX}${id}${FILE_SUFFIX}`);
  }

  /** Where the execution's prompts and transcripts go. */
  dir(id: string): string {
    return path.join(this.proofDir, `${FILE_PREFIX}${id}`);
  }

  /** A path as messages show it: relative to the project root. */
  shown(file: string): string {
    return path.relative(this.root, file) || file;
  }

  /**
   * Claims a fresh id by creating its folder (mkdir is atomic): two executions made in the
   * same millisecond get `…Z` and `…Z-2`.
   */
  reserveId(date: Date): string {
    ensureDir(this.proofDir);
    const base = executionIdFor(date);
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      try {
        mkdirSync(this.dir(id));
      } catch (error) {
        if (isErrno(error, 'EEXIST')) continue;
        throw error;
      }
      if (!existsSync(this.file(id))) return id;
    }
  }

  /** Writes a new execution's state; fails rather than replace an existing one. */
  create(context: ExecutionContext): string {
    const file = this.file(context.executionId);
    createFileAtomic(file, serializeExecution(context));
    return file;
  }

  write(context: ExecutionContext): string {
    const file = this.file(context.executionId);
    writeFileAtomic(file, serializeExecution(context));
    return file;
  }

  read(id: string): ExecutionContext {
    const file = this.file(id);
    return readExecution(file, this.shown(file));
  }

  /** Ids of the executions, oldest first (ids sort by creation time). */
  list(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.proofDir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    return names
      .filter((name) => name.startsWith(FILE_PREFIX) && name.endsWith(FILE_SUFFIX))
      .map((name) => name.slice(FILE_PREFIX.length, -FILE_SUFFIX.length))
      .sort();
  }

  /** An id from what the user typed: `latest`, the whole id, or a unique prefix (with or without `exec-`). */
  resolve(query: string): string {
    const ids = this.list();
    if (ids.length === 0) {
      throw new ConductorError('NOT_FOUND', `no executions in ${this.shown(this.proofDir)}/`, {
        hint: `start one with: ${commandName()} execute <planfile>`,
      });
    }
    if (query === 'latest') return ids[ids.length - 1]!;
    if (ids.includes(query)) return query;
    const matches = ids.filter((id) => id.startsWith(query) || id.startsWith(`exec-${query}`));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      const recent = ids.slice(-3).reverse().join(', ');
      throw new ConductorError('NOT_FOUND', `no execution matches "${query}"`, {
        hint: `use "latest" or one of: ${recent}${ids.length > 3 ? ` (${commandName()} list shows all)` : ''}`,
      });
    }
    throw new ConductorError(
      'AMBIGUOUS',
      `"${query}" matches ${matches.length} executions: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}`,
      {
        hint: 'type more of the id',
      },
    );
  }

  /**
   * Read-modify-write under the execution's lock. `change` gets the current state and returns
   * the new one in `context` (or none to leave it). It may write other files first (prompts),
   * so the state never names a prompt that is not there.
   */
  async update<T extends { context?: ExecutionContext | undefined }>(
    id: string,
    change: (context: ExecutionContext) => T | Promise<T>,
  ): Promise<T> {
    return withLock(
      this.file(id),
      async () => {
        const result = await change(this.read(id));
        if (result.context) this.write(result.context);
        return result;
      },
      { label: `execution ${id}` },
    );
  }
}
