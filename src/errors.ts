/**
 * The one error type a user can cause. Commands throw it; only the bin prints it and exits.
 *
 * `where` is the place (file:line, a config key, a step) and `hint` says what to do, in words that
 * hold for any program using the library. What the command line adds — a command to run, a flag
 * to pass — is data in `remedies`, worded by the CLI (src/cli/output.ts), which knows how the
 * person types the program. The exit code follows from the code: input problems are 2, failures
 * while working are 1, a step whose evidence contradicts its claims is 3.
 */
export type ErrorCode =
  | 'USAGE' // bad arguments
  | 'INVALID_FILE' // a plan, agent, config or template file that cannot be used
  | 'INVALID_CONFIG'
  | 'NOT_FOUND' // unknown execution id, step, agent, file
  | 'AMBIGUOUS' // a prefix or a name that matches more than one thing
  | 'TRANSITION' // a state change the step's status does not allow
  | 'BLOCKED' // dependencies not done
  | 'PATH_OUTSIDE' // a path that leaves the project
  | 'CORRUPT_STATE' // an execution file that cannot be read back
  | 'FUTURE_STATE' // an execution file written by a newer version
  | 'UNMERGED' // an execution file whose merge the driver refused, still to be settled
  | 'TEMPLATE' // a template that fails to compile or render
  | 'TOO_LARGE' // an input over a documented limit
  | 'LOCKED' // could not get the execution's lock in time
  | 'CONTRADICTED' // a step's transcript contradicts what it claims (exit 3)
  | 'EXTERNAL' // a program the conductor runs (gh, git) failed or is missing (exit 1)
  | 'IO'; // the disk said no

const EXIT_ONE: ReadonlySet<ErrorCode> = new Set(['LOCKED', 'IO', 'EXTERNAL']);

/**
 * A move on the command line that would help: a command to run (`run: 'agents list'`, the
 * program's name left out), a flag to pass (`flag: 'force'`), or one to leave out.
 */
export type Remedy = { run: string; why?: string } | { flag: string; why: string } | { omit: string; why?: string };

export interface ConductorErrorOptions {
  where?: string;
  hint?: string;
  remedies?: Remedy[];
  cause?: unknown;
}

export class ConductorError extends Error {
  readonly code: ErrorCode;
  readonly where: string | undefined;
  readonly hint: string | undefined;
  readonly remedies: readonly Remedy[];

  constructor(code: ErrorCode, message: string, options: ConductorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConductorError';
    this.code = code;
    this.where = options.where;
    this.hint = options.hint;
    this.remedies = options.remedies ?? [];
  }

  get exitCode(): 1 | 2 | 3 {
    if (this.code === 'CONTRADICTED') return 3;
    return EXIT_ONE.has(this.code) ? 1 : 2;
  }
}

export function isConductorError(error: unknown): error is ConductorError {
  return error instanceof ConductorError;
}

/**
 * A Node system error, as far as this package reads one: the fields of `NodeJS.ErrnoException`,
 * declared here so the published types need no @types/node.
 */
export interface SystemError extends Error {
  code?: string;
  errno?: number;
  path?: string;
  syscall?: string;
}

/** True for a Node system error with the given code (ENOENT, EEXIST, …). */
export function isErrno(error: unknown, code: string): error is SystemError {
  return error instanceof Error && (error as SystemError).code === code;
}

const SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EFBIG: 'the file would be larger than the file-size limit allows',
  EDQUOT: 'the disk quota is used up',
  EIO: 'the device reported an input/output error',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'the file is busy',
};

/** A disk error the user can act on, as a ConductorError naming the path; undefined for anything else. */
export function fromSystemError(error: unknown): ConductorError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path: file } = error as SystemError;
  const reason = code ? SYSTEM_REASONS[code] : undefined;
  if (!reason) return undefined;
  return new ConductorError('IO', `${reason} (${code})`, {
    where: file,
    hint: 'check the path and its permissions, then run the command again',
    cause: error,
  });
}
