/**
 * Codex CLI: `codex "<prompt>"`, `codex exec`, and `codex exec --json` headless. Sessions are
 * rollout logs in `~/.codex/sessions/YYYY/MM/DD/` (`CODEX_HOME` moves `~/.codex`), so nothing
 * needs saving by hand. Custom agents are TOML, `.codex/agents/<name>.toml`: `name`,
 * `description` and `developer_instructions` (the body) are required; `model`,
 * `model_reasoning_effort`, `sandbox_mode`, `nickname_candidates`, `mcp_servers` … override the
 * session's own settings.
 */
import path from 'node:path';
import { parse as parseToml, stringify as stringifyToml, TomlError } from 'smol-toml';
import { type ExportedFile, foldedBody, requiredDescription } from '../agents/export-kit.js';
import type { FrontMatterFile } from '../agents/parse.js';
import { capabilitySet, isClaudeModel, toolList } from '../agents/tools.js';
import { ConductorError } from '../errors.js';
import type { AgentProfile } from '../types.js';
import { dataShapeProblem } from '../util/data.js';
import { placeOf, slugify } from '../util/text.js';
import type { AgentTarget } from './target.js';

/** Codex agent keys besides name, description and developer_instructions. */
export const CODEX_KEYS = [
  'nickname_candidates',
  'model',
  'model_reasoning_effort',
  'sandbox_mode',
  'web_search',
  'mcp_servers',
  'skills',
];

/**
 * A Codex agent file as a profile's parts: `developer_instructions` is the body, the other keys
 * its front matter. TOML is data (no code in it); a file that is not valid TOML is an error at
 * its line.
 */
export function readCodexAgent(text: string, file: string): FrontMatterFile {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConductorError('INVALID_FILE', `the TOML cannot be read: ${reason}`, {
      where: placeOf(file, error.line),
      hint: 'fix the line, or check it with a TOML validator',
    });
  }
  const problem = dataShapeProblem(data);
  if (problem)
    throw new ConductorError('INVALID_FILE', `the agent is refused: ${problem}`, { where: placeOf(file, 1) });
  const { developer_instructions: instructions, ...rest } = data;
  const keyLines: Record<string, number> = Object.create(null) as Record<string, number>;
  text.split('\n').forEach((line, index) => {
    const key = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line)?.[1];
    if (key && !Object.hasOwn(keyLines, key)) keyLines[key] = index + 1;
  });
  return {
    data: rest,
    body: typeof instructions === 'string' ? instructions : '',
    hasFrontMatter: true,
    keyLines,
    warnings:
      typeof instructions === 'string'
        ? []
        : [{ line: 1, message: 'no developer_instructions: Codex requires them, and the profile has no body' }],
  };
}

/** A TOML multi-line string: the text as it is, with only what would end it escaped. */
function multiline(text: string): string {
  return `"""\n${text.replace(/\\/g, '\\\\').replace(/"""/g, '""\\"')}\n"""`;
}

export function exportCodex(agent: AgentProfile): ExportedFile {
  const notes: string[] = [];
  const name = slugify(agent.name);
  const data: Record<string, unknown> = { name, description: requiredDescription(agent, notes) };
  const model = agent.meta.model;
  if (typeof model === 'string' && !isClaudeModel(model) && !/gemini|\//i.test(model)) data.model = model;
  else if (model !== undefined)
    notes.push(`${agent.name}: model ${JSON.stringify(model)} is not a Codex model and was left out`);
  const tools = toolList(agent.meta.tools);
  // Codex has no tool lists: an agent that may not edit runs read-only.
  if (tools && !tools.includes('*') && !capabilitySet(tools).includes('edit') && agent.meta.sandbox_mode === undefined)
    data.sandbox_mode = 'read-only';
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(agent.meta)) {
    if (key === 'tools' || key === 'model') continue;
    if (CODEX_KEYS.includes(key)) data[key] = value;
    else dropped.push(key);
  }
  if (tools) dropped.unshift('tools');
  if (dropped.length > 0) notes.push(`${agent.name}: ${dropped.join(', ')} left out (not a Codex agent key)`);
  const content = `${stringifyToml(data)}\ndeveloper_instructions = ${multiline(foldedBody(agent))}\n`;
  return { path: `.codex/agents/${name}.toml`, content, notes };
}

export const codex: AgentTarget = {
  name: 'codex',
  label: 'Codex CLI',
  launch: { interactive: ['codex', '{prompt}'], print: ['codex', 'exec', '{prompt}'] },
  headless: {
    command: ['codex', 'exec', '--json'],
    prompt: ['--', '{prompt}'],
    format: 'codex-exec',
    permissions: {
      flags: ['--sandbox', 'workspace-write'],
      allows: 'edits files and runs commands inside its worktree, without network',
    },
  },
  sessions: {
    folder: (env, home) => path.join(env.CODEX_HOME || path.join(home, '.codex'), 'sessions'),
    described: '`~/.codex/sessions` (or `$CODEX_HOME/sessions`)',
    depth: 4,
    matches: (name) => name.endsWith('.jsonl'),
    formats: ['codex-rollout'],
  },
  agentFiles: {
    folders: [{ dir: '.codex/agents', label: 'Codex CLI', matches: (name) => /\.toml$/i.test(name) }],
    keys: CODEX_KEYS,
    export: exportCodex,
    read: readCodexAgent,
  },
  mcpConfig: {
    where: '~/.codex/config.toml (or .codex/config.toml in a trusted project)',
    format: 'toml',
    render: ({ name, command, args }) => stringifyToml({ mcp_servers: { [name]: { command, args } } }),
  },
  // codex exec reads CODEX_API_KEY (an OpenAI API key) without a login.
  ci: { package: '@openai/codex', secrets: ['CODEX_API_KEY'] },
  closing: {
    saveTranscript: () => [
      'nothing needs saving: Codex keeps the session in `~/.codex/sessions/`, and `complete` with ' +
        '`--transcript auto` finds it.',
    ],
  },
};
