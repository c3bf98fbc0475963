/**
 * What `agents new` writes as placeholders (from the agent.md.njk template, yours or the
 * built-in), so that `agents validate` can say which fields still hold them: a scaffold that
 * was never filled in would otherwise pass as a valid profile.
 */
import type { AgentProfile } from '../types.js';
import { quote as quoteText } from '../util/text.js';
import { parseFrontMatter } from './parse.js';
import { toProfile } from './profile.js';

/** The name the scaffold is rendered with, to tell the name apart from the placeholder text. */
export const SCAFFOLD_NAME = 'ScaffoldAgentName';

export interface Placeholders {
  description: string;
  lists: Partial<Record<'scope' | 'boundaries' | 'doneDefinition' | 'outputs' | 'refusalRules', string[]>>;
  /** The scaffold's body with the name standing for itself. */
  body: string;
}

const LISTS = ['scope', 'boundaries', 'doneDefinition', 'outputs', 'refusalRules'] as const;

/** The placeholders in a rendered scaffold (agent.md.njk rendered with name SCAFFOLD_NAME and no description). */
export function placeholdersOf(scaffold: string): Placeholders {
  const profile = toProfile(parseFrontMatter(scaffold.trimStart(), 'agent.md.njk'), 'agent.md.njk').agent;
  if (!profile) return { description: '', lists: {}, body: '' };
  const lists: Placeholders['lists'] = {};
  for (const field of LISTS) if (profile[field].length > 0) lists[field] = profile[field];
  return { description: profile.description, lists, body: profile.body };
}

/** The fields of a profile that still hold what `agents new` wrote, as `field: …` warnings. */
export function unchangedPlaceholders(agent: AgentProfile, placeholders: Placeholders): string[] {
  const notes: string[] = [];
  const quote = (text: string) => quoteText(text, 50);
  if (placeholders.description && agent.description === placeholders.description) {
    notes.push(
      `description: still the placeholder that agents new wrote (${quote(agent.description)}); say what this ` +
        `agent does`,
    );
  }
  for (const field of LISTS) {
    const left = (placeholders.lists[field] ?? []).filter((item) => agent[field].includes(item));
    if (left.length > 0)
      notes.push(`${field}: still the placeholder that agents new wrote (${quote(left[0]!)}); replace it`);
  }
  const body = placeholders.body.split(SCAFFOLD_NAME).join(agent.name);
  if (body && agent.body.includes(body.slice(0, Math.min(body.length, 120))))
    notes.push('body: still the text that agents new wrote; describe how this agent works');
  return notes;
}
