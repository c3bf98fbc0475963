/** Front matter keys: ours, and the ones each agent CLI documents for its agent files. */

/** Our fields, with the snake_case spellings accepted for them. */
export const PROFILE_KEYS: readonly string[] = [
  'name',
  'description',
  'purpose',
  'scope',
  'boundaries',
  'doneDefinition',
  'done_definition',
  'outputs',
  'output_contract',
  'refusalRules',
  'refusal_rules',
  'keywords',
];

/** Claude Code's subagent front matter (besides name and description). */
export const CLAUDE_KEYS = [
  'tools',
  'disallowedTools',
  'model',
  'permissionMode',
  'maxTurns',
  'skills',
  'mcpServers',
  'hooks',
  'memory',
  'background',
  'isolation',
  'color',
];

/** GitHub Copilot's custom agent and chat mode front matter (besides name and description). */
export const COPILOT_KEYS = [
  'target',
  'tools',
  'model',
  'disable-model-invocation',
  'user-invocable',
  'infer',
  'mcp-servers',
  'metadata',
  'argument-hint',
  'handoffs',
  'agents',
  'title',
];

/** Every key a front matter line can start with that is known to stand for itself. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set([
  ...PROFILE_KEYS,
  ...CLAUDE_KEYS,
  ...COPILOT_KEYS,
  'version',
  'author',
  'license',
  'tags',
  'category',
]);
