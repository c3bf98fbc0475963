/**
 * What a session's closing messages claim ("all tests pass", "24 E2E tests passing", "added
 * tests", "committed", "done"), sentence by sentence, and what each item of a done definition
 * asks for. The closing message of every user turn is read, not only the last: each of its
 * claims is judged against what had happened by then. Claims said in the negative ("I could not
 * get the tests to pass") or only hoped for ("should pass") are not claims.
 */
import type { TranscriptRecord, Turn } from '../transcripts/record.js';

export type ClaimKind =
  | 'tests-pass'
  | 'tests-added'
  | 'build-passes'
  | 'lint-clean'
  | 'committed'
  | 'pr-opened'
  | 'done';

export interface Claim {
  kind: ClaimKind;
  /** The sentence that makes it. */
  text: string;
  line: number;
  /** How many tests it says pass ("all 85 tests passing"), when it says. */
  count?: number;
  /** Which tests it speaks of, when it says ("24 E2E tests", "unit tests"). */
  scope?: 'unit' | 'e2e' | 'integration';
  /** The paths a "done" claim names in backticks, which must be there. */
  paths?: string[];
  /** Said in an earlier turn's closing message, not the session's last. */
  earlier?: true;
}

const CLAIMS: [ClaimKind, RegExp][] = [
  [
    'tests-pass',
    new RegExp(
      String.raw`\b(?:all\s+)?(?:\d+\s+)?(?:of\s+the\s+)?(?:unit\s+|integration\s+|e2e\s+|the\s+|new\s+|` +
        String.raw`existing\s+)*(?:tests?|specs?|test\s+suite|suite)\s+(?:now\s+|all\s+|still\s+|are\s+|` +
        String.raw`is\s+)*(?:pass(?:es|ed|ing)?|green|succeed(?:s|ed)?)\b|` +
        String.raw`\bpassing\s+(?:all\s+)?(?:the\s+)?tests\b|\b(?:\d+\/\d+|\d+ of \d+)\s+tests?\s+pass|` +
        String.raw`✅\s*(?:all\s+)?tests?\b|\btests?:\s*(?:all\s+)?pass(?:ing)?\b|\bno\s+(?:test\s+)?failures\b`,
      'i',
    ),
  ],
  [
    'tests-added',
    new RegExp(
      String.raw`\b(?:add(?:ed|ing)?|wrote|writ(?:ten|ing)|creat(?:ed|ing)|introduc(?:ed|` +
        String.raw`ing))\s+(?:\w+\s+){0,4}?(?:unit\s+|integration\s+|regression\s+|new\s+)?(?:tests?|specs?|` +
        String.raw`test\s+cases?|test\s+coverage)\b|\btests?\s+(?:were\s+|have\s+been\s+|are\s+)?added\b|` +
        String.raw`\bnew\s+tests?\b|\bcovered\s+by\s+(?:new\s+)?tests\b`,
      'i',
    ),
  ],
  [
    'build-passes',
    new RegExp(
      String.raw`\bbuild(?:s)?\s+(?:now\s+)?(?:pass(?:es)?|succeed(?:s|ed)?|is\s+green|works|cleanly|` +
        String.raw`is\s+clean)\b|\bbuilds\s+(?:cleanly|without\s+errors)\b|\bcompiles\s+(?:cleanly|` +
        String.raw`without\s+(?:errors|warnings))\b|\btype-?checks?\s+(?:pass(?:es)?|cleanly|clean)\b`,
      'i',
    ),
  ],
  [
    'lint-clean',
    new RegExp(
      String.raw`\blint(?:er|ing)?\s+(?:now\s+)?(?:pass(?:es)?|is\s+clean|clean|reports\s+no|shows\s+no)\b|` +
        String.raw`\bno\s+lint(?:ing)?\s+(?:errors|warnings|issues)\b|\blint-clean\b`,
      'i',
    ),
  ],
  [
    'committed',
    new RegExp(
      String.raw`\bcommitted\b|\bcommit(?:ted)?\s+(?:it\s+)?(?:as|in)\s+` +
        '`' +
        String.raw`?[0-9a-f]{7,40}\b|\bcreated\s+(?:a\s+|the\s+)?commit\b|` +
        String.raw`\bchanges\s+(?:are|were|have\s+been)\s+committed\b`,
      'i',
    ),
  ],
  [
    'pr-opened',
    new RegExp(
      // A link alone is not a claim to have opened it: a review names the pull request it reviews.
      String.raw`\b(?:opened|created|raised|submitted)\s+(?:a\s+|the\s+)?(?:draft\s+)?(?:PR|pull\s+request)\b|` +
        String.raw`\b(?:PR|pull\s+request)\s+(?:is\s+)?(?:opened|created|up)\b`,
      'i',
    ),
  ],
  [
    'done',
    new RegExp(
      String.raw`\b(?:(?:is|are|now|all|everything(?:'s| is)?)\s+)?(?:done|complete|completed|finished)\b|` +
        String.raw`\b(?:implemented|ready\s+for\s+review|all\s+set)\b`,
      'i',
    ),
  ],
];

