/**
 * `agentBodyExclude`: sections of profile bodies left out of session prompts — a heading and
 * everything under it up to the next heading of its level or above. An entry is a heading's text
 * (case-insensitive) or `/regex/flags` tested on it; a list applies to every agent, an object
 * maps agent names (and `*`, every agent) to lists. For the parts of public agent files that
 * would take over a session (activation rituals, protocols with other agents).
 */
import type { AgentProfile } from '../types.js';
import { bodySections } from './sections.js';

/** One entry of `agentBodyExclude`, resolved. */
export interface BodyExcludeRule {
  /** The heading text or `/regex/flags`, as written. */
  entry: string;
  /** The agent it is for (as written), or undefined for every agent. */
  agent: string | undefined;
  /** Where it was set, as a person would look it up: `agentBodyExclude["*"]`, `agentBodyExclude.BackendMaster`. */
  setting: string;
}

/** A section left out of a body. */
export interface DroppedSection {
  heading: string;
  /** 1-based line of the heading in the body. */
  line: number;
  /** 1-based line after the section. */
  end: number;
  characters: number;
  /** The rule's entry and setting. */
  entry: string;
  setting: string;
}

export interface ExcludedBody {
  text: string;
  dropped: DroppedSection[];
}

const REGEX_ENTRY = /^\/(.+)\/([a-z]*)$/s;

/** A problem with an entry as a regular expression (`/…/flags`), or undefined when it is fine or plain text. */
export function patternProblem(entry: string): string | undefined {
  const match = REGEX_ENTRY.exec(entry);
  if (!match) return undefined;
  try {
    new RegExp(match[1]!, match[2]);
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    if (/flags/i.test(error.message) && !/^Invalid regular expression: \//.test(error.message))
      return `unknown flags "${match[2]}"`;
    return error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

const normalise = (heading: string) =>
  heading
    .replace(/^[*_`\s]+|[*_`\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** Whether an entry picks out this heading. */
export function headingMatches(entry: string, heading: string): boolean {
  const match = REGEX_ENTRY.exec(entry);
  if (match) return new RegExp(match[1]!, match[2]!.replace(/[gy]/g, '')).test(heading);
  return normalise(entry) === normalise(heading);
}

/** The config's `agentBodyExclude` as rules, in the order written. */
export function excludeRules(setting: readonly string[] | Readonly<Record<string, readonly string[]>> | undefined) {
  if (setting === undefined) return [];
  if (Array.isArray(setting))
    return setting.map((entry): BodyExcludeRule => ({ entry, agent: undefined, setting: 'agentBodyExclude' }));
  return Object.entries(setting as Record<string, readonly string[]>).flatMap(([agent, entries]) =>
    entries.map(
      (entry): BodyExcludeRule => ({
        entry,
        agent: agent === '*' ? undefined : agent,
        setting: /^[A-Za-z_$][\w$]*$/.test(agent)
          ? `agentBodyExclude.${agent}`
          : `agentBodyExclude[${JSON.stringify(agent)}]`,
      }),
    ),
  );
}

/** The rules for this agent: every agent's, and those under its name (case-insensitive) or slug. */
export function rulesFor(rules: readonly BodyExcludeRule[], agent: Pick<AgentProfile, 'name' | 'slug'>) {
  const name = agent.name.toLowerCase();
  return rules.filter(
    (rule) => rule.agent === undefined || rule.agent.toLowerCase() === name || rule.agent.toLowerCase() === agent.slug,
  );
}

/** The body without the sections the rules pick out (nested ones go with their parent). */
export function excludeSections(body: string, rules: readonly BodyExcludeRule[]): ExcludedBody {
  if (rules.length === 0) return { text: body, dropped: [] };
  const lines = body.split('\n');
  const dropped: DroppedSection[] = [];
  for (const section of bodySections(lines)) {
    if (dropped.some((done) => section.start >= done.line - 1 && section.start < done.end - 1)) continue;
    const rule = rules.find((candidate) => headingMatches(candidate.entry, section.heading));
    if (!rule) continue;
    dropped.push({
      heading: section.heading,
      line: section.start + 1,
      end: section.end + 1,
      characters: lines.slice(section.start, section.end).join('\n').length,
      entry: rule.entry,
      setting: rule.setting,
    });
  }
  if (dropped.length === 0) return { text: body, dropped };
  const kept = lines.filter((_line, index) => !dropped.some((part) => index >= part.line - 1 && index < part.end - 1));
  return {
    text: kept
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    dropped,
  };
}

/**
 * `validate`'s notes on rules that do nothing: for an agent no profile is named, or an entry no
 * heading of the bodies it applies to matches (a typo leaves the section in every prompt).
 */
export function idleRuleWarnings(
  rules: readonly BodyExcludeRule[],
  agents: readonly Pick<AgentProfile, 'name' | 'slug' | 'body'>[],
): string[] {
  const warnings: string[] = [];
  const unknown = new Set<string>();
  for (const rule of rules) {
    const applies = agents.filter((agent) => rulesFor([rule], agent).length > 0);
    if (rule.agent !== undefined && applies.length === 0) {
      if (!unknown.has(rule.setting))
        warnings.push(
          `${rule.setting}: no agent is named "${rule.agent}" (known: ${agents.map((agent) => agent.name).join(', ')})`,
        );
      unknown.add(rule.setting);
      continue;
    }
    const used = applies.some((agent) => excludeSections(agent.body, [rule]).dropped.length > 0);
    if (!used) warnings.push(`${rule.setting}: ${JSON.stringify(rule.entry)} matches no heading of the agents' bodies`);
  }
  return warnings;
}
