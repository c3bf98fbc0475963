/**
 * GitHub Copilot CLI: `copilot -i "<prompt>"`, `copilot -p … --share <file>` (the session's
 * /share markdown, written when it ends), and `copilot -p --output-format json` headless (its
 * session events, one a line). Sessions are `~/.copilot/session-state/<id>/events.jsonl`
 * (`COPILOT_HOME` moves `~/.copilot`); agent files are `.github/agents/<name>.agent.md` (and the
 * older `.github/chatmodes/*.chatmode.md`), with Copilot's tool aliases (`read`, `edit`, `execute`).
 */
import path from 'node:path';
import { document, type ExportedFile, foldedBody, metaFor, requiredDescription, unique } from '../agents/export-kit.js';
import { aliasOfClaudeTool, asClaudeTools, isClaudeModel, toolList } from '../agents/tools.js';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import { jsonText, markdownFiles } from './files.js';
import type { AgentTarget, SessionStore } from './target.js';

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

export const COPILOT_BODY_LIMIT = 30_000;

export function exportCopilot(agent: AgentProfile): ExportedFile {
  const notes: string[] = [];
  const data: Record<string, unknown> = { name: agent.name, description: requiredDescription(agent, notes) };
  const tools = toolList(agent.meta.tools);
  if (tools) {
    // Claude Code names become aliases; Copilot's own names pass through (it ignores what it does not know).
    const mapped = unique(tools.map((tool) => (tool.startsWith('mcp__') ? tool : (aliasOfClaudeTool(tool) ?? tool))));
    const canEdit = mapped.some((tool) => asClaudeTools(tool).some((claude) => aliasOfClaudeTool(claude) === 'edit'));
    const canRead = mapped.some((tool) => asClaudeTools(tool).includes('Read'));
    data.tools = canEdit && !canRead ? ['read', ...mapped] : mapped;
  }
  const model = agent.meta.model;
  if (model !== undefined && !isClaudeModel(model)) data.model = model;
  else if (model !== undefined)
    notes.push(
      `${agent.name}: model ${JSON.stringify(model)} is a Claude Code alias, not a Copilot model name, and was ` +
        `left out`,
    );
  Object.assign(
    data,
    metaFor(
      agent,
      COPILOT_KEYS.filter((key) => key !== 'tools' && key !== 'model'),
      'Copilot',
      notes,
    ),
  );
  const body = foldedBody(agent);
  if (body.length > COPILOT_BODY_LIMIT)
    notes.push(`${agent.name}: the body is ${body.length} characters; Copilot reads at most ${COPILOT_BODY_LIMIT}`);
  return { path: `.github/agents/${slugify(agent.name)}.agent.md`, content: document(data, body), notes };
}

export const COPILOT_SESSIONS: SessionStore = {
  folder: (env, home) => path.join(env.COPILOT_HOME || path.join(home, '.copilot'), 'session-state'),
  described: '`~/.copilot/session-state` (or `$COPILOT_HOME/session-state`)',
  depth: 3,
  matches: (name) => name.endsWith('.jsonl'),
  formats: ['copilot-events'],
};

export const COPILOT_AGENT_FILES = {
  folders: [
    { dir: '.github/agents', label: 'GitHub Copilot', matches: markdownFiles },
    {
      dir: '.github/chatmodes',
      label: 'GitHub Copilot chat modes',
      matches: (name: string) => /\.chatmode\.md$/i.test(name),
    },
  ],
  keys: COPILOT_KEYS,
  export: exportCopilot,
};

export const copilot: AgentTarget = {
  name: 'copilot',
  label: 'GitHub Copilot CLI',
  launch: {
    interactive: ['copilot', '-i', '{prompt}'],
    // --share writes the session's /share markdown when it ends: the step's transcript, saved for you.
    print: ['copilot', '-p', '{prompt}', '--share', '{transcript}'],
  },
  headless: {
    command: ['copilot', '--output-format', 'json', '--no-ask-user'],
    prompt: ['-p', '{prompt}'],
    format: 'copilot-events',
    permissions: { flags: ['--allow-tool', 'write'], allows: 'edits files; shell commands are refused' },
    maxTurns: (turns) => ['--max-autopilot-continues', String(turns)],
  },
  sessions: COPILOT_SESSIONS,
  agentFiles: COPILOT_AGENT_FILES,
  mcpConfig: {
    where: '~/.copilot/mcp-config.json (or .mcp.json in the project)',
    format: 'json',
    render: ({ name, command, args }) =>
      jsonText({ mcpServers: { [name]: { type: 'local', command, args, tools: ['*'] } } }),
  },
  // A fine-grained personal access token with the Copilot Requests permission.
  ci: { package: '@github/copilot', secrets: ['COPILOT_GITHUB_TOKEN'] },
  closing: {
    saveTranscript: (transcript) => [
      `type \`/share file ${transcript}\` in GitHub Copilot CLI to save the session there as Markdown.`,
    ],
  },
};
