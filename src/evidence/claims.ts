/**
 * What a step's final message claims ("all tests pass", "added tests", "committed", "done"),
 * sentence by sentence, and what each item of its done definition asks for. Claims said in
 * the negative ("I could not get the tests to pass") are not claims.
 */
import type { TranscriptRecord } from '../transcripts/record.js';

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
      String.raw`\b(?:opened|created|raised|submitted)\s+(?:a\s+|the\s+)?(?:draft\s+)?(?:PR|pull\s+request)\b|` +
        String.raw`github\.com\/[\w.-]+\/[\w.-]+\/pull\/\d+`,
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
    String.raw`todo|once|until|unless|if|remaining|pending|still\s+need)\b|\?\s*$`,
  'i',
);

/** Sentences of a message, each with the transcript line it is on. */
export function sentencesOf(text: string, line: number, textLines: boolean): { text: string; line: number }[] {
  const sentences: { text: string; line: number }[] = [];
  let fence = false;
  text.split('\n').forEach((row, index) => {
    if (/^\s*(?:```|~~~)/.test(row)) {
      fence = !fence;
      return;
    }
    if (fence) return;
    const clean = row
      .replace(/^\s*(?:[-*+•]|\d+[.)]|#+)\s+/, '')
      .replace(/[*_`]/g, '')
      .trim();
    if (!clean) return;
    for (const part of clean.split(/(?<=[.!?])\s+(?=[A-Z0-9✅])/)) {
      sentences.push({ text: part.trim(), line: textLines ? line + index : line });
    }
  });
  return sentences;
}

/** The claims of a step's final message: one per kind, from the first sentence that makes it. */
export function claimsOf(record: TranscriptRecord): Claim[] {
  const message = record.finalMessage;
  if (!message) return [];
  const claims: Claim[] = [];
  for (const sentence of sentencesOf(message.text, message.line, record.textLines)) {
    for (const [kind, pattern] of CLAIMS) {
      if (claims.some((claim) => claim.kind === kind)) continue;
      const match = pattern.exec(sentence.text);
      if (!match) continue;
      // The negation must be in the same clause as the claim, before or just after it.
      const clause = sentence.text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 15);
      if (kind !== 'tests-pass' || !/\bno\s+(?:test\s+)?failures\b/i.test(match[0])) {
        if (NOT_A_CLAIM.test(clause)) continue;
      }
      claims.push({ kind, text: sentence.text, line: sentence.line });
    }
  }
  return claims;
}

export type ChecklistKind = 'tests' | 'outputs' | 'docs' | 'commit' | 'lint' | 'build' | 'other';

/** What a done-definition item asks for, by its words. */
export function checklistKind(item: string): ChecklistKind {
  // "No secrets are committed", "Never skip a test": a rule about what not to do, not work to show.
  if (/^\s*(?:no|not|never|nothing|don't|do\s+not|without)\b/i.test(item)) return 'other';
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
