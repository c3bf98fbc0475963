/**
 * What a `conductor.config.ts` may import. Kept free of other imports but the list of agent
 * CLI names (itself import-free): inside a config file, `swarm-conductor` resolves to this
 * module, so loading the config stays cheap and works even when the package is installed globally.
 */
import type { Target } from '../targets/names.js';

/**
 * The agent CLIs prompts are written for, each a file in `src/targets/`. `copilot-delegate`:
 * GitHub Copilot CLI, whose session hands the work to the Copilot coding agent with `/delegate`,
 * which answers with a pull request.
 */
export { TARGETS, type Target } from '../targets/names.js';

export interface ConductorConfig {
  /** Folder(s) of agent profiles, relative to the config file. Default `agents`. */
  agentsDir?: string | string[];
  /** Folder searched for templates before the built-ins. Default `templates`. */
  templatesDir?: string;
  /** Where executions, prompts and transcripts live. Default `proof`. */
  proofDir?: string;
  /** Where `plan` writes plans. Default `<proofDir>/plans`. */
  plansDir?: string;
  /** Replaces the default hard rules. */
  hardRules?: string[];
  /** Appended to the hard rules. */
  extraHardRules?: string[];
  /** Appended to every agent's refusal rules. */
  refusalRules?: string[];
  /** The agent CLI the prompts are written for: changes the session-closure instructions. */
  target?: Target;
  /** Characters of prior-step context included in each prompt. */
  contextBudget?: number;
  /** Characters of an agent's body included in a prompt; a longer body is shortened by whole sections. */
  agentBodyBudget?: number;
  /**
   * Sections of agent bodies left out of session prompts: a heading and everything under it, up
   * to the next heading of its level or above. Each entry is a heading's text (case-insensitive)
   * or `/regex/flags` tested on it. A list applies to every agent; an object maps an agent's name
   * (or `"*"`, every agent) to its list: `{ "*": ["Communication Protocol"], analyst: ["/activation/i"] }`.
   * `agents validate` names the sections that would take over a session; `prompt --explain` shows what was left out.
   */
  agentBodyExclude?: string[] | Record<string, string[]>;
  /** What an agent is responsible for, when its profile sets no `scope`. */
  defaultScope?: string[];
  /** What an agent must not do, when its profile sets no `boundaries`. */
  defaultBoundaries?: string[];
  /** When an agent may say "done", when its profile sets no `doneDefinition`. */
  defaultDoneDefinition?: string[];
  /** When an agent stops and asks, when its profile sets no `refusalRules`. */
  defaultRefusalRules?: string[];
  /** Who an issue made by `delegate` is assigned to when `gh agent-task` is not there. Default `Copilot`. */
  delegateAssignee?: string;
  /**
   * Where `verify --find` and `complete --transcript auto` look for the agent CLIs' own session
   * logs. Defaults: `~/.claude/projects`, `~/.codex/sessions` (or `$CODEX_HOME/sessions`),
   * `~/.copilot/session-state`, `~/.gemini/tmp`. `~` is the home folder; a relative path starts
   * at the project.
   */
  sessionFolders?: SessionFolderSettings;
  /**
   * The agent CLI `run` starts on a step: `claude`, `copilot`, `codex`, or a command line of your
   * own (`{prompt}`, `{promptFile}` and `{transcript}` are filled in). `run --agent` overrides it.
   */
  agentCommand?: string;
  /** Bytes of an execution state file read at most; a larger one is refused unread. Default 64 MiB. */
  stateSizeLimit?: number;
  /**
   * What `complete --verify` does when the step's done definition is unmet (a failing test run,
   * a missing expected output): `warn` (default) completes it with a note; `refuse` refuses it
   * (exit 3) as a contradicted claim is refused.
   */
  unmetDoneDefinition?: 'warn' | 'refuse';
  /** Seconds one `gh` call may take before it is stopped (sync, delegate). Default 60. */
  ghTimeout?: number;
  /** `run --headless`: the limits and permissions of the agent CLIs it starts, and where their worktrees go. */
  headless?: HeadlessSettings;
}

