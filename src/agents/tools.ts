/**
 * Tool and model names across the agent CLIs, in one table: Claude Code's tool names (`Read`,
 * `Bash`, …), GitHub Copilot's tool aliases (`read`, `execute`, …), the names VS Code chat
 * modes and older Copilot agent files use (`codebase`, `runCommands`, `editFiles`, `fetch`, …),
 * and Gemini CLI's and opencode's (`read_file`, `run_shell_command`, `webfetch`, …).
 *
 * Every name is mapped to the Claude Code tools that give the same capability; a capability is
 * named by its Copilot alias. So a profile keeps what it may do when it moves between formats,
 * and a round trip can be checked by capability rather than by name.
 */

export type Capability = 'execute' | 'read' | 'edit' | 'search' | 'web' | 'agent' | 'todo';

/** Claude Code's tools, and the capability each gives. */
const CLAUDE_TOOLS: Record<string, Capability> = {
  Bash: 'execute',
  BashOutput: 'execute',
  KillShell: 'execute',
  Read: 'read',
  NotebookRead: 'read',
  LS: 'read',
  Edit: 'edit',
  Write: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Grep: 'search',
  Glob: 'search',
  WebFetch: 'web',
  WebSearch: 'web',
  Task: 'agent',
  Agent: 'agent',
  TodoWrite: 'todo',
  SlashCommand: 'agent',
  ExitPlanMode: 'agent',
};

export const CLAUDE_TOOL_NAMES: ReadonlySet<string> = new Set(Object.keys(CLAUDE_TOOLS));

/** Copilot aliases, VS Code tool names and Claude names written in lower case → Claude Code tools. */
const AS_CLAUDE: Record<string, string[]> = {};
const alias = (claude: string[], names: string[]) => {
  for (const name of names) AS_CLAUDE[name.toLowerCase()] = claude;
};
alias(
  ['Bash'],
  [
    'execute',
    'shell',
    'bash',
    'powershell',
    'runCommands',
    'runTests',
    'runTasks',
    'runTask',
    'runInTerminal',
    'getTerminalOutput',
    'createAndRunTask',
    'runNotebookCell',
    'terminal',
  ],
);
alias(
  ['Read'],
  [
    'read',
    'readFile',
    'notebookRead',
    'problems',
    'terminalSelection',
    'terminalLastCommand',
    'getTaskOutput',
    'changes',
    'usages',
    'testFailure',
    'readNotebookCellOutput',
  ],
);
alias(
  ['Edit', 'Write', 'MultiEdit'],
  ['edit', 'editFiles', 'multiEdit', 'write', 'notebookEdit', 'new', 'createFile', 'createDirectory', 'editNotebook'],
);
alias(
  ['Read', 'Grep', 'Glob'],
  ['search', 'codebase', 'grep', 'glob', 'findTestFiles', 'searchResults', 'fileSearch', 'textSearch', 'listDirectory'],
);
alias(['WebFetch', 'WebSearch'], ['web']);
alias(['WebFetch'], ['fetch', 'webFetch', 'githubRepo', 'openSimpleBrowser']);
alias(['WebSearch'], ['webSearch']);
alias(['Task'], ['agent', 'custom-agent', 'task', 'runSubagent']);
alias(['TodoWrite'], ['todo', 'todoWrite', 'todos']);

// Gemini CLI's and opencode's tool names (their agent files list them; opencode's `bash`, `read`,
// `edit`, `write`, `grep`, `glob` are above already).
alias(['Bash'], ['run_shell_command']);
alias(['Read'], ['read_file', 'read_many_files', 'list_directory', 'list']);
alias(['Edit', 'Write'], ['replace', 'write_file', 'patch', 'apply_patch']);
alias(['Grep'], ['grep_search', 'search_file_content']);
alias(['WebFetch'], ['web_fetch', 'webfetch']);
alias(['WebSearch'], ['google_web_search', 'websearch']);
alias(['TodoWrite'], ['write_todos', 'todowrite', 'todoread']);

const ALIASES: readonly Capability[] = ['execute', 'read', 'edit', 'search', 'web', 'agent', 'todo'];

