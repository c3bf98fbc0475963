/**
 * `plan "<goal>"`: a deterministic plan from a goal, without a model. The goal is split into
 * parts (clauses.ts: sentences, titles, lists, asides, relative and purpose clauses; background
 * sentences and non-goals are context, not steps); each part goes to the agent it fits best
 * (route.ts: the agent's own words and the lexicon's domains), or to two agents when both fit
 * almost as well; parts that fit no one stay with their neighbour. Each agent gets one step
 * phrased from its own parts, steps are ordered in phases (build → verify → secure → ship →
 * integrate), and an integration step closes the plan when more than one agent is involved.
 * Every step says in `why` which words routed it.
 */
import { ConductorError } from '../../errors.js';
import type { AgentProfile, ExecutionPlan, PlanStep } from '../../types.js';
import type { GoalPart } from './clauses.js';
import { readGoal } from './markdown.js';
import { nameWords, stem, STOPWORDS, tokenize } from './language.js';
import {
  featuresOf,
  GENERIC_VERBS,
  lexicon,
  routingProfile,
  scorePart,
  SHARED_MARGIN,
  type Evidence,
  type Feature,
  type RoutingProfile,
  type Score,
} from './route.js';
import { PHASES, type Phase, type StepKind, vocabulary } from './vocabulary.js';

export { normalizeGoal, splitGoal } from './clauses.js';
export type { GoalPart } from './clauses.js';
export type { Phase } from './vocabulary.js';

/** A goal is a few sentences; longer text is refused rather than routed word by word. */
export const MAX_GOAL_CHARS = 20_000;

export interface RoutedPartReport {
  text: string;
  /** The agents it went to (two when both fit almost equally); empty for context. */
  agents: string[];
  kind: GoalPart['kind'] | 'kept-with-neighbour' | 'continues';
  /** The words that routed it, with their points. */
  evidence: Evidence[];
  score: number;
}

export interface GeneratedPlan {
  plan: ExecutionPlan;
  /** How the goal was read: each part and the agent it went to. */
  parts: { text: string; agent: string | undefined }[];
  /** The same, with the evidence for each part (`plan --explain`). */
  routing: RoutedPartReport[];
  warnings: string[];
}

const isVerb = (word: string) => vocabulary().verbs.has(word.toLowerCase());

/** Lower-case stems of a text (hyphenated and dotted words split into their pieces too). */
export function words(text: string): Set<string> {
  return new Set(
    tokenize(text).flatMap((token) => [token.stem, ...token.word.split(/[./]/).filter(Boolean).map(stem)]),
  );
}

/**
 * What an integrator says it does: brings the work together, finalizes, hands off, reviews the
 * whole change. "Integration" alone is a technology's word ("payment-integration",
 * "apify-integration-expert"), not a role.
 */
const INTEGRATOR_ROLE = new RegExp(
  [
    String.raw`\bintegrat(?:e|es|ing|or|ors)\b(?!\s+(?:with|into)\b)(?:\s+(?:the\s+|all\s+|every\s+)?`,
    String.raw`(?:work|changes|outputs?|results|steps|parts|pieces|branches|deliverables|contributions)\b)`,
    String.raw`|\bintegrator\b|\bfinali[sz](?:e|es|ing|er|ation)\b|\bhand-?off\b|\bwrap[\s-]up\b`,
    String.raw`|\bcode\s+review(?:s|er|ers|ing)?\b|\b(?:architect(?:ure)?|final)\s+review(?:er|s)?\b`,
    String.raw`|\breview(?:s|ing)?\s+(?:the\s+|all\s+)?(?:code|changes|pull\s+requests?|prs|diffs?|implementation)\b`,
    String.raw`|\breview\s+summary\b`,
  ].join(''),
  'i',
);

const phases = new WeakMap<AgentProfile, Phase>();

/**
 * The phase an agent works in, by its role rather than any word of its name: a phase word in its
 * name (tester, security, devops …) first; then an integrator's role in its name or description
 * (integrates the work, finalizes, reviews the code); then the lexicon domain most of its own
 * words belong to (testing, security, devops); else it builds.
 */
