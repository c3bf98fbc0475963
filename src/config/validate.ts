import os from 'node:os';
import path from 'node:path';
import { isInside } from '../util/fs.js';
import { type BodyExcludeRule, excludeRules } from '../agents/exclude.js';
import { closest } from '../util/text.js';
import { configEntries } from './schema.js';
import { check } from '../util/schema-issues.js';
import {
  type ConductorConfig,
  DEFAULT_AGENT_BODY_BUDGET,
  DEFAULT_CONTEXT_BUDGET,
  DEFAULT_HARD_RULES,
  DEFAULT_SECTIONS,
  DEFAULT_STATE_SIZE_LIMIT,
  DEFAULT_HEADLESS_TIMEOUT_SECONDS,
  DEFAULT_WORKTREES_DIR,
  type HeadlessSettings,
  type SessionFolderSettings,
  type Target,
} from './define.js';

/** The config as commands use it: every default applied, every path absolute. */
export interface ResolvedConfig {
  /** The project root: the config file's folder, or the working folder when there is none. */
  root: string;
  /** The config file that was loaded, if any. */
  configFile: string | undefined;
  agentsDirs: string[];
  /** False when `agentsDir` was not set: a missing default folder then means "use the built-ins". */
  agentsDirConfigured: boolean;
  templatesDir: string;
  proofDir: string;
  plansDir: string;
  hardRules: string[];
  refusalRules: string[];
  target: Target;
  contextBudget: number;
  agentBodyBudget: number;
  /** `agentBodyExclude`, one rule per entry, in the order written. */
  agentBodyExclude: BodyExcludeRule[];
  /** Bytes of a state file read at most. */
  stateSizeLimit: number;
  unmetDoneDefinition: 'warn' | 'refuse';
  /** Seconds one gh call may take. */
  ghTimeout: number;
  /** Who `delegate` assigns an issue to. */
  delegateAssignee: string;
  /** The agent CLI `run` starts, when the config names one. */
  agentCommand: string | undefined;
  /** Session folders set in the config (absolute); the rest are the agent CLIs' defaults. */
  sessionFolders: SessionFolderSettings;
  /** `run --headless`: timeout, the agent CLIs' own limits, permission flags by CLI, worktrees folder, policy. */
  headless: ResolvedHeadless;
  /** What a prompt shows for a section the agent's profile leaves empty. */
  defaults: { scope: string[]; boundaries: string[]; doneDefinition: string[]; refusalRules: string[] };
}

export interface ResolvedHeadless {
  timeoutSeconds: number;
  maxTurns: number | undefined;
  maxBudgetUsd: number | undefined;
  permissions: NonNullable<HeadlessSettings['permissions']>;
  /** Relative to the repository's top folder (or absolute). */
  worktreesDir: string;
  unconfirmed: 'stop' | 'accept';
}

export interface ConfigValidation {
  value: ConductorConfig;
  warnings: string[];
  /** `key: message` */
  errors: string[];
}

/** The settings a config may hold, in the order the docs list them. */
export const CONFIG_KEYS = Object.keys(configEntries).filter((key) => key !== '$schema') as (keyof ConductorConfig)[];

/** Checks a loaded config object. Unknown keys warn (with the closest valid key); bad values are errors. */
export function validateConfig(raw: unknown): ConfigValidation {
  const warnings: string[] = [];
  const errors: string[] = [];
  if (raw === null || raw === undefined) return { value: {}, warnings, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      value: {},
      warnings,
      errors: ['(config): must be an object of settings, e.g. export default defineConfig({ target: "claude" })'],
    };
  }
  const value: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(raw)) {
    // Object.hasOwn: "valueOf" is not a setting.
    const schema = Object.hasOwn(configEntries, key) ? configEntries[key as keyof typeof configEntries] : undefined;
    if (!schema) {
      const suggestion = closest(key, CONFIG_KEYS);
      warnings.push(
        `${key}: unknown key, ` +
          `ignored${suggestion ? ` — did you mean "${suggestion}"?` : ` (valid keys: ${CONFIG_KEYS.join(', ')})`}`,
      );
      continue;
    }
    if (entry === undefined) continue;
    const [problem] = check(schema, entry);
    if (problem) errors.push(`${key}: ${problem.message}`);
    else if (key !== '$schema') value[key] = entry;
  }
  if (value.hardRules !== undefined && (value.hardRules as string[]).length === 0) {
    warnings.push('hardRules: an empty list removes every hard rule from the prompts');
  }
  return { value: value as ConductorConfig, warnings, errors };
}

