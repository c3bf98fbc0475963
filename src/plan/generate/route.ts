/**
 * Which agent does a part of a goal. Each agent gets a routing profile from its own words —
 * keywords (3), name (2), description with its routing text and examples, scope (1), and the
 * trigger lists some descriptions carry ("Triggers on: 'GDPR', 'CCPA'", 3) — and from the
 * domains those words belong to in the shipped lexicon (data/lexicon.json), so an agent without
 * keywords still gets the parts of its domain ("vue" → frontend → the UI agent).
 *
 * A part's words count by where they stand: its main verb (its own, or the one before it in
 * the sentence: "deploy the API to staging, the frontend to Vercel") 6 — and then the words of
 * other domains in its clause a third as much —, the words before its first preposition 3, the
 * rest 1. Phrases of the lexicon or of an agent are matched before
 * single words; generic words and negated words do not count.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AgentProfile } from '../../types.js';
import { DATA_DIR } from '../../util/package.js';
import { nameWords, PhraseIndex, stem, STOPWORDS, tokenize, type Token } from './language.js';
import { vocabulary } from './vocabulary.js';

interface LexiconFile {
  domains: Record<string, { terms: string[]; technologies: string[]; verbs: string[]; within?: string }>;
  crosscutting: string[];
  generic: string[];
}

interface LexiconEntry {
  domain: string;
  kind: 'term' | 'technology' | 'verb';
}

export interface Lexicon {
  phrases: PhraseIndex<LexiconEntry>;
  verbs: Map<string, string>;
  generic: Set<string>;
  domains: string[];
  /** Domains whose verbs apply to any domain (migrate, optimize): they do not outweigh their objects. */
  crosscutting: Set<string>;
  /** A specialism's wider domain (payments → backend). */
  within: Map<string, string>;
}

let loaded: Lexicon | undefined;

/** The shipped lexicon, read once. */
export function lexicon(): Lexicon {
  if (loaded) return loaded;
  const file = JSON.parse(readFileSync(path.join(DATA_DIR, 'lexicon.json'), 'utf8')) as LexiconFile;
  const phrases = new PhraseIndex<LexiconEntry>();
  const verbs = new Map<string, string>();
  for (const [domain, entry] of Object.entries(file.domains)) {
    for (const term of entry.terms) phrases.add(term, { domain, kind: 'term' });
    for (const technology of entry.technologies) phrases.add(technology, { domain, kind: 'technology' });
    for (const verb of entry.verbs) {
      phrases.add(verb, { domain, kind: 'verb' });
      verbs.set(
        tokenize(verb)
          .map((token) => token.stem)
          .join(' '),
        domain,
      );
    }
  }
  const generic = new Set(
    file.generic.map((word) =>
      tokenize(word)
        .map((token) => token.stem)
        .join(' '),
    ),
  );
  const within = new Map(
    Object.entries(file.domains).flatMap(([domain, entry]) => (entry.within ? [[domain, entry.within] as const] : [])),
  );
  loaded = {
    phrases,
    verbs,
    generic,
    domains: Object.keys(file.domains),
    crosscutting: new Set(file.crosscutting),
    within,
  };
  return loaded;
}

type Source = 'keyword' | 'trigger' | 'name' | 'description' | 'scope';

/** Lexicon hits (weighted by where in the profile they are) that make an agent fully of a domain. */
const DOMAIN_SATURATION = 6;
const SOURCE_WEIGHT: Record<Source, number> = { keyword: 3, trigger: 3, name: 2, description: 1, scope: 1 };

/** Words in agent names that say what kind of agent it is, not what it works on (data/vocabulary.json), stemmed. */
let roleWords: Set<string> | undefined;
const isRoleWord = (stemmed: string) => (roleWords ??= new Set(vocabulary().roleWords.map(stem))).has(stemmed);

interface AgentTerm {
  weight: number;
  source: Source;
}

export interface RoutingProfile {
  agent: AgentProfile;
  /** Single stems and their strongest source. */
  stems: Map<string, AgentTerm>;
  /** Multi-word keywords and triggers. */
  phrases: PhraseIndex<AgentTerm>;
  /** How much the agent works in each domain (0–1), from the lexicon's words in its own. */
  domains: Map<string, number>;
  /** The domain most of its words belong to. */
  main: string | undefined;
}