export function agentPhase(agent: AgentProfile): Phase {
  const known = phases.get(agent);
  if (known) return known;
  const name = words(nameWords(agent.name));
  const description = agent.description.split(/\bExamples?\s*:|<example>/i)[0]!;
  let phase: Phase | undefined;
  const { phaseWords, domainPhases } = vocabulary();
  for (const [candidate, terms] of Object.entries(phaseWords) as [Exclude<Phase, 'build'>, string[]][]) {
    if (candidate !== 'integrate' && terms.some((word) => name.has(stem(word)))) phase ??= candidate;
  }
  if (!phase && (INTEGRATOR_ROLE.test(nameWords(agent.name)) || INTEGRATOR_ROLE.test(description))) phase = 'integrate';
  phase ??= domainPhases[routingProfile(agent).main ?? ''] ?? 'build';
  phases.set(agent, phase);
  return phase;
}

export interface GeneratePlanOptions {
  now: string;
}

interface RoutedPart extends GoalPart {
  agents: AgentProfile[];
  evidence: Evidence[];
  score: number;
  /** The verb of the part before it in the same sentence, for a part that has none. */
  carried: string | undefined;
  keptWithNeighbour?: boolean;
  /** Goes with the part before it without a step of its own: "with Postgres and Redis", "fix it". */
  continues?: boolean;
  /** The lexicon domain most of its words belong to. */
  domain?: string | undefined;
}

/** The domain most of a part's (object) words belong to, by weight. */
function dominantDomain(features: readonly Feature[]): string | undefined {
  const weights = new Map<string, number>();
  for (const feature of features)
    for (const domain of feature.domains) weights.set(domain, (weights.get(domain) ?? 0) + feature.weight);
  return [...weights].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Builds the plan. Deterministic: the same goal and agents give the same plan (but for createdAt). */
export function generatePlan(
  goal: string,
  agents: readonly AgentProfile[],
  options: GeneratePlanOptions,
): GeneratedPlan {
  const { text: cleanGoal, parts: goalParts, summary } = readGoal(goal, isVerb);
  if (!cleanGoal)
    throw new ConductorError('USAGE', 'the goal is empty', {
      remedies: [{ run: 'plan "Build a REST API with a React frontend"' }],
    });
  if (agents.length === 0)
    throw new ConductorError('NOT_FOUND', 'no agent profiles to plan with', {
      remedies: [{ run: 'init', why: 'adds the built-in profiles' }],
    });
  if (cleanGoal.length > MAX_GOAL_CHARS) {
    throw new ConductorError(
      'TOO_LARGE',
      `the goal is ${cleanGoal.length.toLocaleString('en')} characters; plan reads at most ` +
        `${MAX_GOAL_CHARS.toLocaleString('en')}`,
      {
        hint:
          'state the goal in a few sentences and put the details in the plan steps, or have an agent write ' +
          'the plan',
        remedies: [{ run: 'plan --prompt "<goal>"', why: 'asks an agent for one' }],
      },
    );
  }
  const warnings: string[] = [];
  const integrator = agents.find((agent) => agentPhase(agent) === 'integrate');
  const profiles = agents.map(routingProfile);

  const allParts = routeParts(goalParts, profiles);
  const work = allParts.filter((part) => part.kind === 'step');
  if (work.length === 0 || work.every((part) => part.agents.length === 0)) {
    const fallback = integrator ?? agents[0]!;
    warnings.push(
      `no agent's keywords match "${cleanGoal}": the whole goal goes to ${fallback.name}; check the plan, or ` +
        `add keywords to the agent that should do it`,
    );
    work.splice(0, work.length, {
      text: cleanGoal,
      sentence: 0,
      start: 0,
      end: cleanGoal.length,
      kind: 'step',
      routing: cleanGoal,
      joiner: '',
      agents: [fallback],
      evidence: [],
      score: 0,
      carried: undefined,
    });
  }
  attachUnmatched(work, warnings);
  warnUnknownWords(work, profiles, warnings);

  // One step per agent, in the order agents first appear in the goal.
  const byAgent = new Map<AgentProfile, RoutedPart[]>();
  for (const part of work) for (const agent of part.agents) byAgent.set(agent, [...(byAgent.get(agent) ?? []), part]);
  const groups = [...byAgent].map(([agent, own], index) => ({
    agent,
    own,
    texts: phrases(own, cleanGoal),
    phase: agentPhase(agent),
    index,
  }));
  groups.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.index - b.index);

  const needsIntegration = byAgent.size > 1;
  if (needsIntegration && !integrator)
    warnings.push('no integrator agent in the pool: the plan ends without an integration step');
  if (needsIntegration && integrator && !byAgent.has(integrator))
    groups.push({ agent: integrator, own: [], texts: [], phase: 'integrate', index: groups.length });

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
    const task = closing
      ? integrationTask(group.texts, steps, summary)
      : withBackground(phrase(group.texts, group.phase), group.own, allParts, cleanGoal);
    steps.push({
      stepNumber,
      agentName: group.agent.name,
      task,
      dependencies,
      expectedOutputs: expectedOutputs(group.agent, group.own, closing),
      why: whyOf(group.agent, group.own, closing),
    });
    currentNumbers.push(stepNumber);
  }

  const routing: RoutedPartReport[] = allParts.map((part) => ({
    text: part.text,
    agents: part.kind === 'step' ? part.agents.map((agent) => agent.name) : [],
    kind: part.keptWithNeighbour ? 'kept-with-neighbour' : part.continues ? 'continues' : part.kind,
    evidence: part.evidence,
    score: part.score,
  }));
  const parts = work.map((part) => ({ text: part.text, agent: part.agents[0]?.name }));
  return { plan: { goal: cleanGoal, createdAt: options.now, steps }, parts, routing, warnings };
}

