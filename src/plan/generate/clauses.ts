/**
 * A goal as parts: sentences, then clauses. Real goals (issue titles and bodies) come as
 * "Title: a, b + c (d) / e so that f", with background sentences ("… was recently added"),
 * non-goals and bullets; each of those is recognised here so that only work becomes a step.
 */

/** `heading` and `non-goal` come from a goal written as markdown (markdown.ts). */
export type PartKind = 'step' | 'background' | 'title' | 'heading' | 'purpose' | 'negated' | 'non-goal';

export interface GoalPart {
  /** The part as written (offsets into the normalised goal). */
  text: string;
  /** Which sentence of the goal it is in, and where: parts next to each other can be rejoined as written. */
  sentence: number;
  start: number;
  end: number;
  kind: PartKind;
  /** The text to route: the part without its negated words ("…, not the mobile app"). */
  routing: string;
  /**
   * The word that joined it to the part before it (`with`, `and`, `,` …), lower case; '' for the first part of a
   * clause.
   */
  joiner: string;
}

/**
 * The goal with bullets and line breaks turned into clause and sentence breaks, and runs of white space made single.
 */
export function normalizeGoal(goal: string): string {
  return goal
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '') // a goal that starts with a bullet
    .replace(/:\s*\n\s*(?:[-*+•]|\d+[.)])\s+/g, ': ') // "Goals:\n- a" → "Goals: a"
    .replace(/\n\s*(?:[-*+•]|\d+[.)])\s+/g, ', ') // further bullets continue the list
    .replace(/([^.!?:;,\s])\s*\n\s*\n?/g, '$1. ') // a line that ends without punctuation ends a sentence
    .replace(/\s+/g, ' ')
    .replace(/:\s*,\s*/g, ': ')
    .trim();
}

const SEPARATORS = new RegExp(
  String.raw`\s*(?:,\s*(?:and\s+|or\s+)?then\s+|\s+and\s+then\s+|\s+then\s+|\s+after\s+that\s*,?\s+|` +
    String.raw`\s+followed\s+by\s+|,\s*finally\s*,?\s+|\s+finally\s*,?\s+|,\s*(?:and|plus)\s+|,\s*|` +
    String.raw`\s+and\s+also\s+|\s+and\s+|\s+as\s+well\s+as\s+|(?<!\b(?:a|the))\s+plus\s+|\s+with\s+|` +
    String.raw`\s+including\s+|\s+\+\s+|\s+\/\s+|\s+(?:backed|powered|served|fed|driven)\s+by\s+|\s+(?:that|` +
    String.raw`which)\s+(?:reads?\s+from|writes?\s+to|calls?|talks?\s+to|fetches\s+from|fetch(?:es)?|quer(?:ies|` +
    String.raw`y)|uses?|consumes?|pulls?\s+from|posts?\s+to|stores?\s+(?:in|to)|syncs?\s+with|sends?\s+to|` +
    String.raw`loads?\s+from|gets?\s+(?:data\s+)?from)\s+)\s*`,
  'i',
);

/** Clauses that say why, not what: kept as context, never a step. */
const PURPOSE = new RegExp(
  String.raw`\s+(?:so\s+that|so\s+(?:users?|we|people|customers|it|they)\s+(?:can|could|will)|in\s+order\s+to|` +
    String.raw`to\s+(?:allow|let|enable|make\s+sure|ensure|avoid|prevent|help|comply\s+with|meet|satisfy|` +
    String.raw`support))\s+`,
  'i',
);

/** Words that drop the rest of their clause: "without a UI", "not the mobile app", "no UI changes". */
const NEGATION = new RegExp(
  String.raw`\b(?:without|not|no|never|except|excluding|don't|dont|do\s+not|does\s+not|must\s+not|shouldn't|` +
    String.raw`should\s+not|but\s+not|instead\s+of|rather\s+than|other\s+than)\b`,
  'i',
);

