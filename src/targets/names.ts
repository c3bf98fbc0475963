/**
 * The names of the agent CLIs prompts can be written for (`target` in the config), in the order
 * the config documents them. Kept free of imports: `config/define.ts`, which a
 * `conductor.config.ts` imports, takes the list from here. Each name has its file in this folder,
 * and `index.ts` holds them; a test checks the two agree.
 */
export const TARGETS = ['copilot', 'claude', 'codex', 'copilot-delegate', 'gemini', 'opencode', 'generic'] as const;
export type Target = (typeof TARGETS)[number];