/** Routes each part and notes the verb it may borrow from the part before it in its sentence. */
function routeParts(parts: GoalPart[], profiles: RoutingProfile[]): RoutedPart[] {
  // What "it" refers to in "fix it": the background sentences and titles of the goal.
  const context = parts
    .filter((part) => part.kind === 'background' || part.kind === 'title')
    .map((part) => part.routing)
    .join('. ');
  let verb: string | undefined;
  let routingVerb: string | undefined;
  let sentence = -1;
  let previousStep: RoutedPart | undefined;
  const recruited = new Set<AgentProfile>();
  return parts.map((part) => {
    if (part.sentence !== sentence)
      [verb, routingVerb, sentence, previousStep] = [undefined, undefined, part.sentence, undefined];
    const routed = routeOne(part);
    if (routed.kind === 'step') previousStep = routed;
    return routed;
  });

  function routeOne(part: GoalPart): RoutedPart {
    const own = leadingVerb(part.text);
    const carried = own ? undefined : verb;
    if (own && part.kind === 'step') verb = own;
    if (part.kind !== 'step') return { ...part, agents: [], evidence: [], score: 0, carried };
    const pronounOnly = contentWords(part) === 0 && context !== '';
    // "Fix it" after "Login fails with a 500 …": the part is routed by what it refers to.
    const {
      features,
      tokens,
      verb: clauseVerb,
      ownVerb,
    } = featuresOf(pronounOnly ? `${part.routing} ${context}` : part.routing, own ? undefined : routingVerb);
    if (own) routingVerb = GENERIC_VERBS.has(stem(own.split(' ')[0]!.toLowerCase())) ? undefined : clauseVerb;
    const objects = features.filter((feature) => !feature.verb);
    const domain = dominantDomain(objects);
    // "… with Postgres and Redis", "… with a PostgreSQL schema": what follows "with" is how the
    // work before it is done (technologies, or words of the same domain), not work of its own.
    // Likewise a second object of the same domain joined by "and" ("… for async/await misuse and nullable warnings").
    const withJoin = ['with', 'using'].includes(part.joiner);
    const andJoin = ['and', ',', 'plus', '+'].includes(part.joiner);
    const sameDomain = domain !== undefined && domain === previousStep?.domain;
    const carriesDomainVerb = features.some((feature) => feature.verb && !feature.nameOnly);
    const complement =
      !ownVerb &&
      objects.length > 0 &&
      ((withJoin && (objects.every((feature) => feature.technology) || sameDomain)) ||
        (andJoin && previousStep?.continues === true && objects.every((feature) => feature.technology)) ||
        (andJoin && sameDomain && !carriesDomainVerb));
    if (complement && previousStep)
      return { ...part, agents: [], evidence: [], score: 0, carried, continues: true, domain: previousStep.domain };
    const scores = profiles.map((profile) => scorePart(features, tokens, profile)).filter((score) => score.total > 0);
    scores.sort((a, b) => b.total - a.total);
    if (!scores[0]) return { ...part, agents: [], evidence: [], score: 0, carried, domain };
    const close = scores.filter((score) => score.total >= scores[0]!.total * SHARED_MARGIN);
    // Among agents that fit almost equally, the one that took the part before keeps the sentence together.
    // Else the one whose own domain the part is in (the backend developer, not the API writer, builds an endpoint).
    const best =
      close.find((score) => previousStep?.agents.includes(score.profile.agent)) ??
      close.find((score) => domain !== undefined && score.profile.main === domain) ??
      scores[0];
    // A second agent shares the part when it fits almost as well and works in another domain
    // ("two-factor authentication": backend and security), not when it is a twin of the first.
    // It must fit by its own main domain: an API writer whose description says "endpoint" does not
    // share "build a REST endpoint".
    const second = close.find(
      (score) =>
        score !== best &&
        score.profile.main !== best.profile.main &&
        features.some((feature) => score.profile.main !== undefined && feature.domains.includes(score.profile.main)),
    );
    const chosen =
      second && best.total >= 6 && !previousStep?.agents.includes(best.profile.agent) ? [best, second] : [best];
    // One goal, as few agents as the evidence asks for: a part brings a new agent into the plan
    // only on clear evidence — the agent's own words (keywords, name, triggers), a technology it
    // owns, or a strong score. A detail that only brushes another domain ("via the media query")
    // stays with an agent already in the plan that fits it at all, or with the work before it.
    if (recruited.size > 0 && chosen.some((score) => !recruited.has(score.profile.agent))) {
      const clear = chosen.filter((score) => recruited.has(score.profile.agent) || isClear(score, features));
      if (clear.length === 0) {
        const inPlan = scores.find((score) => recruited.has(score.profile.agent));
        if (!inPlan && previousStep)
          return { ...part, agents: [], evidence: [], score: 0, carried, continues: true, domain };
        if (inPlan) chosen.splice(0, chosen.length, inPlan);
      } else chosen.splice(0, chosen.length, ...clear);
    }
    for (const score of chosen) recruited.add(score.profile.agent);
    return {
      ...part,
      agents: chosen.map((score) => score.profile.agent),
      evidence: best.evidence,
      score: best.total,
      carried,
      domain,
    };
  }
}

