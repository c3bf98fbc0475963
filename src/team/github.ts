/**
 * Handing steps to GitHub and reading back what came of them, through the GitHub CLI:
 * `delegate` makes a Copilot coding-agent task from a step's prompt (`gh agent-task create
 * --from-file -`), or, where gh has no agent-task command, an issue with the prompt as its body
 * assigned to the coding agent; `sync` asks about every recorded pull request and settles its
 * step. Every call can be shown instead of made (`dryRun`).
 *
 * The prompt goes to gh on standard input as `prompt` prints it: the prompt file's first lines
 * are comments for the person (how to record the step), which the coding agent must not read
 * as part of its task.
 */
import { ConductorError } from '../errors.js';
import type { StepRunner } from '../step-runner.js';
import * as transitions from '../state/transitions.js';
import type { ExecutionContext, StepResult } from '../types.js';
import { truncate } from '../util/text.js';
import {
  type GhContext,
  gh,
  ghFailed,
  PR_FIELDS,
  pullRequestOfTask,
  pullRequestSeen,
  repositoryOfPullRequest,
  urlIn,
} from './gh.js';

export interface DelegateResult {
  executionId: string;
  stepNumber: number;
  /** The gh commands run (or, with dryRun, that would run; the second only when the first is missing). */
  commands: string[][];
  /** The prompt file whose text (without its header comments) gh was given on standard input. */
  promptPath: string;
  /** The target the prompt was written for (copilot-delegate words its closing for the coding agent). */
  target: string;
  via?: 'agent-task' | 'issue';
  url?: string;
  /** The coding agent's pull request, when gh named it (it opens one as it starts); recorded on the step. */
  pr?: string;
}

/** gh without the agent-task command (older than the one that brought it). */
const NO_AGENT_TASK = /unknown command "agent-task"|agent-task.*(?:not found|unknown)|not a gh command/i;

export async function delegateStep(
  runner: StepRunner,
  id: string,
  stepNumber: number,
  options: GhContext & { dryRun: boolean; force?: boolean; now: () => string },
): Promise<DelegateResult> {
  const executionId = runner.store.resolve(id);
  const before = runner.loadExecutionContext(executionId);
  // Refused before anything reaches GitHub: a step that is not ready or running cannot be handed on.
  transitions.recordDelegation(
    before,
    stepNumber,
    { via: 'issue', url: '', at: options.now() },
    { now: options.now(), force: options.force ?? false },
  );
  const prompt = await runner.prompt(executionId, stepNumber);
  const task = transitions.planStepOf(before, stepNumber).task.split('\n')[0]!;
  const title = `${executionId} step ${stepNumber}: ${truncate(task, 70)}`;
  const primary = ['agent-task', 'create', '--from-file', '-'];
  // Values from data go in `--flag=value` form: a title that starts with "-" stays a title.
  const fallback = [
    'issue',
    'create',
    `--title=${title}`,
    '--body-file',
    '-',
    `--assignee=${runner.config.delegateAssignee}`,
  ];
  const shown = { executionId, stepNumber, promptPath: prompt.promptPath, target: runner.config.target };
  if (options.dryRun) return { ...shown, commands: [primary, fallback] };
  let via: 'agent-task' | 'issue' = 'agent-task';
  let result = gh(primary, options, prompt.text);
  const commands = [primary];
  if (result.code !== 0 && NO_AGENT_TASK.test(result.stderr + result.stdout)) {
    via = 'issue';
    commands.push(fallback);
    result = gh(fallback, options, prompt.text);
  }
  if (result.code !== 0) throw ghFailed(commands[commands.length - 1]!, result);
  const url = urlIn(result.stdout);
  if (!url) {
    throw new ConductorError(
      'EXTERNAL',
      `gh ${via === 'issue' ? 'issue create' : 'agent-task create'} printed no URL`,
      {
        hint: 'look for the new task on GitHub and record its pull request with complete --pr',
      },
    );
  }
  const pr = via === 'agent-task' ? pullRequestOfTask(url) : undefined;
  try {
    await runner.applyAction(executionId, stepNumber, {
      kind: 'delegated',
      delegation: { via, url, at: options.now() },
      ...(pr && { pr }),
      force: options.force ?? false,
    });
  } catch (error) {
    // The step changed while gh was working (another command recorded it): the task exists all the same.
    if (!(error instanceof ConductorError)) throw error;
    throw new ConductorError(error.code, `${error.message}; GitHub has the task already: ${url}`, {
      hint: 'close it on GitHub, or record its pull request with complete --pr when it is open',
    });
  }
  return { ...shown, commands, via, url, ...(pr && { pr }) };
}

export interface SyncedStep {
  stepNumber: number;
  url: string;
  seen?: NonNullable<NonNullable<StepResult['pr']>['seen']>;
  /** The step's status after the sync. */
  status?: StepResult['status'];
  /** Why this step's pull request could not be read or settled (the others went on), and what to do. */
  error?: string;
  hint?: string;
  /** The pull request is of another repository than this clone's `origin`. */
  otherRepository?: string;
}

export interface SyncResult {
  executionId: string;
  commands: string[][];
  steps: SyncedStep[];
}

/** The steps whose pull request can still settle them: recorded, and not finished yet. */
function awaiting(state: ExecutionContext): StepResult[] {
  return state.stepResults.filter(
    (result) => result.pr && (result.status === 'running' || result.status === 'pending'),
  );
}

/**
 * `sync`: every step waiting on a pull request, one at a time and each on its own: a gh that
 * fails, hangs (stopped after the timeout) or answers what it should not leaves that step as it
 * was and is reported; the others are still settled.
 */
export async function syncPullRequests(
  runner: StepRunner,
  id: string,
  options: GhContext & { dryRun: boolean; now: () => string; origin?: string | undefined },
): Promise<SyncResult> {
  const executionId = runner.store.resolve(id);
  const state = runner.loadExecutionContext(executionId);
  const steps: SyncedStep[] = [];
  const commands: string[][] = [];
  for (const result of awaiting(state)) {
    const url = result.pr!.url;
    // `--` ends gh's options: the address is an argument whatever it holds.
    const args = ['pr', 'view', '--json', PR_FIELDS, '--', url];
    commands.push(args);
    const repository = repositoryOfPullRequest(url);
    const other = options.origin && repository && repository !== options.origin ? { otherRepository: repository } : {};
    if (options.dryRun) {
      steps.push({ stepNumber: result.stepNumber, url, ...other });
      continue;
    }
    try {
      const answer = gh(args, options);
      if (answer.code !== 0) throw ghFailed(args, answer);
      const seen = pullRequestSeen(answer.stdout, options.now());
      const after = await runner.applyAction(executionId, result.stepNumber, { kind: 'pull-request-seen', seen });
      steps.push({
        stepNumber: result.stepNumber,
        url,
        seen,
        status: transitions.resultOf(after.state, result.stepNumber).status,
        ...other,
      });
    } catch (error) {
      if (!(error instanceof ConductorError)) throw error;
      const hint = error.hint ? { hint: error.hint } : {};
      steps.push({ stepNumber: result.stepNumber, url, error: error.message, ...hint, ...other });
    }
  }
  return { executionId, commands, steps };
}
