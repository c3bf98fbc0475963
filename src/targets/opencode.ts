/**
 * opencode: `opencode --prompt "<prompt>"` (its terminal UI), `opencode run`, and `opencode run
 * --format json` headless (one event a line, each with its `sessionID`). Since 1.2 opencode keeps
 * sessions in a SQLite database, which Node 20 cannot read without a native module: its sessions
 * are not looked for (`verify --find`); `run --headless` saves the event stream as the step's
 * transcript, and `/export` in opencode saves a session as markdown. Agent files are
 * `.opencode/agents/<name>.md` (v1 also `.opencode/agent/`): the file name is the agent's name;
 * what it may do is `permission` (`edit`, `bash`, `webfetch`: allow | ask | deny).
 */
import { document, type ExportedFile, foldedBody, requiredDescription } from '../agents/export-kit.js';
import { capabilitySet, toolList } from '../agents/tools.js';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import { markdownFiles } from './files.js';
import type { AgentTarget } from './target.js';

/** opencode's agent keys besides description (v1, and v2's that v1 files do not have). */
export const OPENCODE_KEYS = [
  'mode',
  'model',
  'temperature',
  'top_p',
  'prompt',
  'steps',
  'maxSteps',
  'tools',
  'permission',
  'permissions',
  'color',
  'hidden',
  'disable',
  'disabled',
  'system',
];

/** What a tool list allows, as opencode's permission map: what is not listed is denied. */
function permissionOf(tools: readonly string[]): Record<string, string> {
  const can = new Set(capabilitySet(tools));
  return {
    edit: can.has('edit') ? 'allow' : 'deny',
    bash: can.has('execute') ? 'allow' : 'deny',
    webfetch: can.has('web') ? 'allow' : 'deny',
  };
}

export function exportOpencode(agent: AgentProfile): ExportedFile {
  const notes: string[] = [];
  const data: Record<string, unknown> = { description: requiredDescription(agent, notes) };
  const tools = toolList(agent.meta.tools);
  if (tools && !tools.includes('*') && agent.meta.permission === undefined) data.permission = permissionOf(tools);
  const model = agent.meta.model;
  // opencode names a model provider/model; an alias such as `sonnet` is no model there.
  if (typeof model === 'string' && model.includes('/')) data.model = model;
  else if (model !== undefined)
    notes.push(`${agent.name}: model ${JSON.stringify(model)} is not an opencode provider/model and was left out`);
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(agent.meta)) {
    if (key === 'tools' || key === 'model') continue;
    if (OPENCODE_KEYS.includes(key)) data[key] = value;
    else dropped.push(key);
  }
  if (dropped.length > 0) notes.push(`${agent.name}: ${dropped.join(', ')} left out (not an opencode agent key)`);
  return { path: `.opencode/agents/${slugify(agent.name)}.md`, content: document(data, foldedBody(agent)), notes };
}

export const opencode: AgentTarget = {
  name: 'opencode',
  label: 'opencode',
  launch: { interactive: ['opencode', '--prompt', '{prompt}'], print: ['opencode', 'run', '{prompt}'] },
  headless: {
    command: ['opencode', 'run', '--format', 'json'],
    prompt: ['--', '{prompt}'],
    format: 'opencode-json',
    // Without --auto, `opencode run` refuses every request that would ask the person.
    permissions: {
      flags: [],
      allows: "what the project's opencode permissions allow; anything that would ask is refused",
    },
  },
  agentFiles: {
    folders: [
      { dir: '.opencode/agents', label: 'opencode', matches: markdownFiles },
      { dir: '.opencode/agent', label: 'opencode (v1 folder)', matches: markdownFiles },
    ],
    keys: OPENCODE_KEYS,
    export: exportOpencode,
  },
  // opencode reads the key of whichever provider its config names: none is chosen here.
  ci: { package: 'opencode-ai', secrets: [] },
  closing: {
    saveTranscript: (transcript) => [
      `type \`/export\` in opencode and save the markdown it opens as \`${transcript}\`.`,
    ],
  },
};
