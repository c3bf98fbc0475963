/**
 * The GitHub CLI, run for the person: found on PATH, never through a shell. Its absence and a
 * missing login are one-line errors; what it answers in `--json` is read here.
 */
import { spawnSync } from 'node:child_process';
import * as v from 'valibot';
import { ConductorError } from '../errors.js';
import { check, objectOf } from '../util/schema-issues.js';
import { isIsoTime, PULL_REQUEST_URL } from '../state/schema.js';
import type { Env, StepPullRequest } from '../types.js';

export interface GhContext {
  cwd: string;
  env: Env;
  /** How long one gh call may take (config `ghTimeout`, seconds); a gh that never answers is stopped. */
  timeoutSeconds?: number;
}

/** One minute: gh answers in seconds; a hung network or an auth prompt should not hold a command forever. */
export const DEFAULT_GH_TIMEOUT_SECONDS = 60;

export interface GhResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `gh <args>`, given `input` on standard input; throws EXTERNAL when gh is not there or not logged in. */
export function gh(args: readonly string[], context: GhContext, input?: string): GhResult {
  const seconds = context.timeoutSeconds ?? DEFAULT_GH_TIMEOUT_SECONDS;
  const result = spawnSync('gh', args, {
    cwd: context.cwd,
    env: context.env,
    encoding: 'utf8',
    timeout: seconds * 1000,
    killSignal: 'SIGKILL',
    ...(input === undefined ? {} : { input }),
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConductorError('EXTERNAL', 'gh (the GitHub CLI) is not on PATH', {
        hint: 'install it from https://cli.github.com and log in with gh auth login',
      });
    }
    if (code === 'ETIMEDOUT') {
      throw new ConductorError('EXTERNAL', `gh ${args.slice(0, 2).join(' ')} did not answer within ${seconds} s`, {
        hint: 'check the network and gh auth status; ghTimeout in the config gives gh longer',
      });
    }
    throw result.error;
  }
  const out = { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  if (out.code !== 0 && /gh auth login|not logged in|authentication required|HTTP 401/i.test(out.stderr)) {
    throw new ConductorError('EXTERNAL', 'gh is not logged in to GitHub', {
      hint: 'run gh auth login, then try again',
    });
  }
  return out;
}

/** A failed gh call as the error to show: the command and gh's own first line. */
export function ghFailed(args: readonly string[], result: GhResult): ConductorError {
  const first = (result.stderr || result.stdout).split('\n').find((line) => line.trim()) ?? `exit ${result.code}`;
  return new ConductorError('EXTERNAL', `gh ${args.slice(0, 2).join(' ')} failed: ${first.trim()}`, {
    hint: 'run the command yourself to see the whole message (--dry-run prints it)',
  });
}

/** The last https URL gh printed (the task, issue or pull request it made). */
export function urlIn(output: string): string | undefined {
  return output.match(/https:\/\/\S+/g)?.pop();
}

export const PR_FIELDS = 'state,mergedAt,statusCheckRollup,url';

export function isPullRequestUrl(text: string): boolean {
  return PULL_REQUEST_URL.test(text);
}

/** `owner/repo` of a pull request address, lower-cased (GitHub's names are case-insensitive). */
export function repositoryOfPullRequest(url: string): string | undefined {
  const match = /^https:\/\/[^/\s]+\/([^/\s]+)\/([^/\s]+)\/pull\/\d+/.exec(url);
  return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}

/** `owner/repo` of a git remote address (`git@github.com:o/r.git`, `https://github.com/o/r`, `ssh://…/o/r`). */
export function repositoryOfRemote(remote: string): string | undefined {
  // A local path or file:// remote names no hosted repository.
  if (!/^(?:(?:https?|ssh|git):\/\/|[\w.-]+@[\w.-]+:)/.test(remote.trim())) return undefined;
  const match = /[:/]([^/:\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(remote.trim());
  return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}

/**
 * What `gh agent-task create` prints once the coding agent has opened its pull request:
 * `https://github.com/<owner>/<repo>/pull/<n>/agent-sessions/<session-id>` (or the pull request's
 * own URL). Without a pull request within gh's wait it prints `job <id> queued. View progress: <url>`.
 */
export function pullRequestOfTask(url: string): string | undefined {
  const pr = url.replace(/\/agent-sessions\/[^/\s]+\/?$/, '');
  return isPullRequestUrl(pr) ? pr.replace(/\/$/, '') : undefined;
}

interface CheckEntry {
  __typename?: string | null;
  name?: string | null;
  context?: string | null;
  status?: string | null;
  conclusion?: string | null;
  state?: string | null;
}

const GREEN = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);
const RED = new Set(['FAILURE', 'ERROR', 'CANCELLED', 'TIMED_OUT', 'ACTION_REQUIRED', 'STARTUP_FAILURE']);

/** What gh answers for a pull request: checked before any of it is believed (a gh of another version, a proxy). */
const CHECK_FIELD = v.optional(v.nullable(v.string()));
const prAnswerSchema = objectOf(
  {
    state: v.pipe(v.string('is missing'), v.regex(/^(open|closed|merged)$/i, 'is not OPEN, CLOSED or MERGED')),
    mergedAt: v.optional(v.nullable(v.string('must be a time'))),
    url: v.optional(v.string('must be a string')),
    statusCheckRollup: v.optional(
      v.nullable(
        v.array(
          objectOf(
            {
              __typename: CHECK_FIELD,
              name: CHECK_FIELD,
              context: CHECK_FIELD,
              status: CHECK_FIELD,
              conclusion: CHECK_FIELD,
              state: CHECK_FIELD,
            },
            'must be a check (an object)',
          ),
          'must be a list of checks',
        ),
      ),
    ),
  },
  'must be an object',
);

/** What `gh pr view --json state,mergedAt,statusCheckRollup,url` says, as the step keeps it. */
export function pullRequestSeen(json: string, at: string): NonNullable<StepPullRequest['seen']> {
  let answer: unknown;
  try {
    answer = JSON.parse(json);
  } catch {
    throw new ConductorError('EXTERNAL', 'gh pr view did not answer with JSON', { hint: 'update gh (gh --version)' });
  }
  const [problem] = check(prAnswerSchema, answer);
  if (problem) {
    throw new ConductorError(
      'EXTERNAL',
      `gh pr view answered JSON this version does not read (${problem.path || 'the answer'}: ${problem.message})`,
      { hint: 'update gh (gh --version), or look at the pull request on GitHub' },
    );
  }
  const data = answer as { state: string; mergedAt?: string | null; statusCheckRollup?: CheckEntry[] | null };
  const upper = data.state.toUpperCase();
  const mergedAt = data.mergedAt && isIsoTime(data.mergedAt) ? data.mergedAt : undefined;
  const state = upper === 'MERGED' || upper === 'CLOSED' ? upper : 'OPEN';
  const checks = data.statusCheckRollup ?? [];
  const outcome = (entry: CheckEntry) =>
    (entry.__typename === 'StatusContext' || (entry.state !== undefined && entry.state !== null)
      ? (entry.state ?? 'PENDING')
      : entry.status?.toUpperCase() === 'COMPLETED'
        ? (entry.conclusion ?? 'PENDING')
        : 'PENDING'
    ).toUpperCase();
  const failing = checks
    .filter((entry) => RED.has(outcome(entry)))
    .map((entry) => entry.name ?? entry.context ?? 'a check');
  const verdict =
    checks.length === 0
      ? 'none'
      : failing.length > 0
        ? 'failing'
        : checks.every((entry) => GREEN.has(outcome(entry)))
          ? 'passing'
          : 'pending';
  return {
    state,
    ...(mergedAt ? { mergedAt } : {}),
    checks: verdict,
    ...(failing.length > 0 ? { failing } : {}),
    at,
  };
}
