/** Small text helpers shared by validators and printers. */

/** Edits from one word to another (case aside): insertions, deletions, changes, and two letters swapped. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [Array.from({ length: t.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1); // `stauts` → `status`: one swap
      }
    }
    rows.push(row);
  }
  return rows[s.length]![t.length]!;
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    // A tie goes to the candidate of the same length (a swap or a slip, not a missing letter).
    const tie = distance === bestDistance && candidate.length === word.length && best?.length !== word.length;
    if (distance < bestDistance || tie) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `BackendMaster` → `backendmaster`, `C# Expert` → `c-expert`. */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'agent';
}

/**
 * A file name for a profile a person names: words of a CamelCase name are split first, so
 * `PaymentsPro` is `payments-pro.md` like the built-in `backend-master.md`. (A profile's slug,
 * which prompt file names and lookups use, stays `slugify` of its name.)
 */
export function fileSlug(name: string): string {
  return slugify(name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2'));
}

/** Text on one line (runs of white space made single), cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `4.2 s`, `3 min 05 s`: how long an agent ran (`run --headless` and `status` say it alike). */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A value shown inside a message: quoted, and cut when long. */
export function quote(value: unknown, max = 60): string {
  return JSON.stringify(truncate(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)), max));
}

/** `2026-01-23T00-17-01-717Z`: an ISO time that is safe in a file name and sorts by time. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** `agents/x.md:3`, or just the file when no line is known: the one way a place in a file is written. */
export function placeOf(file: string, line?: number): string {
  return line ? `${file}:${line}` : file;
}

/** `1 → 2 → 3` */
export function arrowList(items: readonly (string | number)[]): string {
  return items.join(' → ');
}

/** Several problems as one message: the first few, one per line. */
export function listProblems(problems: readonly string[], max = 8): string {
  if (problems.length === 1) return problems[0]!;
  const shown = problems.slice(0, max);
  if (problems.length > max) shown.push(`… and ${problems.length - max} more`);
  return `${problems.length} problems:\n  - ${shown.join('\n  - ')}`;
}

/**
 * What a terminal would act on instead of showing: C0 controls but newline and tab (ESC among
 * them), DEL, the 8-bit C1 controls (CSI, OSC, DCS, ST… as single characters) and the bidi
 * overrides, marks and isolates that make text read in another order than it is.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/**
 * Every character a terminal would act on, as visible text (`\x1b`, `\x9d`, `\u202e`), so a goal
 * or agent name holding an escape sequence cannot rewrite the screen, the title or the clipboard.
 * The one filter for text shown on a terminal.
 */
export function visibleControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** JSON text whose strings carry those characters as `\u` escapes: the same data, safe on a terminal. */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(TERMINAL_CONTROLS, (c) => `\\u${hex(c, 4)}`);
}

/** A word as a POSIX shell reads it back: bare when that is safe, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** `step 2`, `steps 1, 2`: a word and the numbers it counts. */
export function numbered(word: string, numbers: readonly number[]): string {
  return `${word}${numbers.length === 1 ? '' : 's'} ${numbers.join(', ')}`;
}