/** The agent CLIs with a headless mode (`run --headless --agent <name>`). */
export type HeadlessAgent = 'claude' | 'codex' | 'copilot' | 'gemini' | 'opencode';

export interface HeadlessSettings {
  /** Seconds one step's agent CLI may run before its process group is stopped and the step fails. Default 1800. */
  timeoutSeconds?: number;
  /** The agent CLI's own turn limit (`claude --max-turns`, `copilot --max-autopilot-continues`), where it has one. */
  maxTurns?: number;
  /** The agent CLI's own spending limit in US dollars (`claude --max-budget-usd`), where it has one. */
  maxBudgetUsd?: number;
  /**
   * Permission flags given to an agent CLI instead of the safest ones that let it edit its worktree
   * (`claude: ['--permission-mode', 'acceptEdits', '--allowedTools', 'Bash(npm test)']`), by its name.
   */
  permissions?: { [K in HeadlessAgent]?: string[] };
  /** Where the steps' git worktrees go, relative to the repository's top folder. Default `.conductor/worktrees`. */
  worktreesDir?: string;
  /**
   * What happens to a step whose claims the transcript neither backs nor contradicts: `stop`
   * (default: it fails, unmerged, and no new step starts) or `accept` (it is completed and merged).
   * `run --headless --accept unconfirmed` and `--stop-on unconfirmed` override it.
   */
  unconfirmed?: 'stop' | 'accept';
}

export const DEFAULT_HEADLESS_TIMEOUT_SECONDS = 1800;
export const DEFAULT_WORKTREES_DIR = '.conductor/worktrees';

export const DEFAULT_HARD_RULES: readonly string[] = [
  'Do not invent features, flags, APIs or tool behaviour. Use only what the code, its documentation or a ' +
    "command's own --help shows.",
  'When you are uncertain, say so plainly and say how it can be verified.',
  'Never claim that tests passed unless you ran them in this session and show the command and its output.',
  'Never say "done" unless every required artifact listed in this prompt exists.',
  'Prefer small, reviewable changes over large rewrites.',
];

export const DEFAULT_CONTEXT_BUDGET = 8000;

/** Far above any real execution's state file; a larger one is a mistake or an attack, refused unread. */
export const DEFAULT_STATE_SIZE_LIMIT = 64 * 1024 * 1024;

/** Most public agent bodies are under 8,000 characters; the longest (12,000 and more) get shortened. */
export const DEFAULT_AGENT_BODY_BUDGET = 8000;

/**
 * The sections a profile may leave out, as every prompt still has them. Agent files written for
 * the agent CLIs (Claude Code, Copilot) have none of these fields; the prompt marks these as
 * defaults.
 */
export const DEFAULT_SECTIONS = {
  scope: ['The task of this step, and the code, tests and documentation it directly needs'],
  boundaries: [
    'Do not change code, configuration or documentation the task does not need; mention what else you noticed instead',
    'Do not do the work of the other steps of this plan; they are listed in this prompt',
    'Do not add dependencies, services or tools without asking first',
    'Do not weaken tests, validation or security checks to make something pass',
  ],
  doneDefinition: [
    'The task is done as stated and every expected output of this step exists',
    'The tests that cover the change were run in this session, and the command and its output are shown',
    'Anything left undone is named as open in the final message',
  ],
  refusalRules: [
    'Stop and ask when the task is ambiguous and a wrong guess would be costly to undo',
    'Stop and ask before deleting data, rewriting git history or changing anything outside this repository',
    'Stop and ask when the task needs work outside your role',
  ],
} as const satisfies Record<string, readonly string[]>;

/** Identity function that gives a config file its types. */
export function defineConfig(config: ConductorConfig): ConductorConfig {
  return config;
}

/** Where each agent CLI keeps its sessions, by its name in `src/targets/`. */
export interface SessionFolderSettings {
  claude?: string;
  codex?: string;
  copilot?: string;
  gemini?: string;
}
