/**
 * What every agent file export is made of: our fields folded into the body under a marker line
 * (so importing the file unfolds them again), YAML front matter as people write it, the
 * description a CLI requires, and the meta keys a CLI documents. The files in `targets/` write
 * their CLI's agent file with these.
 */
import yaml from 'js-yaml';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import { type Capability, capabilitiesOf } from './tools.js';

export interface ExportedFile {
  /** Relative to the export folder, forward slashes. */
  path: string;
  content: string;
  /** What did not carry over, for the person to know. */
  notes: string[];
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export const FOLD_MARKER = '<!-- swarm-conductor profile fields';

export const FOLDED: {
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
export function foldedBody(agent: AgentProfile): string {
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

/** YAML front matter; lists of short words (keywords, tools) on one line, as people write them. */
export function frontMatter(data: Record<string, unknown>): string {
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

export function document(data: Record<string, unknown>, body: string): string {
  return `---\n${frontMatter(data)}\n---\n\n${body.trim()}\n`;
}

/** A description for a CLI that requires one: ours, or the body's first sentence. */
export function requiredDescription(agent: AgentProfile, notes: string[]): string {
  if (agent.description) return agent.description;
  const sentence = /^[^\n#<].*?[.!?](\s|$)/m.exec(agent.body)?.[0].trim() ?? `${agent.name} agent`;
  notes.push(`${agent.name}: no description; the export uses "${sentence}" because the CLI requires one`);
  return sentence;
}

export function metaFor(
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

/**
 * A tool list in another CLI's names, by capability (`Read` → `read_file`): each tool's
 * capabilities become the names `table` gives them, and a name already in the table stays.
 * Tools with no capability the table names are `dropped`, for the export's notes.
 */
export function toolsByCapability(
  tools: readonly string[],
  table: Partial<Record<Capability, readonly string[]>>,
): { mapped: string[]; dropped: string[] } {
  const own = new Set(Object.values(table).flat());
  const mapped: string[] = [];
  const dropped: string[] = [];
  for (const tool of tools) {
    if (own.has(tool)) {
      mapped.push(tool);
      continue;
    }
    const names = capabilitiesOf(tool).flatMap((capability) => table[capability] ?? []);
    if (names.length > 0) mapped.push(...names);
    else dropped.push(tool);
  }
  return { mapped: unique(mapped), dropped };
}