/**
 * A score that brings its agent into a plan by itself: the agent's own words, a technology it
 * owns, or a lot of the part's words.
 */
function isClear(score: Score, features: readonly Feature[]): boolean {
  const { main, stems } = score.profile;
  return (
    score.total >= RECRUIT_SCORE ||
    score.evidence.some((entry) => /\b(?:keyword|name|trigger)\b/.test(entry.why) && entry.points >= 2) ||
    // A technology the part names that the agent names too, or that is of the agent's own domain.
    features.some(
      (feature) =>
        feature.technology &&
        (feature.stems.every((part) => stems.has(part) || /^\d+$/.test(part)) ||
          (main !== undefined && feature.domains.includes(main))),
    )
  );
}

/** What a part's score must reach to bring in an agent on the lexicon's words alone (one head term is 9). */
const RECRUIT_SCORE = 12;

/**
 * Parts that match no agent stay with the part before them (or, at the start, the first matched
 * part): silently when they only continue it ("… with Postgres", "fix it"), with a warning
 * otherwise.
 */
function attachUnmatched(parts: RoutedPart[], warnings: string[]): void {
  const firstMatched = parts.find((part) => part.agents.length > 0)!.agents;
  let previous: AgentProfile[] | undefined;
  for (const part of parts) {
    if (part.agents.length === 0) {
      part.agents = previous ?? firstMatched;
      if (!part.continues && contentWords(part) === 0 && previous) part.continues = true; // "fix it", "test them"
      // One more item of a list: "… into German and French".
      if (
        !part.continues &&
        previous &&
        ['and', ',', 'or'].includes(part.joiner) &&
        tokenize(part.routing).length === 1
      )
        part.continues = true;
      if (!part.continues) {
        part.keptWithNeighbour = true;
        warnings.push(`"${part.text}" matches no agent's keywords; kept with ${part.agents[0]!.name}'s part`);
      }
    }
    previous = part.agents;
  }
}

