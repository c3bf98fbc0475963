/**
 * Gemini CLI: `gemini -i "<prompt>"`, `gemini -p`, and `gemini -p --output-format stream-json`
 * headless. Sessions are `~/.gemini/tmp/<project>/chats/session-…jsonl` (older builds `.json`;
 * `GEMINI_CLI_HOME` stands in for the home folder). Agent files are `.gemini/agents/<name>.md`;
 * Gemini CLI's schema is strict (an unknown key makes the file fail to load), its `name` is
 * lower-case letters, digits, `-` and `_`, and files starting with `_` are skipped.
 */
import path from 'node:path';
import {
  document,
  type ExportedFile,
  foldedBody,
  requiredDescription,
  toolsByCapability,
} from '../agents/export-kit.js';
import { toolList } from '../agents/tools.js';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import { jsonText, markdownFiles } from './files.js';
import type { AgentTarget } from './target.js';

/** Gemini CLI's local agent keys besides name and description (its `localAgentSchema`). */
export const GEMINI_KEYS = [
  'kind',
  'display_name',
  'tools',
  'mcp_servers',
  'model',
  'temperature',
  'max_turns',
  'timeout_mins',
];

/** Gemini CLI's built-in tools, by capability. */
const GEMINI_TOOLS = {
  execute: ['run_shell_command'],
  read: ['read_file', 'read_many_files', 'list_directory'],
  edit: ['replace', 'write_file'],
  search: ['grep_search', 'glob'],
  web: ['web_fetch', 'google_web_search'],
  todo: ['write_todos'],
} as const;

export function exportGemini(agent: AgentProfile): ExportedFile {
  const notes: string[] = [];
  const name = slugify(agent.name).replace(/[^a-z0-9_-]/g, '-');
  const data: Record<string, unknown> = { name, description: requiredDescription(agent, notes) };
  const tools = toolList(agent.meta.tools);
  if (tools) {
    const { mapped, dropped } = toolsByCapability(
      tools.filter((tool) => tool !== '*'),
      GEMINI_TOOLS,
    );
    if (dropped.length > 0)
      notes.push(`${agent.name}: tools ${dropped.join(', ')} have no Gemini CLI equivalent and were left out`);
    if (!tools.includes('*')) data.tools = mapped;
  }
  const model = agent.meta.model;
  if (typeof model === 'string' && /^gemini-/i.test(model)) data.model = model;
  else if (model !== undefined)
    notes.push(`${agent.name}: model ${JSON.stringify(model)} is not a Gemini model and was left out`);
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(agent.meta)) {
    if (key === 'tools' || key === 'model') continue;
    if (GEMINI_KEYS.includes(key)) data[key] = value;
    else dropped.push(key);
  }
  if (dropped.length > 0)
    notes.push(`${agent.name}: ${dropped.join(', ')} left out (Gemini CLI refuses a file with a key it does not know)`);
  return { path: `.gemini/agents/${name}.md`, content: document(data, foldedBody(agent)), notes };
}

export const gemini: AgentTarget = {
  name: 'gemini',
  label: 'Gemini CLI',
  launch: { interactive: ['gemini', '-i', '{prompt}'], print: ['gemini', '-p', '{prompt}'] },
  headless: {
    command: ['gemini', '--output-format', 'stream-json'],
    prompt: ['-p', '{prompt}'],
    format: 'gemini-stream',
    // Headless Gemini CLI refuses every tool that would ask; auto_edit lets it edit, not run commands.
    permissions: {
      flags: ['--approval-mode', 'auto_edit'],
      allows: 'edits files; shell commands are refused in headless mode',
    },
  },
  sessions: {
    folder: (env, home) => path.join(env.GEMINI_CLI_HOME || home, '.gemini', 'tmp'),
    described: '`~/.gemini/tmp` (or `$GEMINI_CLI_HOME/.gemini/tmp`)',
    depth: 3,
    matches: (name) => name.endsWith('.jsonl') || /^session-.*\.json$/.test(name),
    formats: ['gemini-session'],
  },
  agentFiles: {
    folders: [
      {
        dir: '.gemini/agents',
        label: 'Gemini CLI',
        matches: (name) => markdownFiles(name) && !name.startsWith('_'),
      },
    ],
    keys: GEMINI_KEYS,
    export: exportGemini,
  },
  mcpConfig: {
    where: '.gemini/settings.json in the project (or ~/.gemini/settings.json)',
    format: 'json',
    render: ({ name, command, args }) => jsonText({ mcpServers: { [name]: { command, args } } }),
  },
  ci: { package: '@google/gemini-cli', secrets: ['GEMINI_API_KEY'] },
  closing: {
    saveTranscript: () => [
      'nothing needs saving: Gemini CLI keeps the session in `~/.gemini/tmp/<project>/chats/`, and `complete` ' +
        'with `--transcript auto` finds it.',
    ],
  },
};
