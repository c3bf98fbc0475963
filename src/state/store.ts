/**
 * Execution state on disk: `<proofDir>/execution-<id>.json`, with prompts and transcripts in
 * `<proofDir>/execution-<id>/`. Every write is atomic; every read-modify-write holds the
 * execution's lock, so concurrent commands never lose an update.
 */
import { showPath } from '../util/package.js';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { ConductorError, isConductorError, isErrno } from '../errors.js';
import { checkPlanShape } from '../plan/shape.js';
import { summarize } from '../report.js';
import { SCHEMA_VERSION, type ExecutionContext, type StepStatus } from '../types.js';
import { createFileAtomic, ensureDir, writeFileAtomic } from '../util/fs.js';
import { withLock } from '../util/lock.js';
import { fileTimestamp } from '../util/text.js';
import { executionFolder, idOfStateFile, lockFileOf, stateFile } from './paths.js';
import { executionStatus } from './transitions.js';

/** `exec-2026-01-23T00-17-01-717Z` */
export function executionIdFor(date: Date): string {
  return `exec-${fileTimestamp(date)}`;
}

function serializeExecution(state: ExecutionContext): string {
  return `${JSON.stringify(state, null, 2)}\n`;
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
    if (/^<{7} |^={7}$|^>{7} /m.test(text)) {
      throw new ConductorError(
        'CORRUPT_STATE',
        'git merged this execution state as text and left conflict markers in it: the swarm-conductor merge ' +
          'driver was not registered in this clone',
        {
          where: shownAs,
          hint: `register it, then merge the file again with git checkout -m ${shownAs}`,
          remedies: [{ run: 'git setup', why: 'registers the driver' }],
        },
      );
    }
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
  const state = { ...data, schemaVersion: SCHEMA_VERSION } as Record<string, unknown>;
  if (version === 0) {
    delete state.options;
    state.priorContext ??= [];
    state.currentStep ??= 0;
  }
  const problem = shapeProblem(state);
  if (problem) throw corrupt(shownAs, problem);
  return state as unknown as ExecutionContext;
}

function shapeProblem(state: Record<string, unknown>): string | undefined {
  const plan = state.plan as Record<string, unknown> | undefined;
  if (typeof state.executionId !== 'string') return 'executionId is missing';
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.steps) || typeof plan.goal !== 'string') {
    return 'plan is missing or has no goal and steps';
  }
  const planProblem = checkPlanShape(plan).errors[0];
  if (planProblem) return `plan.${planProblem}`;
  if (!Array.isArray(state.stepResults)) return 'stepResults is missing';
  if (!Array.isArray(state.priorContext) || !state.priorContext.every((line) => typeof line === 'string'))
    return 'priorContext is not a list of strings';
  const planSteps = new Set((plan.steps as { stepNumber?: unknown }[]).map((step) => step?.stepNumber));
  for (const [index, result] of (state.stepResults as Record<string, unknown>[]).entries()) {
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
  if ((state.stepResults as unknown[]).length !== planSteps.size)
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
    return stateFile(this.proofDir, id);
  }

  /** Where the execution's prompts and transcripts go. */
  dir(id: string): string {
    return executionFolder(this.proofDir, id);
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
  create(state: ExecutionContext): string {
    const file = this.file(state.executionId);
    createFileAtomic(file, serializeExecution(state));
    return file;
  }

  write(state: ExecutionContext): string {
    const file = this.file(state.executionId);
    writeFileAtomic(file, serializeExecution(state));
    return file;
  }

  read(id: string): ExecutionContext {
    const file = this.file(id);
    return readExecution(file, showPath(file, this.root));
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
      .map(idOfStateFile)
      .filter((id): id is string => id !== undefined)
      .sort();
  }

  /** An id from what the user typed: `latest`, the whole id, or a unique prefix (with or without `exec-`). */
  resolve(query: string): string {
    const ids = this.list();
    if (ids.length === 0) {
      throw new ConductorError('NOT_FOUND', `no executions in ${showPath(this.proofDir, this.root)}/`, {
        remedies: [{ run: 'execute <planfile>', why: 'starts one' }],
      });
    }
    if (query === 'latest') return ids[ids.length - 1]!;
    if (ids.includes(query)) return query;
    const matches = ids.filter((id) => id.startsWith(query) || id.startsWith(`exec-${query}`));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      const recent = ids.slice(-3).reverse().join(', ');
      throw new ConductorError('NOT_FOUND', `no execution matches "${query}"`, {
        hint: `use "latest" or one of: ${recent}`,
        ...(ids.length > 3 ? { remedies: [{ run: 'list', why: 'shows all' }] } : {}),
      });
    }
    throw new ConductorError(
      'AMBIGUOUS',
      `"${query}" matches ${matches.length} executions: ` +
        `${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}`,
      {
        hint: 'type more of the id',
      },
    );
  }

  /**
   * Read-modify-write under the execution's lock. `change` gets the current state and returns
   * the new one in `state` (or none to leave it). It may write other files first (prompts),
   * so the state never names a prompt that is not there.
   */
  async update<T extends { state?: ExecutionContext | undefined }>(
    id: string,
    change: (state: ExecutionContext) => T | Promise<T>,
  ): Promise<T> {
    return withLock(
      lockFileOf(this.file(id)),
      async () => {
        const result = await change(this.read(id));
        if (result.state) this.write(result.state);
        return result;
      },
      { label: `execution ${id}` },
    );
  }
}

export type ExecutionRow =
  | { executionId: string; status: string; done: number; total: number; goal: string; startTime: string }
  | { executionId: string; status: 'unreadable'; error: string };

/** `list`: every execution with its progress, newest first; an unreadable one with its problem. */
export function listExecutions(store: ExecutionStore): ExecutionRow[] {
  return store
    .list()
    .reverse()
    .map((id): ExecutionRow => {
      try {
        const summary = summarize(store.read(id));
        return {
          executionId: id,
          status: summary.status,
          done: summary.progress.done,
          total: summary.progress.total,
          goal: summary.goal,
          startTime: summary.startTime,
        };
      } catch (error) {
        if (!isConductorError(error)) throw error;
        return { executionId: id, status: 'unreadable', error: error.message };
      }
    });
}

/**
 * The newest execution that is not done (`next`, `run`): every step neither completed nor
 * skipped yet. Unreadable ones are passed over.
 */
export function latestUnfinished(store: ExecutionStore): string {
  const ids = store.list();
  for (const id of [...ids].reverse()) {
    try {
      if (executionStatus(store.read(id)) !== 'done') return id;
    } catch (error) {
      if (!isConductorError(error)) throw error;
    }
  }
  throw new ConductorError(
    'NOT_FOUND',
    ids.length === 0 ? `no executions in ${showPath(store.proofDir, store.root)}/` : 'every execution is done',
    { remedies: [{ run: 'execute <planfile>', why: 'starts one' }] },
  );
}
