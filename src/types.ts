/** The data the conductor works on. Plain JSON-shaped values: they are what the files hold. */

/**
 * Environment variables as a command sees them (`process.env` fits). Declared here, not as
 * `NodeJS.ProcessEnv`, so the published types need no @types/node in the project that uses them.
 */
export type Env = Record<string, string | undefined>;

export interface PlanStep {
  stepNumber: number;
  agentName: string;
  task: string;
  dependencies: number[];
  expectedOutputs: string[];
  /** Why `plan` gave the step to this agent: the words that routed it. */
  why?: string;
}

export interface ExecutionPlan {
  /** JSON Schema reference written by `plan`; ignored when reading. */
  $schema?: string;
  goal: string;
  createdAt?: string;
  steps: PlanStep[];
}

export interface AgentProfile {
  name: string;
  /** Lower-case name with every run of other characters turned into one `-`: used in file names. */
  slug: string;
  description: string;
  scope: string[];
  boundaries: string[];
  doneDefinition: string[];
  outputs: string[];
  refusalRules: string[];
  keywords: string[];
  /** Every other front matter key (tools, model, color, mcp-servers, …), as written. */
  meta: Record<string, unknown>;
  /** The markdown after the front matter. */
  body: string;
  /** Absolute path of the file it came from, or `builtin:<name>` for the shipped profiles. */
  file: string;
}

export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';

export interface StepResult {
  stepNumber: number;
  agentName: string;
  status: StepStatus;
  startTime?: string;
  endTime?: string;
  outputs?: string[];
  /** Errors of every failed attempt, oldest first; kept after `retry` so the next prompt shows them. */
  errors?: string[];
  /** Project-relative path of the session transcript. */
  transcriptPath?: string;
  /** Project-relative path of the rendered prompt. */
  promptPath?: string;
  /** How many times `retry` sent the step back to pending. */
  retries?: number;
  /** Why the step was skipped. */
  reason?: string;
  /** Set when a transition was forced past unfinished dependencies: which ones. */
  forced?: { action: 'start' | 'complete'; unfinished: number[]; at: string }[];
  /** Earlier attempts, oldest first: what each one ended as when `retry` or `reopen` sent the step back. */
  history?: StepAttempt[];
  /** What `verify` (or `complete --verify`) found in the step's transcript, the last time it ran. */
  verification?: StepVerification;
  /** When each thing happened to the step, oldest first: when it became ready, and every transition. */
  events?: StepEvent[];
  /** The pull request that carries the step's work (`complete --pr`), and what `sync` last saw of it. */
  pr?: StepPullRequest;
  /** Where the step was handed to GitHub's coding agent (`delegate`). */
  delegation?: { via: 'agent-task' | 'issue'; url: string; at: string };
  /** Set by the merge driver when two clones recorded different results for the step; `resolve` settles it. */
  conflict?: { ours: StepResult; theirs: StepResult; at: string };
  /** Where and how `run --headless` ran the step: its branch, worktree, time and what the stream says it cost. */
  headless?: StepHeadless;
}

/** A step `run --headless` ran: an agent CLI in a git worktree of its own, on a branch of its own. */
export interface StepHeadless {
  /** The agent CLI: its name (`claude`), or the program of a command line of your own. */
  agent: string;
  /** The step's branch, `conductor/<execution>/step-<n>`. */
  branch: string;
  /** The branch it merges into: the one checked out when the run started. */
  into: string;
  /** The worktree it ran in: relative to the project when inside it (forward slashes), else absolute. */
  worktree: string;
  /** ISO times the agent CLI started and stopped. */
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  /** When Ctrl-C (or a run that stopped) sent it back to pending. */
  interruptedAt?: string;
  /** What the agent's stream says the run took, when it says. */
  usage?: { inputTokens?: number; outputTokens?: number; costUsd?: number; turns?: number };
  /** The merge commit on `into`, once merged. */
  merged?: string;
}

