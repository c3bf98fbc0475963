/**
 * `plan "<goal>"`: a deterministic plan from a goal, without a model. The goal is split into
 * parts (sentences, "then", commas, "and", "with", …); each part goes to the agent whose
 * keywords (then name, description and scope words) it matches best; parts that match no one
 * stay with their neighbour. Each agent gets one step phrased from its own parts, steps are
 * ordered in phases (build → verify → secure → ship → integrate), and an integration step
 * closes the plan when more than one agent is involved.
 */
import { ConductorError } from '../errors.js';
import type { AgentProfile, ExecutionPlan, PlanStep } from '../types.js';
import { commandName } from '../util/invocation.js';

const PHASES = ['build', 'verify', 'secure', 'ship', 'integrate'] as const;
/** A goal is a few sentences; longer text is refused rather than routed word by word. */
export const MAX_GOAL_CHARS = 20_000;
export type Phase = (typeof PHASES)[number];

export interface GeneratedPlan {
  plan: ExecutionPlan;
  /** How the goal was read: each part and the agent it went to. */
  parts: { text: string; agent: string | undefined }[];
  warnings: string[];
}

const SEPARATORS =
  /\s*(?:,\s*(?:and\s+|or\s+)?then\s+|\s+and\s+then\s+|\s+then\s+|\s+after\s+that\s*,?\s+|\s+followed\s+by\s+|,\s*finally\s*,?\s+|\s+finally\s*,?\s+|,\s*(?:and|plus)\s+|,\s*|\s+and\s+also\s+|\s+and\s+|\s+as\s+well\s+as\s+|\s+plus\s+|\s+with\s+|\s+including\s+)\s*/i;

const VERBS = new Set([
  'add', 'audit', 'automate', 'build', 'check', 'clean', 'configure', 'connect', 'containerize', 'create', 'debug', 'define',
  'deploy', 'design', 'document', 'enable', 'extend', 'finalize', 'fix', 'harden', 'implement', 'improve', 'integrate',
  'introduce', 'make', 'migrate', 'monitor', 'optimize', 'package', 'polish', 'prepare', 'publish', 'refactor', 'release',
  'remove', 'replace', 'review', 'run', 'scan', 'secure', 'set', 'setup', 'ship', 'support', 'test', 'update', 'upgrade',
  'validate', 'verify', 'write', 'wire',
]);

const PHASE_VERB: Record<Phase, string> = { build: 'Build', verify: 'Test', secure: 'Audit', ship: 'Set up', integrate: 'Integrate' };

const PHASE_WORDS: Record<Exclude<Phase, 'build'>, string[]> = {
  verify: ['test', 'tester', 'testing', 'qa', 'quality', 'e2e', 'verify', 'verification'],
  secure: ['security', 'secure', 'audit', 'auditor', 'vulnerability', 'owasp', 'pentest'],
  ship: ['devops', 'deploy', 'deployment', 'release', 'ci', 'cd', 'docker', 'kubernetes', 'infrastructure', 'infra', 'pipeline', 'ops'],
  integrate: ['integrate', 'integrator', 'integration', 'finalize', 'finalizer', 'finalise', 'handoff'],
};

const STOPWORDS = new Set(
  'a an the and or of to for in on at by with from into onto over under this that these those it its is are be been was were as use used using when who what which will would should can could may must not no all any each every other such than then them they their there here your you our we us about after before between through while only also more most less very into per via via'.split(' '),
);

/** Lower-case words, with hyphenated and slashed words also split into their pieces; plurals folded. */
export function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().match(/[a-z0-9][a-z0-9+#./-]*/g) ?? []) {
    const token = raw.replace(/[./-]+$/, '');
    for (const piece of [token, ...token.split(/[-/.]/)]) if (piece) out.add(stem(piece));
  }
  return out;
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** `BackendMaster` → `backend master`, `api-designer` → `api designer`. */
function nameWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
}

export interface GoalPart {
  text: string;
  /** Which sentence of the goal it is in, and where: parts next to each other can be rejoined as written. */
  sentence: number;
  start: number;
  end: number;
}

/** The goal with runs of white space made single: the text parts point into. */
function normalizeGoal(goal: string): string {
  return goal.replace(/\s+/g, ' ').trim();
}

