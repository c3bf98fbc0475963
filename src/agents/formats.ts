/**
 * Profiles in and out of the agent CLIs' own formats. Each CLI's agent file is written by its
 * file in `targets/` (the registry); here are what every format shares: reading our folded
 * fields back out of a body, the single `AGENTS.md` (not any one CLI's), our own profile file,
 * and the list of export targets.
 *
 * Our fields that the CLIs have no key for (scope, boundaries, done definition, outputs,
 * refusal rules, keywords) are folded into the body under a marker line; importing such a file
 * unfolds them again, so a round trip keeps everything both formats can hold.
 */
import { TARGET_LIST } from '../targets/index.js';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import { document, type ExportedFile, FOLD_MARKER, FOLDED } from './export-kit.js';

export type { ExportedFile } from './export-kit.js';

/**
 * `agents export --target`: every agent CLI with agent files, `agents-md` (one AGENTS.md), and
 * `skills` (the skill for working a conducted step, the same for every agent: skill/).
 */
export const EXPORT_TARGETS: readonly string[] = [
  ...TARGET_LIST.filter((target) => target.agentFiles).map((target) => target.name),
  'agents-md',
  'skills',
];
export type ExportTarget = string;

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
  const files = TARGET_LIST.find((candidate) => candidate.name === target)?.agentFiles;
  if (!files) throw new Error(`no agent files for ${target}`);
  return agents.map((agent) => files.export(agent));
}

/** An agent CLI's profile (already loaded) as one of ours: our sections unfolded from the body. */
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