export interface StepPullRequest {
  url: string;
  recordedAt: string;
  /** What `sync` saw the last time it asked GitHub. */
  seen?: {
    state: 'OPEN' | 'CLOSED' | 'MERGED';
    mergedAt?: string;
    checks: 'passing' | 'failing' | 'pending' | 'none';
    /** The checks that failed, by name. */
    failing?: string[];
    at: string;
  };
}

export interface StepEvent {
  action: 'ready' | 'start' | 'complete' | 'fail' | 'retry' | 'reopen' | 'skip' | 'interrupt';
  /** ISO time. */
  at: string;
}

/** A verdict as the state keeps it: enough for `status`; `verify` prints the whole of it. */
export interface StepVerification {
  verdict: 'verified' | 'unconfirmed' | 'contradicted';
  /** When it was judged (ISO). */
  at: string;
  /** Project-relative path of the transcript it was judged from. */
  transcriptPath: string;
  /** The transcript's format (`claude-jsonl`, `copilot-share`, …). */
  format: string;
  claims: { backed: number; contradicted: number; unverifiable: number };
  checklist: { met: number; unmet: number; unknown: number };
  /** Why it is contradicted, at most five lines. */
  reasons: string[];
  /** What the done definition lacks (an unmet item, a missing output), at most five lines. */
  lacking?: string[];
  /** The last test run in each folder: how many, and whether all of them passed. */
  tests?: { runs: number; ok: boolean | undefined; passed?: number; failed?: number };
  /** `complete --verify --force` completed the step although the verdict was contradicted. */
  overridden?: boolean;
}

/** One earlier attempt of a step, kept with its own (renamed) prompt and transcript files. */
export interface StepAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  /** How that attempt ended (`running`: set aside by `resolve` while it was under way). */
  status: 'completed' | 'failed' | 'skipped' | 'running';
  /** What ended it: `retry` or `reopen` sent the step back; `resolve` set this result aside for the other side's. */
  action: 'retry' | 'reopen' | 'resolve';
  at: string;
  startTime?: string;
  endTime?: string;
  outputs?: string[];
  /** The errors of that attempt (a failed one). */
  errors?: string[];
  reason?: string;
  /** Project-relative paths of that attempt's prompt and transcript (`….attempt-1.prompt.md`). */
  promptPath?: string;
  transcriptPath?: string;
  /** The verdict `verify` gave that attempt, its pull request and where it was delegated. */
  verdict?: StepVerification['verdict'];
  pullRequest?: string;
  delegated?: string;
}

/**
 * 1: the first format. 2: steps gain `history` (retry and reopen keep earlier attempts). 3: steps
 * gain `verification`. 4: steps gain `events` (when each became ready and each transition). 5:
 * steps gain `pr`, `delegation` and `conflict` (teams). 6: attempts set aside by `resolve`
 * (`action: "resolve"`), the verdict's `lacking`, and `mergeRefused` (a merge git could not make
 * here). 7: steps gain `headless` (run --headless: branch, worktree, duration, usage) and the
 * `interrupt` event. An older file is read as it is (it simply lacks them) and written back as the
 * current version by the next command that changes it.
 */
export const SCHEMA_VERSION = 7;

export interface ExecutionContext {
  schemaVersion: number;
  plan: ExecutionPlan;
  /** Project-relative path of the plan file the execution was made from. */
  planFilename: string;
  executionId: string;
  startTime: string;
  /** Set when every step is completed or skipped. */
  endTime?: string;
  /** The next step to work on: the first ready step in execution order, 0 when there is none. */
  currentStep: number;
  stepResults: StepResult[];
  /** One line per completed or skipped step, in the order they finished. */
  priorContext: string[];
  /**
   * Written by the merge driver into the file git leaves unmerged, when it refused to merge it
   * (the other side is newer, unreadable, or edited the plan): every command refuses the file
   * until the merge is settled, and says how.
   */
  mergeRefused?: { reason: string; hint: string; at: string };
}
