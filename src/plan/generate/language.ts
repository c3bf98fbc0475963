/**
 * The little language work `plan` needs: words as tokens, a light stemmer so "deploy",
 * "deploys", "deployed" and "deployment" are one word, stop words, and phrases matched on
 * token sequences (longest first), so "integration tests" is one term before "integration" is.
 */

export interface Token {
  /** As written, lower case. */
  word: string;
  /** The stem (`deployment` → `deploy`); technology names with dots or digits keep their form. */
  stem: string;
  /** Offset of the token in the text it came from. */
  start: number;
  end: number;
}

// Words keep dots, slashes, + and # inside (`next.js`, `ci/cd`, `c#`, `n+1`); hyphens split (`front-end` → front end).
const TOKEN = /\.net\b|[a-z0-9][a-z0-9+#]*(?:[./][a-z0-9+#]+)*/g;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    // "REST/GraphQL" is two words; "ci/cd", "ssl/tls" and "ui/ux" are one.
    const pieces =
      match[0].includes('/') && !/^[a-z0-9]{1,3}\/[a-z0-9]{1,3}$/.test(match[0]) ? match[0].split('/') : [match[0]];
    let offset = match.index!;
    for (const word of pieces) {
      if (word) tokens.push({ word, stem: stem(word), start: offset, end: offset + word.length });
      offset += word.length + 1;
    }
  }
  return tokens;
}

/** Longest suffixes first; each is only taken off when at least three letters remain. */
const SUFFIXES: [string, string][] = [
  ['abilities', ''],
  ['ibilities', ''],
  ['izations', ''],
  ['ization', ''],
  ['isations', ''],
  ['isation', ''],
  ['ibility', ''],
  ['ability', ''],
  ['ational', ''],
  ['ations', ''],
  ['ation', ''],
  ['ments', ''],
  ['ment', ''],
  ['ities', ''],
  ['ity', ''],
  ['ings', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ators', ''],
  ['ator', ''],
  ['itors', 'it'],
  ['itor', 'it'],
  ['ers', ''],
  ['er', ''],
  ['ied', 'y'],
  ['ed', ''],
  ['ives', ''],
  ['ive', ''],
  ['ates', ''],
  ['ate', ''],
  ['able', ''],
  ['ible', ''],
  ['ions', ''],
  ['ion', ''],
  ['es', ''],
  ['s', ''],
];

const KEEP = /[^a-z]/;

/** Forms the suffix rules get wrong. */
const EXCEPTIONS: Record<string, string> = {
  apis: 'api',
  kpis: 'kpi',
  uis: 'ui',
  docs: 'docu',
  doc: 'docu',
  ids: 'id',
  ci: 'ci',
  os: 'os',
  // Kept apart from the verbs they would stem into: "contains", "produce".
  container: 'container',
  containers: 'container',
  production: 'production',
  productions: 'production',
}; // technology names (`next.js`, `k8s`, `c#`, `2fa`) are not stemmed

/**
 * A light English stemmer: good enough to make a word and its derived forms agree
 * (deploy/deployment, audit/auditor, monitor/monitoring, user/users). Two passes, so a form
 * with two suffixes comes down to the same stem as the plain word.
 */
export function stem(word: string): string {
  if (Object.hasOwn(EXCEPTIONS, word)) return EXCEPTIONS[word]!;
  if (word.length <= 3 || KEEP.test(word)) return word;
  let base = word;
  for (let pass = 0; pass < 2; pass++) base = stemOnce(base);
  return base;
}

function stemOnce(word: string): string {
  let base = word;
  for (const [suffix, replacement] of SUFFIXES) {
    if (!base.endsWith(suffix)) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(base)) break;
    if (suffix === 'es' && !/(ss|x|ch|sh|z)es$/.test(base)) continue;
    const cut = base.slice(0, -suffix.length) + replacement;
    if (cut.length < 3) continue; // too short to stand alone: try a shorter suffix
    base = cut;
    break;
  }
  if (base.length > 3 && base.endsWith('e')) base = base.slice(0, -1);
  // running → runn → run; but keep -ll, -ss (install, access)
  if (base.length > 3 && /([^aeiouls])\1$/.test(base)) base = base.slice(0, -1);
  return base;
}

const STOPWORD_TEXT = [
  'a an the and or of to for in on at by with from into onto over under this that these those it its is are be',
  'been being was were as use used using when who what which will would should can could may must all any each',
  'every other such than then them they their there here your you our we us about after before between through',
  'while only also more most less very per via so if but our my me i do does did done make made get set up out',
  'off just like want wants need needs please able allow lets let via etc e.g i.e new',
].join(' ');

export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORD_TEXT.split(' '));

/** `BackendMaster` → `backend master`, `api-designer` → `api designer`. */
export function nameWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
}

/** A phrase's stems, as matched against token sequences. */
export function phraseStems(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.stem);
}

/** A set of phrases looked up by their first stem; matched longest first. */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { stems: string[]; value: T }[]>();

  add(phrase: string, value: T): void {
    const stems = phraseStems(phrase);
    if (stems.length === 0) return;
    const list = this.byFirst.get(stems[0]!) ?? [];
    if (list.some((entry) => entry.stems.join(' ') === stems.join(' ') && entry.value === value)) return;
    list.push({ stems, value });
    list.sort((a, b) => b.stems.length - a.stems.length);
    this.byFirst.set(stems[0]!, list);
  }

  /** Every phrase that starts at `tokens[at]`, longest first. */
  matchAt(tokens: readonly Token[], at: number): { length: number; value: T }[] {
    const candidates = this.byFirst.get(tokens[at]!.stem) ?? [];
    const found: { length: number; value: T }[] = [];
    for (const { stems, value } of candidates) {
      if (stems.every((part, offset) => tokens[at + offset]?.stem === part))
        found.push({ length: stems.length, value });
    }
    return found;
  }
}
