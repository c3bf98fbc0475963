/**
 * Execution state on disk: `<proofDir>/execution-<id>.json`, with prompts and transcripts in
 * `<proofDir>/execution-<id>/`. Every write is atomic; every read-modify-write holds the
 * execution's lock, so concurrent commands never lose an update.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { DEFAULT_STATE_SIZE_LIMIT } from '../config/define.js';
import { ConductorError, isConductorError, isErrno } from '../errors.js';
import { checkPlanShape, MAX_PLAN_STEPS } from '../plan/schema.js';
import { summarize } from './summary.js';
import { SCHEMA_VERSION, type ExecutionContext } from '../types.js';
import { createFileAtomic, ensureDir, ensureRealFolder, isInside, writeFileAtomic } from '../util/fs.js';
import { showPath } from '../util/package.js';
import { check } from '../util/schema-issues.js';
import { checkStateLinks, isExecutionId, stateSchema } from './schema.js';
import { withLock } from '../util/lock.js';
import { fileTimestamp, quote, shellQuote } from '../util/text.js';
import { executionFolder, idOfStateFile, lockFileOf, stateFile } from './paths.js';
import { executionStatus } from './transitions.js';

/**
 * `exec-2026-01-23T00-17-01-717Z-3f9a1c`: the time it was made (ids sort by it) and a random
 * part, so executions made in the same millisecond in two clones never share an id. Ids made
 * before the random part (`exec-…-717Z`, `…-717Z-2`) stay valid. `SWARM_CONDUCTOR_ID_SUFFIX`
 * fixes the random part (tests that compare output).
 */
export function executionIdFor(date: Date, suffix = randomSuffix()): string {
  return `exec-${fileTimestamp(date)}-${suffix}`;
}

function randomSuffix(): string {
  const fixed = process.env.SWARM_CONDUCTOR_ID_SUFFIX;
  return fixed && /^[a-z0-9]{1,12}$/.test(fixed) ? fixed : randomBytes(3).toString('hex');
}

function serializeExecution(state: ExecutionContext): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

export interface ReadStateOptions {
  /** The id in the file's name, which the state's own `executionId` must be. */
  id?: string;
  /** The project root: a state file (or what its link leads to) must be inside it. */
  root?: string;
  /** Bytes; larger files are refused before they are read. */
  maxBytes?: number;
}

/**
 * Reads, migrates and checks an execution file, every field of it (state/schema.ts). A file
 * that cannot be used is reported with the JSON path of its first bad field, never rewritten.
 * Only a regular file is read (a link to /dev/zero or a FIFO is refused, not waited on), and
 * only up to the size limit.
 */
export function readExecution(file: string, shownAs = file, options: ReadStateOptions = {}): ExecutionContext {
  const text = readStateText(file, shownAs, options);
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    if (/^<{7} |^={7}$|^>{7} /m.test(text)) {
      throw new ConductorError(
        'CORRUPT_STATE',
        'git merged this execution state as text and left conflict markers in it: the swarm-conductor merge ' +
          'driver was not registered in this clone',
        {
          where: shownAs,
          hint: `register it, then merge the file again with git checkout -m ${shellQuote(shownAs)}`,
          remedies: [{ run: 'git setup', why: 'registers the driver' }],
        },
      );
    }
    throw corrupt(shownAs, `not valid JSON (${(error as Error).message})`);
  }
  return migrate(raw, shownAs, options.id);
}

