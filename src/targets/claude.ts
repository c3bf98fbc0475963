/**
 * Claude Code: `claude "<prompt>"`, `claude -p`, and `claude -p --output-format stream-json
 * --verbose` headless (the stream needs --verbose). Sessions are JSONL logs in
 * `~/.claude/projects/<folder>/` (`CLAUDE_CONFIG_DIR` moves `~/.claude`); agent files are
 * `.claude/agents/<name>.md`, with Claude Code's tool names (`Read`, `Edit`, `Bash`, …).
 */
import path from 'node:path';
import { document, type ExportedFile, foldedBody, metaFor, requiredDescription, unique } from '../agents/export-kit.js';
import { aliasOfClaudeTool, asClaudeTools, claudeModelAlias, isClaudeModel, toolList } from '../agents/tools.js';
import type { AgentProfile } from '../types.js';
import { shellQuote, slugify } from '../util/text.js';
import { markdownFiles } from './files.js';
import type { AgentTarget } from './target.js';

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

export function exportClaude(agent: AgentProfile): ExportedFile {
  const notes: string[] = [];
  const name = slugify(agent.name);
  const data: Record<string, unknown> = { name, description: requiredDescription(agent, notes) };
  const tools = toolList(agent.meta.tools);
  if (tools) {
    const mapped: string[] = [];
    const dropped: string[] = [];
    for (const tool of tools) {
      const claude = asClaudeTools(tool);
      if (claude.length > 0) mapped.push(...claude);
      else dropped.push(tool);
    }
    // An agent that can change files must be able to read them.
    if (mapped.some((tool) => aliasOfClaudeTool(tool) === 'edit') && !mapped.includes('Read')) mapped.unshift('Read');
    if (dropped.length > 0)
      notes.push(`${agent.name}: tools ${dropped.join(', ')} have no Claude Code equivalent and were left out`);
    data.tools = unique(mapped).join(', ');
  }
  const model = agent.meta.model;
  const alias = isClaudeModel(model) ? (model as string) : claudeModelAlias(model);
  if (alias) {
    data.model = alias;
    if (alias !== model)
      notes.push(`${agent.name}: model ${JSON.stringify(model)} became the Claude Code alias "${alias}"`);
  } else if (model !== undefined)
    notes.push(
      `${agent.name}: model ${JSON.stringify(model)} is not a Claude model (Claude Code takes haiku, sonnet, ` +
        `opus, inherit or a claude-… id) and was left out`,
    );
  Object.assign(
    data,
    metaFor(
      agent,
      CLAUDE_KEYS.filter((key) => key !== 'tools' && key !== 'model'),
      'Claude Code',
      notes,
    ),
  );
  return { path: `.claude/agents/${name}.md`, content: document(data, foldedBody(agent)), notes };
}

export const claude: AgentTarget = {
  name: 'claude',
  label: 'Claude Code',
  launch: { interactive: ['claude', '{prompt}'], print: ['claude', '-p', '{prompt}'] },
  headless: {
    command: ['claude', '-p', '--output-format', 'stream-json', '--verbose'],
    prompt: ['--', '{prompt}'],
    format: 'claude-stream',
    // Edits in its folder are accepted; any other tool (a shell command) is refused in -p mode.
    permissions: {
      flags: ['--permission-mode', 'acceptEdits'],
      allows: 'edits files; shell commands are refused unless the config allows them',
    },
    maxTurns: (turns) => ['--max-turns', String(turns)],
    maxBudgetUsd: (usd) => ['--max-budget-usd', String(usd)],
  },
  sessions: {
    folder: (env, home) => path.join(env.CLAUDE_CONFIG_DIR || path.join(home, '.claude'), 'projects'),
    described: '`~/.claude/projects` (or `$CLAUDE_CONFIG_DIR/projects`)',
    depth: 2,
    matches: (name) => name.endsWith('.jsonl'),
    formats: ['claude-jsonl'],
  },
  agentFiles: {
    folders: [{ dir: '.claude/agents', label: 'Claude Code', matches: markdownFiles }],
    keys: CLAUDE_KEYS,
    export: exportClaude,
  },
  mcpConfig: {
    where: 'run it in the project (add --scope project to share it with the team in .mcp.json)',
    format: 'shell',
    render: ({ name, command, args }) =>
      ['claude', 'mcp', 'add', name, '--', command, ...args].map(shellQuote).join(' '),
  },
  // The API key Claude Code reads in -p mode.
  ci: { package: '@anthropic-ai/claude-code', secrets: ['ANTHROPIC_API_KEY'] },
  closing: {
    saveTranscript: (transcript) => [`type \`/export ${transcript}\` in Claude Code to save the conversation there.`],
  },
};