/** A sentence that says the opposite, or only hopes: "did not pass", "could not", "should pass". */
const NOT_A_CLAIM = new RegExp(
  String.raw`\b(?:not|n't|never|no\s+longer|unable|cannot|fail(?:s|ed|ing)?\s+to|should|would|might|may|will|` +
    String.raw`todo|once|until|unless|if|when|whenever|after\s+you|remaining|pending|still\s+need)\b|\?\s*$`,
  'i',
);

/** Sentences of a message, each with the transcript line it is on (`keepMarks`: leave `*_\`` in). */
export function sentencesOf(
  text: string,
  line: number,
  textLines: boolean,
  keepMarks = false,
): { text: string; line: number }[] {
  const sentences: { text: string; line: number }[] = [];
  let fence = false;
  text.split('\n').forEach((row, index) => {
    if (/^\s*(?:```|~~~)/.test(row)) {
      fence = !fence;
      return;
    }
    if (fence) return;
    const bare = row.replace(/^\s*(?:[-*+•]|\d+[.)]|#+)\s+/, '');
    const clean = (keepMarks ? bare : bare.replace(/[*_`]/g, '')).trim();
    if (!clean) return;
    for (const part of clean.split(/(?<=[.!?])\s+(?=[A-Z0-9✅])/)) {
      sentences.push({ text: part.trim(), line: textLines ? line + index : line });
    }
  });
  return sentences;
}

/**
 * The closing assistant message of each user turn: the last assistant text before the next user
 * message (or the end). Injected user text (a slash command's expansion) starts no turn of its own
 * unless assistant text came between.
 */
export function closingMessages(record: TranscriptRecord): Turn[] {
  const closing: Turn[] = [];
  let last: Turn | undefined;
  for (const turn of record.turns) {
    if (turn.role === 'user') {
      if (last) closing.push(last);
      last = undefined;
    } else last = turn;
  }
  if (last) closing.push(last);
  const final = record.finalMessage;
  if (final && !closing.includes(final)) closing.push(final);
  return closing;
}

const WORD_NUMBERS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** "24 E2E tests passing", "12 new tests pass". */
const COUNTED_PASS = new RegExp(
  String.raw`\b(\d{1,6}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w[\w-]*\s+){0,2}?` +
    String.raw`(?:tests?|specs?|test\s+cases?)\s+(?:(?:are|now|all|still)\s+)*(?:pass|passing|passed|green|succeed)`,
  'i',
);

/** "all 85 tests", "85/85 tests", "24 E2E tests", "12 of 12 tests", "all twelve tests". */
function countOf(text: string): number | undefined {
  const match =
    /\b(\d{1,6})\s*\/\s*\1\s+(?:\w+\s+){0,2}?(?:tests?|specs?)\b/i.exec(text) ??
    /\b(\d{1,6}) of \1\s+(?:\w+\s+){0,2}?(?:tests?|specs?)\b/i.exec(text) ??
    COUNTED_PASS.exec(text) ??
    /\b(?:tests?|specs?)\W{0,3}\s*(\d{1,6})\s+(?:passed|passing)\b/i.exec(text) ??
    /\ball\s+(\d{1,6})\b/i.exec(text);
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  return WORD_NUMBERS[word] ?? (/^\d+$/.test(word) ? Number(word) : undefined);
}

function scopeOf(text: string): Claim['scope'] {
  if (/\b(?:e2e|end-to-end|playwright|cypress|browser)\b/i.test(text)) return 'e2e';
  if (/\bintegration\b/i.test(text)) return 'integration';
  if (/\bunit\b/i.test(text)) return 'unit';
  return undefined;
}

/** The paths a sentence names in backticks: `src/a.ts`, `docs/api.md`. */
export function backtickedPaths(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/`([^`\s]+)`/g)) {
    for (const candidate of pathsIn(match[1]!)) if (!found.includes(candidate)) found.push(candidate);
  }
  return found;
}

/** The claims of the closing messages of every user turn, each sentence with its own. */
export function claimsOf(record: TranscriptRecord): Claim[] {
  const claims: Claim[] = [];
  const closing = closingMessages(record);
  for (const message of closing) {
    const earlier = message !== closing[closing.length - 1];
    // Sentences are read with their backticks, so a "done" claim knows the paths it names.
    for (const sentence of sentencesOf(message.text, message.line, record.textLines, true)) {
      const plain = sentence.text.replace(/[*_`]/g, '');
      for (const [kind, pattern] of CLAIMS) {
        const match = pattern.exec(plain);
        if (!match) continue;
        // The negation must be in the same clause as the claim, before or just after it.
        const clause = plain.slice(Math.max(0, match.index - 40), match.index + match[0].length + 15);
        if (kind !== 'tests-pass' || !/\bno\s+(?:test\s+)?failures\b/i.test(match[0])) {
          if (NOT_A_CLAIM.test(clause)) continue;
        }
        if (claims.some((claim) => claim.kind === kind && claim.text === plain && claim.line === sentence.line))
          continue;
        const claim: Claim = { kind, text: plain, line: sentence.line };
        if (kind === 'tests-pass') {
          const count = countOf(plain);
          const scope = scopeOf(plain);
          if (count !== undefined) claim.count = count;
          if (scope) claim.scope = scope;
        }
        if (kind === 'done') claim.paths = backtickedPaths(sentence.text);
        if (earlier) claim.earlier = true;
        claims.push(claim);
      }
    }
  }
  return claims;
}