function readStateText(file: string, shownAs: string, options: ReadStateOptions): string {
  const limit = options.maxBytes ?? DEFAULT_STATE_SIZE_LIMIT;
  let fd: number;
  try {
    if (options.root !== undefined && !isInside(options.root, file)) {
      throw new ConductorError('PATH_OUTSIDE', 'the execution state file is a link that leads out of the project', {
        where: shownAs,
        hint: 'a state file must be a file inside the project; remove the link (git rm) or restore the file',
      });
    }
    // A FIFO would block an open until someone writes to it, a device never ends: look first.
    const kind = statSync(file);
    if (!kind.isFile()) {
      throw corrupt(shownAs, 'it is not a regular file (a folder, FIFO, socket or device)');
    }
    if (kind.size > limit) throw tooLarge(shownAs, kind.size, limit);
    fd = openSync(file, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR'))
      throw new ConductorError('NOT_FOUND', `execution file not found: ${shownAs}`);
    throw error;
  }
  try {
    // The size is read again from what was opened: the file may have changed since the look.
    const size = fstatSync(fd).size;
    if (size > limit) throw tooLarge(shownAs, size, limit);
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const got = readSync(fd, buffer, read, size - read, read);
      if (got === 0) break;
      read += got;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function tooLarge(shownAs: string, size: number, limit: number): ConductorError {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return new ConductorError('TOO_LARGE', `the execution state is ${mb(size)}; at most ${mb(limit)} is read`, {
    where: shownAs,
    hint:
      'no real execution is that large: restore the file from version control, or raise stateSizeLimit in ' +
      'the config',
  });
}

function corrupt(shownAs: string, problem: string): ConductorError {
  return new ConductorError('CORRUPT_STATE', `execution state is unreadable: ${problem}; the file was left as it is`, {
    where: shownAs,
    hint: `restore it from version control (git checkout -- ${shellQuote(shownAs)}) or repair the JSON by hand`,
  });
}

/**
 * Brings an older state file up to the current schema in memory (it is written back in the
 * new shape by the next command that changes it), then checks every field. Version 0 is the
 * original conductor's format, which had no schemaVersion; version 1 differs from 2 only in
 * having no step history.
 */
function migrate(raw: unknown, shownAs: string, fileId: string | undefined): ExecutionContext {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw corrupt(shownAs, 'it is not a JSON object');
  const data = raw as Record<string, unknown>;
  const version = data.schemaVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw corrupt(shownAs, `schemaVersion: ${quote(version)} is not a version number`);
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
  const problem = stateProblem(state, fileId);
  if (problem) throw corrupt(shownAs, problem);
  const refused = (state as { mergeRefused?: ExecutionContext['mergeRefused'] }).mergeRefused;
  if (refused) {
    throw new ConductorError('UNMERGED', `git could not merge this execution state here: ${refused.reason}`, {
      where: shownAs,
      hint: refused.hint,
    });
  }
  // The plan's optional lists (dependencies, expected outputs) filled in, as for a plan file.
  return { ...state, plan: checkPlanShape(state.plan).plan } as unknown as ExecutionContext;
}

/** The first problem of a state, as `json.path: message`, or undefined when every field is right. */
export function stateProblem(state: unknown, fileId?: string): string | undefined {
  const steps = (state as { plan?: { steps?: unknown } } | null)?.plan?.steps;
  if (Array.isArray(steps) && steps.length > MAX_PLAN_STEPS)
    return `plan.steps: ${steps.length} steps; a plan may have at most ${MAX_PLAN_STEPS}`;
  const [first] = check(stateSchema, state);
  if (first) return first.path ? `${first.path}: ${first.message}${found(state, first.path)}` : first.message;
  return checkStateLinks(state as Parameters<typeof checkStateLinks>[0], fileId);
}

/** ` (found "exploded")`: the bad value, short, after the message. */
function found(state: unknown, at: string): string {
  let node: unknown = state;
  for (const key of at.match(/[^.[\]]+/g) ?? []) {
    if (typeof node !== 'object' || node === null) return '';
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined ? '' : ` (found ${quote(node, 40)})`;
}

export class ExecutionStore {
  constructor(
    readonly proofDir: string,
    /** The project root: paths in messages and in the state are relative to it. */
    readonly root: string,
    /** Bytes of a state file read at most (config `stateSizeLimit`). */
    readonly stateSizeLimit = DEFAULT_STATE_SIZE_LIMIT,
  ) {}

  file(id: string): string {
    return stateFile(this.proofDir, id);
  }

  /** Where the execution's prompts and transcripts go. */
  dir(id: string): string {
    return executionFolder(this.proofDir, id);
  }

  /**
   * The execution's folder, made when missing, for writing into. A folder that is a link (a
   * teammate can commit one) is refused: what is written there would land where it points.
   */
  folder(id: string): string {
    const dir = this.dir(id);
    ensureRealFolder(dir, this.root);
    return dir;
  }

  /**
   * Claims a fresh id by creating its folder (mkdir is atomic): two executions made in the
   * same millisecond here (with a fixed random part) get `…-3f9a1c` and `…-3f9a1c-2`.
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
    return readExecution(file, showPath(file, this.root), { id, root: this.root, maxBytes: this.stateSizeLimit });
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
    // A name that is no execution id (`execution-x;rm.json`) is not an execution: it is passed over.
    return names
      .map(idOfStateFile)
      .filter((id): id is string => id !== undefined && isExecutionId(id))
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
 * skipped yet. Unreadable ones are passed over; when none can be read, the first problem is the error.
 * With `orNewest`, a project whose executions are all done answers with the newest of them
 * (`next --json`: a script polling for ready steps gets "none" rather than an error).
 */
export function latestUnfinished(store: ExecutionStore, options: { orNewest?: boolean } = {}): string {
  const ids = store.list();
  let unreadable: ConductorError | undefined;
  for (const id of [...ids].reverse()) {
    try {
      if (executionStatus(store.read(id)) !== 'done') return id;
    } catch (error) {
      if (!isConductorError(error)) throw error;
      unreadable ??= error;
    }
  }
  // Not "every execution is done" when the newest could not even be read: say why.
  if (unreadable) throw unreadable;
  if (options.orNewest && ids.length > 0) return ids[ids.length - 1]!;
  throw new ConductorError(
    'NOT_FOUND',
    ids.length === 0 ? `no executions in ${showPath(store.proofDir, store.root)}/` : 'every execution is done',
    { remedies: [{ run: 'execute <planfile>', why: 'starts one' }] },
  );
}