/** `Bash(git:*)` → `Bash`: Claude Code's permission patterns name the tool before the parenthesis. */
const bareName = (tool: string) => tool.trim().replace(/\(.*\)$/, '');

/** A tool written by Claude Code's rules: one of its own names (with a permission pattern or not) or an MCP tool. */
export function isClaudeTool(tool: string): boolean {
  return CLAUDE_TOOL_NAMES.has(bareName(tool)) || tool.startsWith('mcp__');
}

/**
 * The Claude Code tools that give what `tool` gives; empty when there are none (a `vscode/…` tool, an unknown name).
 */
export function asClaudeTools(tool: string): string[] {
  const name = tool.trim();
  if (isClaudeTool(name)) return [name];
  const lower = name.toLowerCase();
  if (Object.hasOwn(AS_CLAUDE, lower)) return AS_CLAUDE[lower]!;
  if (lower.includes('/')) {
    // `execute/runInTerminal`, `read/readFile`, `search/codebase`: the tool's own name, else its namespace.
    const [head, tail] = [lower.slice(0, lower.indexOf('/')), lower.slice(lower.lastIndexOf('/') + 1)];
    if (Object.hasOwn(AS_CLAUDE, tail)) return AS_CLAUDE[tail]!;
    if ((ALIASES as readonly string[]).includes(head)) return AS_CLAUDE[head]!;
  }
  return [];
}

/** The capabilities a tool gives, as Copilot aliases. */
export function capabilitiesOf(tool: string): Capability[] {
  return [...new Set(asClaudeTools(tool).flatMap((name) => CLAUDE_TOOLS[bareName(name)] ?? []))];
}

/** The Copilot alias for one of Claude Code's own tools (`Grep` → `search`); undefined for anything else. */
export function aliasOfClaudeTool(tool: string): Capability | undefined {
  return CLAUDE_TOOLS[bareName(tool)];
}

/** Every capability of a tool list, sorted. */
export function capabilitySet(tools: readonly string[]): Capability[] {
  return [...new Set(tools.flatMap(capabilitiesOf))].sort();
}

/** `tools` as written (comma string or list) as a list of names. */
export function toolList(value: unknown): string[] | undefined {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((tool) => tool.trim())
      .filter(Boolean);
  if (Array.isArray(value))
    return value
      .map(String)
      .map((tool) => tool.trim())
      .filter(Boolean);
  return undefined;
}

/** A tool name Copilot (CLI, coding agent or VS Code) knows: an alias, a VS Code name, a Claude name it accepts. */
export function isCopilotTool(tool: string): boolean {
  return tool === '*' || tool.includes('/') || asClaudeTools(tool).length > 0;
}

/** Claude Code's model aliases. */
const CLAUDE_ALIASES = ['haiku', 'sonnet', 'opus', 'inherit'] as const;

/** A model value Claude Code accepts as it is: an alias or a `claude-…` model id. */
export function isClaudeModel(model: unknown): boolean {
  return (
    typeof model === 'string' &&
    (CLAUDE_ALIASES.includes(model.toLowerCase() as (typeof CLAUDE_ALIASES)[number]) || /^claude-[\w.-]+$/i.test(model))
  );
}

/**
 * The Claude Code alias for a model, where one exists: `sonnet` for `claude-sonnet-4-5`,
 * `Claude Sonnet 4.6 (copilot)` or `claude-3-5-sonnet-20241022`; the first of a list that has
 * one. Other models (GPT-4.1, Gemini …) have none.
 */
export function claudeModelAlias(model: unknown): string | undefined {
  if (Array.isArray(model)) return model.map(claudeModelAlias).find(Boolean);
  if (typeof model !== 'string') return undefined;
  const lower = model.trim().toLowerCase();
  if ((CLAUDE_ALIASES as readonly string[]).includes(lower)) return lower;
  if (!lower.includes('claude')) return undefined;
  return /\b(sonnet|opus|haiku)\b/.exec(lower.replace(/[-_.]/g, ' '))?.[1];
}