/** Splits a (normalized) goal into its parts. */
export function splitGoal(goal: string): GoalPart[] {
  // "e.g." and "i.e." must not end a sentence: mask their dots (same length, so offsets hold).
  const text = goal.replace(/\b(e\.g|i\.e|etc)\./gi, (match) => match.replace(/\./g, '\u2024'));
  const parts: GoalPart[] = [];
  let sentence = 0;
  for (const [sentenceStart, sentenceEnd] of spans(text, /(?<=[.!?;])\s+|;\s*/g, 0, text.length)) {
    for (const [start, end] of spans(text, new RegExp(SEPARATORS.source, 'gi'), sentenceStart, sentenceEnd)) {
      let from = start;
      let to = end;
      const lead = /^\s*(?:(?:and|then|also|finally)\s+)*/i.exec(text.slice(from, to))![0];
      from += lead.length;
      while (to > from && /[\s.,;:!?]/.test(text[to - 1]!)) to--;
      const piece = text.slice(from, to);
      if (/[a-z0-9]/i.test(piece) && !/^(e\u2024g|i\u2024e|etc)\u2024?$/i.test(piece)) parts.push({ text: goal.slice(from, to), sentence, start: from, end: to });
    }
    sentence++;
  }
  return parts;
}

/** The pieces of text[from, to) between the matches of `separator`. */
function spans(text: string, separator: RegExp, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  separator.lastIndex = from;
  let cursor = from;
  for (let match = separator.exec(text); match && match.index < to; match = separator.exec(text)) {
    if (match[0].length === 0) {
      separator.lastIndex++;
      continue;
    }
    out.push([cursor, match.index]);
    cursor = match.index + match[0].length;
  }
  out.push([cursor, to]);
  return out.filter(([a, b]) => b > a);
}

interface Scored {
  agent: AgentProfile;
  keyword: number;
  other: number;
}

/** Verbs that say nothing about the domain: they do not route a part. */
const GENERIC_VERBS = new Set(['add', 'build', 'create', 'implement', 'make', 'write', 'set', 'setup', 'update', 'improve', 'fix', 'extend', 'support', 'introduce', 'enable', 'prepare', 'run']);
const PREPOSITION = /\s(?:for|to|of|on|in|into|against|from|about|across|via|using|under|over|at|by|within|between)\s/i;

/**
 * How well a part fits an agent. Keywords in the head of the part (before its first
 * preposition: "integration tests | for the payment webhook") count 3, in the rest 2, and a
 * leading domain verb that is a keyword ("Harden …", "Deploy …") 2 more; name words count 2,
 * description and scope words 1.
 */