/** Applies defaults and resolves folders against the project root. Pure. */
export function resolveConfig(config: ConductorConfig, root: string, configFile?: string): ResolvedConfig {
  const at = (dir: string) => path.resolve(root, dir);
  const agentsDirs = config.agentsDir === undefined ? ['agents'] : [config.agentsDir].flat();
  const proofDir = at(config.proofDir ?? 'proof');
  return {
    root,
    configFile,
    agentsDirs: agentsDirs.map(at),
    agentsDirConfigured: config.agentsDir !== undefined,
    templatesDir: at(config.templatesDir ?? 'templates'),
    proofDir,
    plansDir: config.plansDir === undefined ? path.join(proofDir, 'plans') : at(config.plansDir),
    hardRules: [...(config.hardRules ?? DEFAULT_HARD_RULES), ...(config.extraHardRules ?? [])],
    refusalRules: [...(config.refusalRules ?? [])],
    target: config.target ?? 'generic',
    contextBudget: config.contextBudget ?? DEFAULT_CONTEXT_BUDGET,
    agentBodyBudget: config.agentBodyBudget ?? DEFAULT_AGENT_BODY_BUDGET,
    agentBodyExclude: excludeRules(config.agentBodyExclude),
    agentCommand: config.agentCommand,
    delegateAssignee: config.delegateAssignee ?? 'Copilot',
    stateSizeLimit: config.stateSizeLimit ?? DEFAULT_STATE_SIZE_LIMIT,
    unmetDoneDefinition: config.unmetDoneDefinition ?? 'warn',
    ghTimeout: config.ghTimeout ?? 60,
    headless: {
      timeoutSeconds: config.headless?.timeoutSeconds ?? DEFAULT_HEADLESS_TIMEOUT_SECONDS,
      maxTurns: config.headless?.maxTurns,
      maxBudgetUsd: config.headless?.maxBudgetUsd,
      permissions: { ...config.headless?.permissions },
      worktreesDir: config.headless?.worktreesDir ?? DEFAULT_WORKTREES_DIR,
      unconfirmed: config.headless?.unconfirmed ?? 'stop',
    },
    sessionFolders: Object.fromEntries(
      Object.entries(config.sessionFolders ?? {}).map(([cli, dir]) => [cli, expandHome(dir as string, root)]),
    ),
    defaults: {
      scope: [...(config.defaultScope ?? DEFAULT_SECTIONS.scope)],
      boundaries: [...(config.defaultBoundaries ?? DEFAULT_SECTIONS.boundaries)],
      doneDefinition: [...(config.defaultDoneDefinition ?? DEFAULT_SECTIONS.doneDefinition)],
      refusalRules: [...(config.defaultRefusalRules ?? DEFAULT_SECTIONS.refusalRules)],
    },
  };
}

/** Folders the conductor writes into must stay inside the project, symlinks followed. */
export function checkWritableFolders(config: ResolvedConfig): string[] {
  const errors: string[] = [];
  for (const [key, dir] of [
    ['proofDir', config.proofDir],
    ['plansDir', config.plansDir],
  ] as const) {
    if (!isInside(config.root, dir))
      errors.push(`${key}: ${dir} is outside the project (${config.root}); use a folder inside it`);
  }
  return errors;
}

/** `~/x` is under the home folder; a relative path starts at the project root. */
function expandHome(dir: string, root: string): string {
  if (dir === '~' || dir.startsWith('~/')) return path.join(os.homedir(), dir.slice(1));
  return path.resolve(root, dir);
}