/** `Triggers on: 'GDPR', 'CCPA', 'privacy compliance'.` → the quoted items. */
function triggers(description: string): string[] {
  const list = /\bTriggers?\s+(?:on|when)\s*:\s*([^\n]+)/i.exec(description)?.[1] ?? '';
  return [...list.matchAll(/['"‘“]([^'"’”]{2,60})['"’”]/g)].map((match) => match[1]!);
}

export function routingProfile(agent: AgentProfile): RoutingProfile {
  const { phrases: lexiconPhrases, generic } = lexicon();
  const stems = new Map<string, AgentTerm>();
  const phrases = new PhraseIndex<AgentTerm>();
  const hits = new Map<string, number>();
  const addWords = (text: string, source: Source) => {
    const tokens = tokenize(text);
    for (let i = 0; i < tokens.length; i++) {
      // Lexicon phrases in the agent's own words give it its domains (a phrase of two domains, both).
      const matches = lexiconPhrases.matchAt(tokens, i).filter((match) => match.value.kind !== 'verb');
      for (const match of matches.filter((entry) => entry.length === matches[0]!.length)) {
        hits.set(match.value.domain, (hits.get(match.value.domain) ?? 0) + SOURCE_WEIGHT[source] * match.length);
      }
      const token = tokens[i]!;
      if (
        STOPWORDS.has(token.word) ||
        generic.has(token.stem) ||
        token.word.length < 2 ||
        (source === 'name' && isRoleWord(token.stem))
      )
        continue;
      const current = stems.get(token.stem);
      if (!current || current.weight < SOURCE_WEIGHT[source])
        stems.set(token.stem, { weight: SOURCE_WEIGHT[source], source });
    }
  };
  for (const keyword of agent.keywords) {
    if (tokenize(keyword).length > 1) phrases.add(keyword, { weight: 3, source: 'keyword' });
    addWords(keyword, 'keyword');
  }
  for (const trigger of triggers(agent.description)) phrases.add(trigger, { weight: 3, source: 'trigger' });
  addWords(nameWords(agent.name), 'name');
  // The whole description counts, routing text and examples included: they say when to use the agent.
  addWords(agent.description.replace(/\\n/g, ' '), 'description');
  for (const item of agent.scope) addWords(item, 'scope');
  // Two keywords' worth of a domain's words make an agent of that domain; its main domain counts
  // fully, a side domain about half (a security agent that mentions endpoints is not a backend agent).
  const most = Math.max(0, ...hits.values());
  const domains = new Map(
    [...hits].map(([domain, value]) => [domain, Math.min(1, value / DOMAIN_SATURATION) * (0.5 + 0.5 * (value / most))]),
  );
  const main = [...hits].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { agent, stems, phrases, domains, main };
}

/** One word or phrase of a part, and how much it counts. */
export interface Feature {
  text: string;
  stems: string[];
  weight: number;
  verb: boolean;
  /** Lexicon domains of the word or phrase. */
  domains: string[];
  /** The lexicon knows it as a technology (Postgres, Docker, React). */
  technology: boolean;
  /** A generic verb ("design", "review"): it counts only for an agent whose name has it (api-designer). */
  nameOnly?: boolean;
  /** A verb of a crosscutting domain ("upgrade"): it does not outweigh its objects. */
  crosscutting?: boolean;
}

/** Verbs of looking at something for something: `review X for Y` is work of Y's domain. */
const INSPECTION_VERBS: ReadonlySet<string> = new Set(
  ['review', 'audit', 'assess', 'check', 'scan', 'inspect', 'evaluate', 'analyze', 'analyse', 'examine', 'test'].map(
    stem,
  ),
);

/** What a domain verb counts; the words of other domains in its clause count a third as much. */
const VERB_WEIGHT = 6;
const OFF_VERB = 0.3;

/**
 * What a word before the part's first preposition counts (the work), against 1 for the words after it (its context).
 */
const HEAD_WEIGHT = 3;

