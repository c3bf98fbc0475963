/**
 * Test runners: which commands run tests, and how each runner's own summary says how many
 * passed and failed. A summary is read from the output's last lines up; a runner with no
 * summary in the output (cut by the CLI, or a crash before it) leaves the counts unknown and
 * the exit code decides.
 */
import type { OutputLine } from '../transcripts/record.js';

export interface TestCounts {
  runner: string;
  passed?: number;
  failed?: number;
  skipped?: number;
  /** The output line the counts were read from. */
  line: number;
  text: string;
}

type Summary = (lines: readonly OutputLine[]) => TestCounts | undefined;

/** The last line matching `pattern`, read from the end. */
function last(
  lines: readonly OutputLine[],
  pattern: RegExp,
): { match: RegExpExecArray; entry: OutputLine } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = pattern.exec(lines[i]!.text);
    if (match) return { match, entry: lines[i]! };
  }
  return undefined;
}

const num = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

function counts(runner: string, entry: OutputLine, values: Omit<TestCounts, 'runner' | 'line' | 'text'>): TestCounts {
  const result: TestCounts = { runner, line: entry.line, text: entry.text.trim() };
  for (const key of ['passed', 'failed', 'skipped'] as const) if (values[key] !== undefined) result[key] = values[key];
  return result;
}

