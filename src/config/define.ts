/**
 * What a `conductor.config.ts` may import. Kept free of other imports: inside a config file,
 * `swarm-conductor` resolves to this module, so loading the config stays cheap and works even
 * when the package is installed globally.
 */

export const TARGETS = ['copilot', 'claude', 'codex', 'generic'] as const;
export type Target = (typeof TARGETS)[number];

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
}

export const DEFAULT_HARD_RULES: readonly string[] = [
  'Do not invent features, flags, APIs or tool behaviour. Use only what the code, its documentation or a command\'s own --help shows.',
  'When you are uncertain, say so plainly and say how it can be verified.',
  'Never claim that tests passed unless you ran them in this session and show the command and its output.',
  'Never say "done" unless every required artifact listed in this prompt exists.',
  'Prefer small, reviewable changes over large rewrites.',
];

export const DEFAULT_CONTEXT_BUDGET = 8000;

/** Identity function that gives a config file its types. */
export function defineConfig(config: ConductorConfig): ConductorConfig {
  return config;
}