const PREPOSITION = new Set(
  [
    'for',
    'to',
    'of',
    'on',
    'in',
    'into',
    'against',
    'from',
    'about',
    'across',
    'via',
    'using',
    'under',
    'over',
    'at',
    'by',
    'within',
    'between',
    'behind',
    'inside',
    'through',
  ].map(stem),
);

/** Verbs that say nothing about the domain ("build", "add"): they neither route nor carry. */
export const GENERIC_VERBS = new Set(
  [
    'add',
    'build',
    'create',
    'implement',
    'make',
    'write',
    'set',
    'setup',
    'update',
    'improve',
    'fix',
    'extend',
    'support',
    'introduce',
    'enable',
    'prepare',
    'run',
    'do',
    'get',
    'put',
    'change',
    'handle',
    'use',
    'allow',
    'let',
    'show',
    'display',
    'move',
    'rework',
    'refactor',
    'clean',
    'remove',
    'replace',
    'rename',
    'ensure',
    'keep',
    'design',
  ].map(stem),
);

/**
 * The features of a part. `verb` is the clause's main verb when the part has none of its own
 * (carried from the part before it in the sentence).
 */
export function featuresOf(
  routing: string,
  carriedVerb: string | undefined,
): { features: Feature[]; verb: string | undefined; tokens: Token[]; ownVerb: boolean } {
  const { phrases, verbs, generic, crosscutting } = lexicon();
  const tokens = tokenize(routing);
  const features: Feature[] = [];
  let head = true;
  const first = tokens[0];
  // The part's own main verb: its first word, or a two-word verb ("set up", "back up", "roll out").
  const twoWord = first && tokens[1] ? `${first.stem} ${tokens[1].stem}` : '';
  const ownVerb =
    first &&
    (verbs.has(twoWord) ? twoWord : verbs.has(first.stem) || GENERIC_VERBS.has(first.stem) ? first.stem : undefined);
  let i = 0;
  if (ownVerb) {
    const length = ownVerb.split(' ').length;
    const text = tokens
      .slice(0, length)
      .map((token) => token.word)
      .join(' ');
    if (verbs.has(ownVerb))
      features.push({
        text,
        stems: ownVerb.split(' '),
        weight: VERB_WEIGHT,
        verb: true,
        domains: [verbs.get(ownVerb)!],
        technology: false,
      });
    else
      features.push({
        text,
        stems: [ownVerb],
        weight: VERB_WEIGHT / 2,
        verb: true,
        domains: [],
        technology: false,
        nameOnly: true,
      });
    i = length;
  } else if (carriedVerb && verbs.has(carriedVerb)) {
    features.push({
      text: carriedVerb,
      stems: carriedVerb.split(' '),
      weight: VERB_WEIGHT,
      verb: true,
      domains: [verbs.get(carriedVerb)!],
      technology: false,
    });
  }
  // "Review the payment webhook for security vulnerabilities" is a security review: after an
  // inspection verb, what it looks for is the work, and what it looks at is where.
  const lookFor =
    first && INSPECTION_VERBS.has(first.stem) ? tokens.findIndex((token, at) => at > 0 && token.stem === 'for') : -1;
  if (lookFor > 0) head = false;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (i === lookFor) head = true;
    else if (PREPOSITION.has(token.stem) && i > 0 && !(lookFor > 0 && i < lookFor)) head = false;
    const matches = phrases.matchAt(tokens, i).filter((match) => match.value.kind !== 'verb' || i === 0);
    const longest = matches[0]?.length ?? 0;
    const span = Math.max(longest, 1);
    const words = tokens.slice(i, i + span);
    const stems = words.map((word) => word.stem);
    const key = stems.join(' ');
    const domains = [
      ...new Set(matches.filter((match) => match.length === longest).map((match) => match.value.domain)),
    ];
    if (
      !(longest <= 1 && (STOPWORDS.has(token.word) || generic.has(token.stem))) &&
      !(longest > 1 && generic.has(key))
    ) {
      const technology =
        longest > 0 &&
        matches.filter((match) => match.length === longest).every((match) => match.value.kind === 'technology');
      features.push({
        text: words.map((word) => word.word).join(' '),
        stems,
        weight: head ? HEAD_WEIGHT : 1,
        verb: false,
        domains,
        technology,
      });
    }
    i += span;
  }
  // Once the work (the head) names a domain, where it happens (the words after the preposition) counts half.
  if (features.some((feature) => !feature.verb && feature.weight === HEAD_WEIGHT && feature.domains.length > 0)) {
    for (const feature of features) if (!feature.verb && feature.weight === 1) feature.weight = 0.5;
  }
  for (const feature of features)
    if (feature.verb && feature.domains.every((domain) => crosscutting.has(domain))) feature.crosscutting = true;
  return {
    features,
    verb: ownVerb && verbs.has(ownVerb) ? ownVerb : ownVerb ? undefined : carriedVerb,
    tokens,
    ownVerb: ownVerb !== undefined,
  };
}