/** Words of a part that are not stop words, verbs or pronouns. */
function contentWords(part: GoalPart): number {
  const { verbs, pronouns } = vocabulary();
  return tokenize(part.routing).filter(
    (token) => !STOPWORDS.has(token.word) && !verbs.has(token.word) && !pronouns.has(token.word),
  ).length;
}

/** Words that look like names of products or services that no agent and no lexicon entry knows. */
function warnUnknownWords(parts: RoutedPart[], profiles: RoutingProfile[], warnings: string[]): void {
  const { phrases, generic } = lexicon();
  const known = (token: { stem: string }) => profiles.some((profile) => profile.stems.has(token.stem));
  const unknown = new Set<string>();
  for (const part of parts) {
    const tokens = tokenize(part.routing);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const written = part.routing.slice(token.start, token.end);
      const nameLike =
        /^[A-Z][a-z0-9]+[A-Z0-9]|^[A-Z]{2,}[a-z]?$|[a-z][A-Z]/.test(written) || (/^[A-Z]/.test(written) && i > 0);
      if (
        !nameLike ||
        STOPWORDS.has(token.word) ||
        generic.has(token.stem) ||
        phrases.matchAt(tokens, i).length > 0 ||
        known(token)
      )
        continue;
      unknown.add(written);
    }
  }
  if (unknown.size > 0) {
    const list = [...unknown]
      .slice(0, 8)
      .map((word) => `"${word}"`)
      .join(', ');
    const one = unknown.size === 1;
    warnings.push(
      `${list}: no agent and no lexicon entry knows ${one ? 'this word' : 'these words'}, so ` +
        `${one ? 'it' : 'they'} routed nothing; if ${one ? 'it matters' : 'they matter'}, ` +
        `add ${one ? 'it' : 'them'} to an agent's keywords`,
    );
  }
}

/** The words that routed an agent's parts, for the step's `why`. */
function whyOf(agent: AgentProfile, parts: RoutedPart[], closing: boolean): string {
  if (closing && parts.length === 0) return `closes the plan: ${agent.name} is the pool's integrator`;
  const reasons = parts.map((part) => {
    if (part.keptWithNeighbour) return `"${part.text}" (no agent's words; kept with the part before it)`;
    if (part.continues) return `"${part.text}" (goes with the part before it)`;
    const words = part.evidence
      .filter((entry) => part.agents[0] === agent || entry.points > 0)
      .slice(0, 4)
      .map((entry) => `${entry.text} (${entry.why})`);
    const shared =
      part.agents.length > 1
        ? `, shared with ${part.agents
            .filter((other) => other !== agent)
            .map((other) => other.name)
            .join(', ')}`
        : '';
    return `"${part.text}" ← ${words.join(', ') || 'the whole goal'}${shared}`;
  });
  return reasons.join('; ');
}

const KIND_OUTPUTS: Record<Exclude<StepKind, 'build'>, string[]> = {
  findings: [
    'Findings: each issue with its severity, the file and line, and a suggested fix',
    'What was checked, and how, so the review can be repeated',
  ],
  tests: [
    'The tests written or changed, with the command that runs them',
    'The test output: what passed, what failed, and any defects found',
  ],
  docs: ['The documentation written or changed, with where it lives'],
  ship: [
    'The deployment or pipeline configuration that changed',
    'How the deployment was verified (commands and their output)',
  ],
  research: ['A written summary of what was found, with sources', 'Recommendations and open questions'],
};

/**
 * What a step must leave behind, for each kind of work its parts ask for, in the goal's order:
 * the agent's own outputs for build work, else what the kind of step calls for ("add an endpoint
 * and document it" needs the endpoint's outputs and the documentation's).
 */
function expectedOutputs(agent: AgentProfile, parts: RoutedPart[], closing: boolean): string[] {
  if (closing && agent.outputs.length > 0) return [...agent.outputs];
  const kinds = parts.map((part) => {
    const verb = leadingVerb(part.text)?.split(' ')[0]?.toLowerCase() ?? part.carried?.toLowerCase();
    return (verb && vocabulary().stepKinds[verb]) || 'build';
  });
  return [...new Set([...new Set(kinds)].flatMap((kind) => outputsOfKind(agent, kind)))];
}

