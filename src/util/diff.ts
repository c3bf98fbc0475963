/**
 * A line diff for `prompt --diff`: the lines only in the old text (`-`), only in the new one
 * (`+`), with two lines of context around each change, in hunks headed by their line numbers.
 * Longest common subsequence over lines; a prompt is a few hundred lines.
 */
const CONTEXT = 2;
/** Beyond this many line pairs the texts are reported as replaced whole. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (before === after) return '';
  if (a.length * b.length > MAX_CELLS) return `the whole text changed (${a.length} lines → ${b.length} lines)`;
  const ops = diffOps(a, b);
  const ranges: [number, number][] = [];
  ops.forEach((op, index) => {
    if (op.kind === ' ') return;
    const low = Math.max(0, index - CONTEXT);
    const high = Math.min(ops.length - 1, index + CONTEXT);
    const last = ranges[ranges.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else ranges.push([low, high]);
  });
  return ranges
    .map(([low, high]) =>
      [
        `@@ line ${ops[low]!.oldLine} → ${ops[low]!.newLine} @@`,
        ...ops.slice(low, high + 1).map((op) => `${op.kind} ${op.text}`.trimEnd()),
      ].join('\n'),
    )
    .join('\n');
}

function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..]
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[at(i, j)] =
        a[i] === b[j] ? lengths[at(i + 1, j + 1)]! + 1 : Math.max(lengths[at(i + 1, j)]!, lengths[at(i, j + 1)]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lengths[at(i + 1, j)]! >= lengths[at(i, j + 1)]!)) {
      ops.push({ kind: '-', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
    } else {
      ops.push({ kind: '+', text: b[j]!, oldLine: i + 1, newLine: j + 1 });
      j++;
    }
  }
  return ops;
}
