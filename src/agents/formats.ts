/**
 * Profiles in and out of the agent CLIs' own formats: Claude Code (`.claude/agents/<name>.md`),
 * GitHub Copilot (`.github/agents/<name>.agent.md`) and a single `AGENTS.md`.
 *
 * Our fields that the CLIs have no key for (scope, boundaries, done definition, outputs,
 * refusal rules, keywords) are folded into the body under a marker line; importing such a file
 * unfolds them again, so a round trip keeps everything both formats can hold. Tools are mapped
 * between Claude Code's tool names and Copilot's tool aliases.
 */
import yaml from 'js-yaml';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import { CLAUDE_KEYS, COPILOT_KEYS } from './keys.js';
import { aliasOfClaudeTool, asClaudeTools, claudeModelAlias, isClaudeModel, toolList } from './tools.js';

export type ExportTarget = 'claude' | 'copilot' | 'agents-md';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['claude', 'copilot', 'agents-md'];

export interface ExportedFile {
  /** Relative to the export folder, forward slashes. */
  path: string;
  content: string;
  /** What did not carry over, for the person to know. */
  notes: string[];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

// Front matter keys each CLI documents; other meta keys are left out of that export, with a note.

const FOLD_MARKER = '<!-- swarm-conductor profile fields';

const FOLDED: {
  field: keyof Pick<AgentProfile, 'scope' | 'boundaries' | 'doneDefinition' | 'outputs' | 'refusalRules' | 'keywords'>;
  heading: string;
}[] = [
  { field: 'scope', heading: 'Scope' },
  { field: 'boundaries', heading: 'Boundaries' },
  { field: 'doneDefinition', heading: 'Done definition' },
  { field: 'outputs', heading: 'Required outputs' },
  { field: 'refusalRules', heading: 'Refusal rules' },
  { field: 'keywords', heading: 'Keywords' },
];

/** The body followed by our fields as markdown sections, under a marker that names the profile. */
function foldedBody(agent: AgentProfile): string {
  const sections = FOLDED.filter(({ field }) => agent[field].length > 0).map(({ field, heading }) =>
    field === 'keywords'
      ? `## ${heading}\n${agent.keywords.join(', ')}`
      : `## ${heading}\n${agent[field].map((item) => `- ${item}`).join('\n')}`,
  );
  const marker = `${FOLD_MARKER}: ${agent.name} -->`;
  return [
    agent.body,
    sections.length > 0 || agent.name !== slugify(agent.name) ? [marker, ...sections].join('\n\n') : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export interface UnfoldedBody {
  body: string;
  name: string | undefined;
  fields: Partial<
    Pick<AgentProfile, 'scope' | 'boundaries' | 'doneDefinition' | 'outputs' | 'refusalRules' | 'keywords'>
  >;
}

/** Takes our sections back out of a body that `foldedBody` wrote. */
function unfoldBody(body: string): UnfoldedBody {
  const at = body.lastIndexOf(FOLD_MARKER);
  if (at === -1) return { body, name: undefined, fields: {} };
  const markerEnd = body.indexOf('-->', at);
  const name =
    body
      .slice(at + FOLD_MARKER.length, markerEnd)
      .replace(/^:\s*/, '')
      .trim() || undefined;
  const fields: UnfoldedBody['fields'] = {};
  const rest = body.slice(markerEnd + 3);
  for (const section of rest.split(/^## /m).slice(1)) {
    const [heading, ...lines] = section.split('\n');
    const entry = FOLDED.find((candidate) => candidate.heading === heading!.trim());
    if (!entry) continue;
    const text = lines.join('\n').trim();
    fields[entry.field] =
      entry.field === 'keywords'
        ? text
            .split(',')
            .map((word) => word.trim())
            .filter(Boolean)
        : text
            .split('\n')
            .filter((line) => line.startsWith('- '))
            .map((line) => line.slice(2).trim());
  }
  return { body: body.slice(0, at).trim(), name, fields };
}

/** YAML front matter; lists of short words (keywords, tools) on one line, as people write them. */
function frontMatter(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => {
      const inline =
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((item) => typeof item === 'string' && item.length <= 30);
      return yaml
        .dump({ [key]: value }, { lineWidth: -1, noRefs: true, quotingType: '"', flowLevel: inline ? 1 : -1 })
        .trimEnd();
    })
    .join('\n');
}

function document(data: Record<string, unknown>, body: string): string {
  return `---\n${frontMatter(data)}\n---\n\n${body.trim()}\n`;
}

/** A description for a CLI that requires one: ours, or the body's first sentence. */
function requiredDescription(agent: AgentProfile, notes: string[]): string {
  if (agent.description) return agent.description;
  const sentence = /^[^\n#<].*?[.!?](\s|$)/m.exec(agent.body)?.[0].trim() ?? `${agent.name} agent`;
  notes.push(`${agent.name}: no description; the export uses "${sentence}" because the CLI requires one`);
  return sentence;
}

function metaFor(
  agent: AgentProfile,
  known: readonly string[],
  target: string,
  notes: string[],
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(agent.meta)) {
    if (key === 'tools' || key === 'model') continue;
    if (known.includes(key)) kept[key] = value;
    else dropped.push(key);
  }
  if (dropped.length > 0)
    notes.push(`${agent.name}: ${dropped.join(', ')} left out (not a ${target} front matter key)`);
  return kept;
}

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

export function exportAgentsMd(agents: readonly AgentProfile[], options: { compact?: boolean } = {}): ExportedFile {
  const sections = agents.map((agent) => {
    const lines = [`## ${agent.name}`, ''];
    if (agent.description) lines.push(agent.description, '');
    for (const { field, heading } of FOLDED) {
      if (agent[field].length === 0) continue;
      lines.push(
        field === 'keywords'
          ? `**${heading}:** ${agent.keywords.join(', ')}`
          : `**${heading}:**\n${agent[field].map((item) => `- ${item}`).join('\n')}`,
        '',
      );
    }
    if (agent.body && !options.compact) lines.push(agent.body.replace(/^(#{1,4}) /gm, '$1## '), '');
    return lines.join('\n').trimEnd();
  });
  const intro =
    '# Agents\n\nHow work in this repository is split between agents. Each section is one agent: what it ' +
    'covers, what it must not do, and when its work is done.';
  return { path: 'AGENTS.md', content: `${[intro, ...sections].join('\n\n')}\n`, notes: [] };
}

export function exportProfiles(
  agents: readonly AgentProfile[],
  target: ExportTarget,
  options: { compact?: boolean } = {},
): ExportedFile[] {
  if (target === 'agents-md') return [exportAgentsMd(agents, options)];
  return agents.map(target === 'claude' ? exportClaude : exportCopilot);
}

/** A Claude Code or Copilot profile (already loaded) as one of ours: our sections unfolded from the body. */
export function importProfile(agent: AgentProfile): AgentProfile {
  const unfolded = unfoldBody(agent.body);
  const name = unfolded.name && slugify(unfolded.name) === agent.slug ? unfolded.name : agent.name;
  const merged: AgentProfile = { ...agent, name, slug: slugify(name), body: unfolded.body };
  for (const { field } of FOLDED)
    if (merged[field].length === 0 && unfolded.fields[field]) merged[field] = unfolded.fields[field]!;
  return merged;
}

/** Our own profile file for a profile. */
export function formatProfile(agent: AgentProfile): string {
  const data: Record<string, unknown> = { name: agent.name };
  if (agent.description) data.description = agent.description;
  for (const { field } of FOLDED) if (agent[field].length > 0) data[field] = agent[field];
  Object.assign(data, agent.meta);
  return document(data, agent.body);
}
