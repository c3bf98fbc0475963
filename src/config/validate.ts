import path from 'node:path';
import { isInside } from '../util/fs.js';
import { closest } from '../util/text.js';
import {
  DEFAULT_AGENT_BODY_BUDGET,
  DEFAULT_CONTEXT_BUDGET,
  DEFAULT_SECTIONS,
  DEFAULT_HARD_RULES,
  TARGETS,
  type ConductorConfig,
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
  /** What a prompt shows for a section the agent's profile leaves empty. */
  defaults: { scope: string[]; boundaries: string[]; doneDefinition: string[]; refusalRules: string[] };
}

export interface ConfigValidation {
  value: ConductorConfig;
  warnings: string[];
  /** `key: message` */
  errors: string[];
}

type Check = (value: unknown) => string | undefined;

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const stringList: Check = (value) =>
  Array.isArray(value) && value.every(isNonEmptyString) ? undefined : 'must be a list of non-empty strings';

/** A usable path: no NUL byte, no name longer than file systems allow (255 bytes). */
const isPath = (value: unknown): value is string =>
  isNonEmptyString(value) &&
  !value.includes('\0') &&
  value.length < 4096 &&
  value.split(/[\\/]/).every((part) => Buffer.byteLength(part) <= 255);
const characters: Check = (value) =>
  Number.isInteger(value) && (value as number) >= 0 ? undefined : 'must be a whole number of characters (0 or more)';
const folder: Check = (value) => (isPath(value) ? undefined : 'must be a folder path (a non-empty string)');

const CHECKS: Record<keyof ConductorConfig, Check> = {
  agentsDir: (value) =>
    isPath(value) || (Array.isArray(value) && value.length > 0 && value.every(isPath))
      ? undefined
      : 'must be a folder path or a non-empty list of folder paths',
  templatesDir: folder,
  proofDir: folder,
  plansDir: folder,
  hardRules: stringList,
  extraHardRules: stringList,
  refusalRules: stringList,
  target: (value) => (TARGETS.includes(value as Target) ? undefined : `must be one of ${TARGETS.join(', ')}`),
  contextBudget: characters,
  agentBodyBudget: characters,
  defaultScope: stringList,
  defaultBoundaries: stringList,
  defaultDoneDefinition: stringList,
  defaultRefusalRules: stringList,
};

export const CONFIG_KEYS = Object.keys(CHECKS) as (keyof ConductorConfig)[];

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
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof ConductorConfig] : undefined; // "valueOf" is not a setting
    if (!check) {
      const suggestion = closest(key, CONFIG_KEYS);
      warnings.push(
        `${key}: unknown key, ignored${suggestion ? ` — did you mean "${suggestion}"?` : ` (valid keys: ${CONFIG_KEYS.join(', ')})`}`,
      );
      continue;
    }
    if (entry === undefined) continue;
    const problem = check(entry);
    if (problem) errors.push(`${key}: ${problem}`);
    else value[key] = entry;
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