export interface Evidence {
  text: string;
  points: number;
  why: string;
}

export interface Score {
  profile: RoutingProfile;
  total: number;
  evidence: Evidence[];
}

/** How well a part's features fit an agent, with the words that made the score. */
export function scorePart(features: readonly Feature[], tokens: readonly Token[], profile: RoutingProfile): Score {
  const { generic, within } = lexicon();
  const evidence: Evidence[] = [];
  let total = 0;
  // The agent's own phrases first ("rate limiting" in a keyword list).
  const phraseHit = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const [match] = profile.phrases.matchAt(tokens, i);
    if (!match) continue;
    const text = tokens
      .slice(i, i + match.length)
      .map((token) => token.word)
      .join(' ');
    const points = match.value.weight * 2 * match.length;
    total += points;
    evidence.push({ text, points, why: match.value.source });
    for (let k = i; k < i + match.length; k++) phraseHit.add(k);
    i += match.length - 1;
  }
  // The clause's domain verb outweighs its object nouns: words of other domains count less.
  const verbDomains = features
    .filter((feature) => feature.verb && !feature.nameOnly && !feature.crosscutting)
    .flatMap((feature) => feature.domains);
  for (const feature of features) {
    const stemKey = feature.stems.join(' ');
    let direct = 0;
    let source: Source | undefined;
    if (feature.nameOnly) {
      const term = profile.stems.get(stemKey);
      if (term?.source === 'name') [direct, source] = [term.weight, term.source];
    } else if (feature.stems.length === 1) {
      const term = profile.stems.get(stemKey);
      if (term) [direct, source] = [term.weight, term.source];
    } else {
      // A phrase whose every word that means something is the agent's counts once, at its weakest word's weight.
      const meaningful = feature.stems.filter((part) => !generic.has(part) && !STOPWORDS.has(part));
      if (meaningful.length > 0 && meaningful.every((part) => profile.stems.has(part))) {
        const weakest = meaningful.map((part) => profile.stems.get(part)!).sort((a, b) => a.weight - b.weight)[0]!;
        [direct, source] = [weakest.weight, weakest.source];
      }
    }
    // A specialism's word counts half for an agent of the wider domain (Stripe for a backend agent).
    const domain = feature.domains.reduce((best, name) => {
      const wider = within.get(name);
      return Math.max(best, profile.domains.get(name) ?? 0, wider ? (profile.domains.get(wider) ?? 0) / 2 : 0);
    }, 0);
    const viaDomain = domain * 3;
    const offVerb =
      !feature.verb && verbDomains.length > 0 && !feature.domains.some((name) => verbDomains.includes(name))
        ? OFF_VERB
        : 1;
    // A technology in the agent's own name or keywords is the agent's, wherever the part names it
    // ("the subscriptions table in Postgres" → postgres-pro).
    const owned = feature.technology && (source === 'name' || source === 'keyword');
    const points = (owned ? Math.max(feature.weight, HEAD_WEIGHT) : feature.weight) * offVerb * (direct + viaDomain);
    if (points <= 0) continue;
    total += points;
    const reasons = [
      source ? `${source}` : '',
      viaDomain > 0 ? `lexicon: ${feature.domains.join('/')}` : '',
      feature.verb ? 'main verb' : '',
    ].filter(Boolean);
    evidence.push({ text: feature.text, points, why: reasons.join(', ') });
  }
  return { profile, total, evidence: evidence.sort((a, b) => b.points - a.points) };
}

/** A second agent shares a part when its score is at least this share of the best one. */
export const SHARED_MARGIN = 0.9;