/** Each runner's summary, most particular first (a jest line is never read as pytest's). */
const SUMMARIES: Summary[] = [
  // swarm-conductor's own, and anything that prints the same: "288 passed, 0 failed, 1 skipped"
  (lines) => {
    const hit = last(lines, /^\s*(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/);
    return (
      hit &&
      counts('summary line', hit.entry, {
        passed: num(hit.match[1]),
        failed: num(hit.match[2]),
        skipped: num(hit.match[3]),
      })
    );
  },
  // jest: "Tests:       2 failed, 1 skipped, 10 passed, 13 total"
  (lines) => {
    const hit = last(lines, /^\s*Tests:\s+(.*\b\d+ total)\s*$/);
    if (!hit) return undefined;
    const part = (word: string) => num(new RegExp(`(\\d+) ${word}`).exec(hit.match[1]!)?.[1]);
    return counts('jest', hit.entry, {
      passed: part('passed') ?? 0,
      failed: part('failed') ?? 0,
      skipped: part('skipped'),
    });
  },
  // vitest: " Tests  1 failed | 11 passed | 2 skipped (14)", then "Errors  2 errors" when unhandled
  // errors fail the run (vitest exits 1; each error counts as a failure). Without the Tests line
  // (cut off) its "Test Files  4 failed | 104 passed (108)" line, in files.
  (lines) => {
    const hit =
      last(lines, /^\s*Tests\s+((?:\d+ \w+(?: \| )?)+)\s*\(\d+\)/) ??
      last(lines, /^\s*Test Files\s+((?:\d+ \w+(?: \| )?)+)\s*\(\d+\)/);
    if (!hit) return undefined;
    const part = (word: string) => num(new RegExp(`(\\d+) ${word}`).exec(hit.match[1]!)?.[1]);
    const errors = last(lines, /^\s*Errors\s+(\d+) errors?\b/);
    const after = errors && errors.entry.line > hit.entry.line ? errors : undefined;
    return counts('vitest', after?.entry ?? hit.entry, {
      passed: part('passed') ?? 0,
      failed: (part('failed') ?? 0) + (num(after?.match[1]) ?? 0),
      skipped: part('skipped'),
    });
  },
  // node --test: "# pass 12" / "# fail 0" (TAP) or "ℹ pass 12" / "ℹ fail 0" (spec)
  (lines) => {
    const pass = last(lines, /^\s*[#ℹ] pass (\d+)\s*$/u);
    const fail = last(lines, /^\s*[#ℹ] fail (\d+)\s*$/u);
    if (!pass || !fail) return undefined;
    const skipped = last(lines, /^\s*[#ℹ] skipped (\d+)\s*$/u);
    const at = fail.entry.line >= pass.entry.line ? fail.entry : pass.entry;
    return counts('node --test', at, {
      passed: num(pass.match[1]),
      failed: num(fail.match[1]),
      skipped: num(skipped?.match[1]),
    });
  },
  // uvu: "  Total:     12" / "  Passed:    11" / "  Skipped:   0"
  (lines) => {
    const total = last(lines, /^\s*Total:\s+(\d+)\s*$/);
    const passed = last(lines, /^\s*Passed:\s+(\d+)\s*$/);
    if (!total || !passed) return undefined;
    const skipped = last(lines, /^\s*Skipped:\s+(\d+)\s*$/);
    return counts('uvu', passed.entry, {
      passed: num(passed.match[1]),
      failed: Number(total.match[1]) - Number(passed.match[1]),
      skipped: num(skipped?.match[1]),
    });
  },
  // mocha: "  12 passing (34ms)" / "  1 failing" / "  2 pending"
  (lines) => {
    const passing = last(lines, /^\s*(\d+) passing\b/);
    if (!passing) return undefined;
    const failing = last(lines, /^\s*(\d+) failing\b/);
    const pending = last(lines, /^\s*(\d+) pending\b/);
    return counts('mocha', failing?.entry ?? passing.entry, {
      passed: num(passing.match[1]),
      failed: num(failing?.match[1]) ?? 0,
      skipped: num(pending?.match[1]),
    });
  },
  // pytest: "==== 2 failed, 10 passed, 1 skipped in 1.23s ====" or "10 passed in 0.12s"
  (lines) => {
    const hit = last(
      lines,
      /^[=\s]*((?:\d+ (?:failed|passed|skipped|errors?|xfailed|xpassed|deselected|warnings?),? ?)+) in [\d.]+s\b/,
    );
    if (!hit) return undefined;
    const part = (word: string) => num(new RegExp(`(\\d+) ${word}`).exec(hit.match[1]!)?.[1]);
    const errors = part('errors?') ?? 0;
    return counts('pytest', hit.entry, {
      passed: part('passed') ?? 0,
      failed: (part('failed') ?? 0) + errors,
      skipped: part('skipped'),
    });
  },
  // cargo test: "test result: FAILED. 11 passed; 1 failed; 0 ignored; …" (one per test binary)
  (lines) => {
    const results = lines.filter((entry) =>
      /^test result: (?:ok|FAILED)\. \d+ passed; \d+ failed; \d+ ignored/.test(entry.text),
    );
    if (results.length === 0) return undefined;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const entry of results) {
      const [, p, f, i] = /(\d+) passed; (\d+) failed; (\d+) ignored/.exec(entry.text)!;
      passed += Number(p);
      failed += Number(f);
      skipped += Number(i);
    }
    return counts('cargo test', results[results.length - 1]!, { passed, failed, skipped });
  },
  // dotnet test: "Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12"
  (lines) => {
    const hit = last(lines, /(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)/);
    return (
      hit &&
      counts('dotnet test', hit.entry, {
        passed: num(hit.match[2]),
        failed: num(hit.match[1]),
        skipped: num(hit.match[3]),
      })
    );
  },
  // Maven surefire: "Tests run: 12, Failures: 1, Errors: 0, Skipped: 0" (the last is the total)
  (lines) => {
    const hit = last(lines, /Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)/);
    if (!hit) return undefined;
    const [run, failures, errors, skipped] = hit.match.slice(1).map(Number) as [number, number, number, number];
    return counts('maven', hit.entry, {
      passed: run - failures - errors - skipped,
      failed: failures + errors,
      skipped,
    });
  },
  // Gradle: "12 tests completed, 1 failed, 2 skipped"
  (lines) => {
    const hit = last(lines, /(\d+) tests? completed, (\d+) failed(?:, (\d+) skipped)?/);
    if (!hit) return undefined;
    const [done, failed] = [Number(hit.match[1]), Number(hit.match[2])];
    const skipped = num(hit.match[3]);
    return counts('gradle', hit.entry, { passed: done - failed - (skipped ?? 0), failed, skipped });
  },
  // RSpec: "12 examples, 1 failure, 2 pending"
  (lines) => {
    const hit = last(lines, /^(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?/);
    if (!hit) return undefined;
    const [examples, failures] = [Number(hit.match[1]), Number(hit.match[2])];
    const pending = num(hit.match[3]);
    return counts('rspec', hit.entry, {
      passed: examples - failures - (pending ?? 0),
      failed: failures,
      skipped: pending,
    });
  },
  // Playwright: "  24 passed (4.0s)", with "  2 failed", "  1 flaky", "  3 skipped" above it
  (lines) => {
    const hit = last(lines, /^\s*(\d+) passed \((?:[\d.]+m?s|\d+m(?: [\d.]+s)?)\)\s*$/);
    const failed = last(lines, /^\s*(\d+) failed\s*$/);
    const flaky = last(lines, /^\s*(\d+) flaky\s*$/);
    const skipped = last(lines, /^\s*(\d+) skipped\s*$/);
    if (!hit && !failed) return undefined;
    const at = [hit?.entry, failed?.entry].filter((entry): entry is OutputLine => entry !== undefined);
    return counts('playwright', at.sort((a, b) => a.line - b.line)[at.length - 1]!, {
      passed: (num(hit?.match[1]) ?? 0) + (num(flaky?.match[1]) ?? 0),
      failed: num(failed?.match[1]) ?? 0,
      skipped: num(skipped?.match[1]),
    });
  },
  // go test: "--- FAIL: TestX" / "--- PASS: TestY" per test, "ok  pkg 0.1s" / "FAIL pkg 0.2s" per package
  (lines) => {
    let passed = 0;
    let failed = 0;
    let packages = 0;
    let lastLine: OutputLine | undefined;
    for (const entry of lines) {
      if (/^\s*--- PASS: /.test(entry.text)) passed++;
      else if (/^\s*--- FAIL: /.test(entry.text)) failed++;
      else if (/^(?:ok|FAIL|---)\s+\S+\s+(?:[\d.]+s|\(cached\))|^FAIL$|^ok\s+\S+/.test(entry.text)) {
        packages++;
        lastLine = entry;
        if (/^FAIL\s+\S+/.test(entry.text) && failed === 0) failed = 1;
      }
    }
    if (passed + failed === 0 && packages === 0) return undefined;
    const at = lastLine ?? lines[lines.length - 1]!;
    return counts('go test', at, { passed: passed || (failed === 0 ? packages : 0), failed });
  },
];

/** The counts a test run's output states, by whichever runner wrote them. */
export function testCounts(output: readonly OutputLine[]): TestCounts | undefined {
  if (output.length === 0) return undefined;
  for (const summary of SUMMARIES) {
    const found = summary(output);
    if (found) return found;
  }
  return undefined;
}

/**
 * Every runner's summary in one output, in the order they were printed: a line that runs unit
 * tests and then Playwright prints two. Two runners never claim the same line.
 */
export function allTestCounts(output: readonly OutputLine[]): TestCounts[] {
  if (output.length === 0) return [];
  const found: TestCounts[] = [];
  for (const summary of SUMMARIES) {
    const counts = summary(output);
    if (counts && !found.some((other) => other.line === counts.line && other.text === counts.text)) found.push(counts);
  }
  return found.sort((a, b) => a.line - b.line);
}

/** A line of a runner's own that says a test failed, for output whose summary was cut or never printed. */
const FAILURE_MARKER = new RegExp(
  String.raw`^\s*(?:FAIL(?:ED)?\s+\S|not ok \d|[✖✗✕×] |--- FAIL: |test result: FAILED|\d+ failing\b|` +
    String.raw`ERROR\s+\S+::|FAILURES?!|● (?!Console\b).+ › |● Test suite failed to run)`,
  'u',
);

/** The first line of a runner's own that says a test failed, if any. */
export function failureMarker(output: readonly OutputLine[]): OutputLine | undefined {
  return output.find((entry) => FAILURE_MARKER.test(entry.text));
}