function score(part: string, agent: AgentProfile): Scored {
  const verb = /^[a-z]+/i.exec(part)?.[0].toLowerCase() ?? '';
  const routed = GENERIC_VERBS.has(verb) ? part.slice(verb.length) : part;
  const cut = PREPOSITION.exec(` ${routed} `);
  const head = cut ? routed.slice(0, Math.max(cut.index - 1, 0)) : routed;
  const tail = cut ? routed.slice(cut.index - 1) : '';
  const headWords = words(head);
  const tailWords = words(tail);
  const phrase = (text: string) => ` ${text.toLowerCase().replace(/[^a-z0-9+#]+/g, ' ')} `;
  const headPhrase = phrase(head);
  const tailPhrase = phrase(tail);
  let keyword = 0;
  const counted = new Set<string>(); // "service" and "services" are one keyword
  for (const entry of agent.keywords) {
    const key = entry.toLowerCase().trim();
    const spaced = key.replace(/[^a-z0-9+#]+/g, ' ').trim();
    if (!spaced || counted.has(stem(spaced))) continue;
    counted.add(stem(spaced));
    const inText = (set: Set<string>, text: string) => (spaced.includes(' ') ? text.includes(` ${spaced} `) : set.has(stem(key)) || set.has(stem(spaced)));
    if (inText(headWords, headPhrase)) keyword += 3 + (stem(spaced) === stem(verb) ? 2 : 0);
    else if (inText(tailWords, tailPhrase)) keyword += 2;
  }
  const partWords = new Set([...headWords, ...tailWords]);
  let other = 0;
  for (const word of words(nameWords(agent.name))) if (word.length > 2 && !STOPWORDS.has(word) && partWords.has(word)) other += 2;
  const descriptive = words([agent.description, ...agent.scope].join(' '));
  for (const word of descriptive) if (word.length > 3 && !STOPWORDS.has(word) && !GENERIC_VERBS.has(word) && partWords.has(word)) other += 1;
  return { agent, keyword, other };
}

/** The best agent for a part, or undefined when no agent matches at all. Ties go to the earlier agent. */
function routePart(part: string, agents: readonly AgentProfile[]): AgentProfile | undefined {
  let best: Scored | undefined;
  for (const agent of agents) {
    const candidate = score(part, agent);
    const total = candidate.keyword + candidate.other;
    if (total === 0) continue;
    if (!best || total > best.keyword + best.other || (total === best.keyword + best.other && candidate.keyword > best.keyword)) best = candidate;
  }
  return best?.agent;
}

/** The phase an agent works in, from its name (weighted) and description. */
export function agentPhase(agent: AgentProfile): Phase {
  const name = words(nameWords(agent.name));
  const description = words(agent.description);
  let best: Phase = 'build';
  let bestScore = 0;
  for (const [phase, vocabulary] of Object.entries(PHASE_WORDS) as [Exclude<Phase, 'build'>, string[]][]) {
    let total = 0;
    for (const word of vocabulary.map(stem)) total += (name.has(word) ? 3 : 0) + (description.has(word) ? 1 : 0);
    if (total > bestScore) [best, bestScore] = [phase, total];
  }
  return best;
}

export interface GeneratePlanOptions {
  now: string;
}

interface RoutedPart extends GoalPart {
  agent: AgentProfile | undefined;
  /** The verb of the part before it in the same sentence, for a part that has none. */
  carried: string | undefined;
}

/** Builds the plan. Deterministic: the same goal and agents give the same plan (but for createdAt). */
export function generatePlan(goal: string, agents: readonly AgentProfile[], options: GeneratePlanOptions): GeneratedPlan {
  const cleanGoal = normalizeGoal(goal);
  if (!cleanGoal) throw new ConductorError('USAGE', 'the goal is empty', { hint: `${commandName()} plan "Build a REST API with a React frontend"` });
  if (agents.length === 0) throw new ConductorError('NOT_FOUND', 'no agent profiles to plan with', { hint: `${commandName()} init adds the built-in profiles` });
  if (cleanGoal.length > MAX_GOAL_CHARS) {
    throw new ConductorError('TOO_LARGE', `the goal is ${cleanGoal.length.toLocaleString('en')} characters; plan reads at most ${MAX_GOAL_CHARS.toLocaleString('en')}`, {
      hint: 'state the goal in a few sentences; put the details in the plan steps (or use plan --prompt and plan import)',
    });
  }
  const warnings: string[] = [];
  const integrator = agents.find((agent) => agentPhase(agent) === 'integrate');

  const parts = routeParts(splitGoal(cleanGoal), agents);
  const matched = parts.map((part) => ({ text: part.text, agent: part.agent?.name }));
  if (parts.every((part) => !part.agent)) {
    const fallback = integrator ?? agents[0]!;
    warnings.push(`no agent's keywords match "${cleanGoal}": the whole goal goes to ${fallback.name}; check the plan, or add keywords to the agent that should do it`);
    parts.splice(0, parts.length, { text: cleanGoal, sentence: 0, start: 0, end: cleanGoal.length, agent: fallback, carried: undefined });
  }
  attachUnmatched(parts, warnings);

  // One step per agent, in the order agents first appear in the goal.
  const byAgent = new Map<AgentProfile, RoutedPart[]>();
  for (const part of parts) byAgent.set(part.agent!, [...(byAgent.get(part.agent!) ?? []), part]);
  const groups = [...byAgent].map(([agent, own], index) => ({ agent, texts: phrases(own, cleanGoal), phase: agentPhase(agent), index }));
  groups.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.index - b.index);

  const needsIntegration = byAgent.size > 1;
  if (needsIntegration && !integrator) warnings.push('no integrator agent in the pool: the plan ends without an integration step');
  if (needsIntegration && integrator && !byAgent.has(integrator)) groups.push({ agent: integrator, texts: [], phase: 'integrate', index: groups.length });

  const steps: PlanStep[] = [];
  let previousPhase: number[] = [];
  let currentPhase: Phase | undefined;
  let currentNumbers: number[] = [];
  for (const group of groups) {
    if (group.phase !== currentPhase) {
      if (currentNumbers.length > 0) previousPhase = currentNumbers;
      currentPhase = group.phase;
      currentNumbers = [];
    }
    const stepNumber = steps.length + 1;
    const closing = needsIntegration && group.agent === integrator;
    // Build steps follow one another in the goal's order; later phases wait for the phase before.
    const dependencies = closing
      ? closingDependencies(steps)
      : group.phase === 'build' && steps.length > 0
        ? [steps[steps.length - 1]!.stepNumber]
        : [...previousPhase];
    steps.push({
      stepNumber,
      agentName: group.agent.name,
      task: closing ? integrationTask(group.texts, steps, cleanGoal) : phrase(group.texts, group.phase),
      dependencies,
      expectedOutputs: group.agent.outputs.length > 0 ? [...group.agent.outputs] : ['A summary of the changes and how they were verified'],
    });
    currentNumbers.push(stepNumber);
  }

  return { plan: { goal: cleanGoal, createdAt: options.now, steps }, parts: matched, warnings };
}

/** Routes each part and notes the verb it may borrow from the part before it in its sentence. */
function routeParts(parts: GoalPart[], agents: readonly AgentProfile[]): RoutedPart[] {
  let verb: string | undefined;
  let sentence = -1;
  return parts.map((part) => {
    if (part.sentence !== sentence) [verb, sentence] = [undefined, part.sentence];
    const own = leadingVerb(part.text);
    const carried = own ? undefined : verb;
    if (own) verb = own;
    return { ...part, agent: routePart(part.text, agents), carried };
  });
}

/** Parts that match no agent stay with the part before them (or, at the start, the first matched part). */
function attachUnmatched(parts: RoutedPart[], warnings: string[]): void {
  const firstMatched = parts.find((part) => part.agent)!.agent!;
  let previous: AgentProfile | undefined;
  for (const part of parts) {
    if (!part.agent) {
      part.agent = previous ?? firstMatched;
      warnings.push(`"${part.text}" matches no agent's keywords; kept with ${part.agent.name}'s part`);
    }
    previous = part.agent;
  }
}

/**
 * An agent's parts as task phrases. Parts next to each other in one sentence are rejoined as
 * the goal wrote them ("deploy it with Docker"); a verbless part borrows the verb before it ("Create a REST API with a React frontend" → "create a React frontend").
 */
function phrases(parts: RoutedPart[], goal: string): string[] {
  const runs: RoutedPart[][] = [];
  for (const part of parts) {
    const last = runs[runs.length - 1];
    const previous = last?.[last.length - 1];
    if (previous && previous.sentence === part.sentence && goal.slice(previous.end, part.start).length < 30 && isNext(parts, previous, part)) last!.push(part);
    else runs.push([part]);
  }
  return runs.map((run) => {
    const text = goal.slice(run[0]!.start, run[run.length - 1]!.end);
    const borrowed = run[0]!.carried && !leadingVerb(text) ? run[0]!.carried : undefined;
    return borrowed ? `${borrowed.toLowerCase()} ${text}` : text;
  });
}

/** True when `b` directly follows `a` in the goal (no other agent's part between them). */
function isNext(parts: RoutedPart[], a: RoutedPart, b: RoutedPart): boolean {
  return parts.indexOf(b) === parts.indexOf(a) + 1;
}

/**
 * A task from an agent's parts: "Build a REST API" + "JWT authentication" → "Build a REST API
 * and JWT authentication." A part without a verb takes the one before it (or the phase's).
 */
function phrase(texts: readonly string[], phase: Phase): string {
  const groups: { verb: string; objects: string[] }[] = [];
  for (const text of texts) {
    const own = leadingVerb(text);
    const verb = own ?? groups[groups.length - 1]?.verb ?? phaseVerb(phase, text);
    const object = own ? text.slice(own.length).trim() : text;
    const last = groups[groups.length - 1];
    if (last && last.verb.toLowerCase() === verb.toLowerCase()) last.objects.push(object);
    else groups.push({ verb, objects: [object] });
  }
  const clauses = groups.map((group, index) => `${index === 0 ? capitalize(group.verb) : group.verb.toLowerCase()} ${joinList(group.objects)}`);
  return `${clauses.join('; ')}.`;
}

function phaseVerb(phase: Phase, text: string): string {
  return phase === 'verify' && /\btests?\b/i.test(text) ? 'Write' : PHASE_VERB[phase];
}

function leadingVerb(text: string): string | undefined {
  const match = /^(set up|[a-z]+)\b/i.exec(text);
  return match && VERBS.has(match[1]!.toLowerCase().split(' ')[0]!) ? match[1] : undefined;
}

function joinList(items: readonly string[], separator = ', '): string {
  if (items.length <= 1) return items[0] ?? '';
  if (separator !== ', ') return items.join(separator);
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function integrationTask(ownParts: readonly string[], steps: readonly PlanStep[], goal: string): string {
  const range = steps.length === 1 ? 'step 1' : `steps 1–${steps.length}`;
  const own = ownParts.length > 0 ? `${phrase(ownParts, 'integrate')} Then integrate` : 'Integrate';
  return `${own} the work of ${range} so that together they meet the goal: "${goal}". Run the whole test suite, update the documentation and write the review summary.`;
}

/** The closing step waits for every step that no other step waits for. */
function closingDependencies(steps: readonly PlanStep[]): number[] {
  const waitedFor = new Set(steps.flatMap((step) => step.dependencies));
  return steps.filter((step) => !waitedFor.has(step.stepNumber)).map((step) => step.stepNumber);
}