export type ChecklistKind =
  | 'tests'
  | 'tests-added'
  | 'failing-first'
  | 'outputs'
  | 'docs'
  | 'commit'
  | 'lint'
  | 'build'
  | 'other';

/**
 * What a done-definition item asks for, by its words. Only what a transcript can show gets a
 * kind of its own; "bugs are listed", "the reviewer is told" stay `other` (never met by a run).
 */
const TESTS_ADDED = new RegExp(
  String.raw`\b(?:(?:new|add(?:ed)?|writ(?:e|ten)|cover(?:ed|ing)?)\s+(?:\w+\s+){0,3}?tests?|` +
    String.raw`tests?\s+(?:are\s+|were\s+)?(?:added|written))\b`,
  'i',
);

export function checklistKind(item: string): ChecklistKind {
  // "No secrets are committed", "Never skip a test": a rule about what not to do, not work to show.
  if (/^\s*(?:no|not|never|nothing|don't|do\s+not|without)\b/i.test(item)) return 'other';
  if (/\b(?:fail(?:s|ed|ing)?\s+(?:first|before)|seen\s+(?:to\s+)?fail|red\b.*\bgreen\b|TDD\b)/i.test(item))
    return 'failing-first';
  if (TESTS_ADDED.test(item)) return 'tests-added';
  if (/\b(?:listed|reported|explained|described|summari[sz]ed|named|noted)\b/i.test(item) && !/\brun\b/i.test(item))
    return 'other';
  if (/\btests?\b|\btest\s+suite\b|\bspecs?\b/i.test(item)) return 'tests';
  if (/\blint/i.test(item)) return 'lint';
  if (/\bbuild|\bcompil|\btype-?check/i.test(item)) return 'build';
  if (/\bcommit/i.test(item)) return 'commit';
  if (/\b(?:docs?|document(?:ed|ation|s)?|readme|changelog)\b/i.test(item)) return 'docs';
  if (/\b(?:expected\s+)?outputs?\b|\bartifacts?\b|\bdeliverables?\b/i.test(item)) return 'outputs';
  return 'other';
}

const EXTENSIONS = new Set(
  (
    'ts tsx js jsx mjs cjs json jsonc md mdx txt yml yaml toml ini cfg conf env lock xml html css scss sass less ' +
    'vue svelte py pyi go rs java kt kts scala rb php cs fs swift c h cc cpp hpp m mm sql graphql gql proto sh ' +
    'bash zsh ps1 bat tf hcl njk hbs ejs liquid csv tsv ipynb dart ex exs erl hs ml lua r pl gradle png svg ico'
  ).split(' '),
);
/** Technology names that look like file names. */
const NOT_FILES = new RegExp(
  String.raw`^(?:node|vue|next|nuxt|express|three|d3|chart|socket|react|angular|ember|alpine|solid|p5)\.js$|` +
    String.raw`^socket\.io$|^asp\.net$`,
  'i',
);

/**
 * The paths an expected output names: `src/api/auth.ts`, `docs/API.md`, `test/` (a word with a
 * slash), or a file name with a known extension (`README.md`). "REST API", "Node.js" or "Tests
 * passed" name none.
 */
export function pathsIn(output: string): string[] {
  const found: string[] = [];
  const candidates =
    /(?:^|[\s`'"(])((?:\.{1,2}\/)?(?:[\w@.-]+\/)+[\w@.-]*|[\w@-][\w@.-]*\.[A-Za-z][A-Za-z0-9]{0,7})(?=$|[\s`'",;:)])/g;
  for (const match of output.matchAll(candidates)) {
    const candidate = match[1]!.replace(/[.,;:]+$/, '');
    if (/^(?:https?:|e\.g|i\.e)/i.test(candidate) || /^\d+(?:\.\d+)+$/.test(candidate)) continue;
    if (/^(?:and|or)\/(?:or)?$/i.test(candidate) || NOT_FILES.test(candidate)) continue;
    if (!candidate.includes('/') && !EXTENSIONS.has(candidate.split('.').pop()!.toLowerCase())) continue;
    if (!found.includes(candidate)) found.push(candidate);
  }
  return found;
}