/** Sentences that open a list of things not to do. */
const NON_GOALS =
  /^(?:non-?goals?|out\s+of\s+scope|not\s+in\s+scope|not\s+included|excluded|won't\s+do|wont\s+do|not\s+planned)\s*:/i;

/** Sentences that tell how things are, not what to do. */
const BACKGROUND_START = new RegExp(
  String.raw`^(?:currently|right\s+now|today|at\s+the\s+moment|as\s+of\b|we\s+(?:have|use|already|currently|` +
    String.raw`recently)|there\s+(?:is|are)|there's|the\s+current|context\s*:|background\s*:|note\s*:|fyi\b|` +
    String.raw`previously|recently|since\b|for\s+context|this\s+(?:is|was)\b|it\s+(?:is|was)\s+(?:currently|now))`,
  'i',
);
const STATE = new RegExp(
  String.raw`\b(?:fails|fail|failed|breaks|broke|crashes|crashed|hangs|throws|returns\s+(?:a\s+)?\d{3}|` +
    String.raw`times\s+out|retries\s+forever|leaks)\b|\b(?:is|are|was|were|has\s+been|have\s+been|got|gets|` +
    String.raw`keeps)\s+(?:\w+ly\s+|just\s+|already\s+|now\s+|still\s+)?(?:added|introduced|merged|released|` +
    'deployed|shipped|created|implemented|removed|changed|moved|renamed|broken|failing|slow|flaky|' +
    String.raw`missing|deprecated|outdated|down|crashing|timing\s+out|empty|wrong|stale|hardcoded|hard-coded|` +
    String.raw`duplicated|done|available|supported|used|written|built)\b`,
  'i',
);

/** Sentence ends; "e.g." and "i.e." do not end one (their dots are masked, same length). */
function sentences(text: string): [number, number, string][] {
  return spans(text, /(?<=[.!?;])\s+|;\s*/g, 0, text.length);
}

/**
 * The pieces of text[from, to) between the matches of `separator`, each with the separator before it (trimmed, lower
 * case).
 */
function spans(text: string, separator: RegExp, from: number, to: number): [number, number, string][] {
  const out: [number, number, string][] = [];
  separator.lastIndex = from;
  let cursor = from;
  let joiner = '';
  for (let match = separator.exec(text); match && match.index < to; match = separator.exec(text)) {
    if (match[0].length === 0) {
      separator.lastIndex++;
      continue;
    }
    out.push([cursor, match.index, joiner]);
    cursor = match.index + match[0].length;
    joiner = match[0].trim().toLowerCase().replace(/\s+/g, ' ');
  }
  out.push([cursor, to, joiner]);
  return out.filter(([a, b]) => b > a);
}

const startsWithVerbLike = (text: string, isVerb: (word: string) => boolean) =>
  isVerb(/^[a-z]+/i.exec(text.trim())?.[0]?.toLowerCase() ?? '');

/** Splits a (normalised) goal into its parts; `isVerb` tells an imperative from a statement. */
export function splitGoal(goal: string, isVerb: (word: string) => boolean = () => false): GoalPart[] {
  // Dots that do not end a sentence: "e.g.", "i.e.", "etc.", "vs.", and inside names ("Node.js", "v1.2").
  const text = goal.replace(/\b(e\.g|i\.e|etc|vs|approx|incl)\./gi, (match) => match.replace(/\./g, '\u2024'));
  const parts: GoalPart[] = [];
  let sentence = 0;
  for (const [sentenceStart, sentenceEnd] of sentences(text)) {
    let from = sentenceStart;
    const whole = text.slice(sentenceStart, sentenceEnd);
    // A list of non-goals runs to the end of its sentence (its bullets were joined into it).
    const statement = !startsWithVerbLike(whole, isVerb) && (BACKGROUND_START.test(whole) || STATE.test(whole));
    const sentenceKind: PartKind | undefined = NON_GOALS.test(whole) ? 'negated' : statement ? 'background' : undefined;
    // "Checkout revamp: …" — a short title before a colon is context for what follows (one that
    // starts with a verb, "Harden the config: …", is work).
    const title = /^([^:]{1,60}?):\s+(?=\S)/.exec(whole);
    if (
      title &&
      title[1]!.trim().split(/\s+/).length <= 6 &&
      !/https?$/i.test(title[1]!) &&
      (NON_GOALS.test(whole) || !startsWithVerbLike(title[1]!, isVerb))
    ) {
      parts.push(
        part(
          goal,
          sentence,
          sentenceStart,
          sentenceStart + title[1]!.trimEnd().length,
          NON_GOALS.test(whole) ? 'negated' : 'title',
          '',
        ),
      );
      from = sentenceStart + title[0].length;
    }
    // "Add Stripe billing: a checkout page in React, a webhook handler …": after work that opens
    // with a verb, a colon starts the list of its parts (each borrows the verb).
    const listAfter =
      title && from === sentenceStart && startsWithVerbLike(title[1]!, isVerb) && /,/.test(whole.slice(title[0].length))
        ? sentenceStart + title[1]!.length
        : undefined;
    const ranges: [number, number][] =
      listAfter === undefined
        ? [[from, sentenceEnd]]
        : [
            [from, listAfter],
            [listAfter + 1, sentenceEnd],
          ];
    for (const [clauseStart, clauseEnd] of ranges.flatMap(([a, b]) => parentheses(text, a, b))) {
      for (const [start, end, joiner] of spans(text, new RegExp(SEPARATORS.source, 'gi'), clauseStart, clauseEnd)) {
        const pieces = splitPurpose(text, start, end);
        for (const [pieceStart, pieceEnd, purpose] of pieces) {
          let a = pieceStart;
          let b = pieceEnd;
          const lead = /^[\s(]*(?:(?:and|then|also|finally|or)\s+)*/i.exec(text.slice(a, b))![0];
          a += lead.length;
          while (b > a && /[\s.,;:!?()]/.test(text[b - 1]!)) b--;
          const piece = text.slice(a, b);
          if (!/[a-z0-9]/i.test(piece) || /^(e\u2024g|i\u2024e|etc)\u2024?$/i.test(piece)) continue;
          const kind: PartKind =
            sentenceKind ??
            (purpose ? 'purpose' : STATE.test(piece) && !startsWithVerbLike(piece, isVerb) ? 'background' : 'step');
          parts.push(part(goal, sentence, a, b, kind, pieceStart === start ? joiner : 'so'));
        }
      }
    }
    sentence++;
  }
  return parts;
}

/** Pieces of a clause: before a purpose clause ("so that …") and the purpose itself. */
function splitPurpose(text: string, start: number, end: number): [number, number, boolean][] {
  const match = PURPOSE.exec(text.slice(start, end));
  if (!match) return [[start, end, false]];
  const at = start + match.index;
  return [
    [start, at, false],
    [at + match[0].length, end, true],
  ];
}

/** The clause without its parenthesised asides, and each aside as a clause of its own. */
function parentheses(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  if (from >= to) return out;
  let cursor = from;
  const re = /\(([^()]*)\)/g;
  re.lastIndex = from;
  for (let match = re.exec(text); match && match.index < to; match = re.exec(text)) {
    out.push([cursor, match.index]);
    out.push([match.index + 1, match.index + match[0].length - 1]);
    cursor = match.index + match[0].length;
  }
  out.push([cursor, to]);
  return out.filter(([a, b]) => b > a);
}

function part(goal: string, sentence: number, start: number, end: number, kind: PartKind, joiner: string): GoalPart {
  const text = goal.slice(start, end);
  const negation = NEGATION.exec(text);
  // A clause that opens with a negation ("no UI changes", "without a mobile app") is not work.
  const negated = kind === 'negated' || (kind === 'step' && negation?.index === 0);
  return {
    text,
    sentence,
    start,
    end,
    kind: negated ? 'negated' : kind,
    routing: negated ? '' : negation ? text.slice(0, negation.index) : text,
    joiner,
  };
}