function outputsOfKind(agent: AgentProfile, kind: StepKind): string[] {
  if (kind === 'build') {
    return agent.outputs.length > 0
      ? [...agent.outputs]
      : [
          'The changes the task asks for, with where they are',
          'A summary of how they were verified (commands and their output)',
        ];
  }
  // An agent whose outputs already are findings, reports or tests keeps its own.
  const own = agent.outputs.filter((output) => OWN_OUTPUTS[kind].test(output));
  return own.length > 0 ? own : KIND_OUTPUTS[kind];
}

const OWN_OUTPUTS: Record<Exclude<StepKind, 'build'>, RegExp> = {
  findings: /finding|report|issue|severity|review|risk/i,
  tests: /test/i,
  docs: /doc|readme|guide/i,
  ship: /deploy|pipeline|config|infra|release/i,
  research: /summary|report|recommend/i,
};

/** A step whose parts are only pronouns ("fix it") gets the background sentences it refers to. */
function withBackground(task: string, own: RoutedPart[], all: RoutedPart[], goal: string): string {
  if (own.some((part) => contentWords(part) > 0)) return task;
  // The sentences the background parts are in, as the goal wrote them.
  const sentences = new Map<number, [number, number]>();
  for (const part of all.filter((entry) => entry.kind === 'background' || entry.kind === 'title')) {
    const span = sentences.get(part.sentence);
    sentences.set(
      part.sentence,
      span ? [Math.min(span[0], part.start), Math.max(span[1], part.end)] : [part.start, part.end],
    );
  }
  const background = [...sentences.values()].map(([start, end]) => goal.slice(start, end).replace(/[.;:]$/, ''));
  return background.length > 0 ? `${task} Context: ${background.join('; ')}.` : task;
}

/**
 * An agent's parts as task phrases. Parts next to each other in one sentence are rejoined as
 * the goal wrote them ("deploy it with Docker"); a verbless part borrows the verb before it ("Create a REST API with
 * a React frontend" → "create a React frontend").
 */
function phrases(parts: RoutedPart[], goal: string): string[] {
  const runs: RoutedPart[][] = [];
  for (const part of parts) {
    const last = runs[runs.length - 1];
    const previous = last?.[last.length - 1];
    if (
      previous &&
      previous.sentence === part.sentence &&
      goal.slice(previous.end, part.start).length < 30 &&
      isNext(parts, previous, part)
    )
      last!.push(part);
    else runs.push([part]);
  }
  return runs.map((run) => {
    const slice = goal.slice(run[0]!.start, run[run.length - 1]!.end);
    // A run that ends inside an aside ("… in Express (server-side validation") closes it again.
    const open = (slice.match(/\(/g) ?? []).length - (slice.match(/\)/g) ?? []).length;
    const text = open > 0 ? `${slice}${')'.repeat(open)}` : slice;
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
  const clauses = groups.map(
    (group, index) => `${index === 0 ? capitalize(group.verb) : group.verb.toLowerCase()} ${joinList(group.objects)}`,
  );
  return `${clauses.join('; ')}.`.replace(/\s+\./, '.');
}

function phaseVerb(phase: Phase, text: string): string {
  return phase === 'verify' && /\btests?\b/i.test(text) ? 'Write' : vocabulary().phaseVerbs[phase];
}

function leadingVerb(text: string): string | undefined {
  const match = /^(set up|back up|roll out|roll back|speed up|wrap up|[a-z]+)\b/i.exec(text);
  return match && vocabulary().verbs.has(match[1]!.toLowerCase().split(' ')[0]!) ? match[1] : undefined;
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
  return (
    `${own} the work of ${range} so that together they meet the goal: "${goal}". Run the whole test ` +
    `suite, update the documentation and write the review summary.`
  );
}

/** The closing step waits for every step that no other step waits for. */
function closingDependencies(steps: readonly PlanStep[]): number[] {
  const waitedFor = new Set(steps.flatMap((step) => step.dependencies));
  return steps.filter((step) => !waitedFor.has(step.stepNumber)).map((step) => step.stepNumber);
}
