/**
 * What a transcript shows happened, read from its record: test runs with their counts and
 * outcome, builds, lint runs, installs, the files changed, commits and pull request links.
 * Every fact keeps the transcript line it rests on.
 */
import type { CommandRun, TranscriptRecord } from '../transcripts/record.js';
import { TEST_COMMAND, type TestCounts, testCounts } from './runners.js';

export interface RunFact {
  command: string;
  /** The transcript line of the command. */
  line: number;
  /** The folder it ran in, relative to the session's (`.` when it did not change folder). */
  folder: string;
  exitCode?: number;
  /** true: it succeeded; false: it failed; undefined: the transcript does not say. */
  ok: boolean | undefined;
  /** Why `ok` is what it is, in a few words ("exit 1", "2 failed", "no exit code or summary"). */
  because: string;
  /** The line that decided it (a summary line, or the command's own). */
  evidenceLine: number;
  /** The CLI cut the output, so a summary may be missing. */
  cut: boolean;
}

export interface TestRunFact extends RunFact {
  counts?: TestCounts;
}

export interface Facts {
  commands: number;
  tests: TestRunFact[];
  builds: RunFact[];
  lints: RunFact[];
  installs: RunFact[];
  /** Files the session changed: its own edits, then what `git status` / `git diff --stat` listed. */
  filesChanged: { path: string; line: number; how: 'edit' | 'git' }[];
  commits: { hash: string; subject: string; line: number }[];
  /** `git commit` commands that did not make a commit ("nothing to commit", a failed hook). */
  failedCommits: { line: number; because: string }[];
  pullRequests: { url: string; line: number }[];
}

const BUILD = new RegExp(
  String.raw`\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?build\b|\btsc\b(?![^|;&]*--noEmit)|\bcargo\s+build\b|` +
    String.raw`\bgo\s+build\b|\bmvnw?\s+(?:\S+\s+)*(?:package|install|compile)\b|` +
    String.raw`\bgradlew?\s+(?:\S+\s+)*(?:build|assemble)\b|\bdotnet\s+build\b|\b(?:vite|next|webpack|esbuild|` +
    String.raw`rollup)\s+build\b|\bmake\b(?!\s+(?:test|check|clean))`,
);
const LINT = new RegExp(
  String.raw`\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?lint\b|\beslint\b|\bbiome\s+(?:check|lint|ci)\b|` +
    String.raw`\bruff\s+(?:check\b|\.)|\bflake8\b|\bpylint\b|\bmypy\b|\bgolangci-lint\b|\bcargo\s+clippy\b|` +
    String.raw`\btsc\b[^|;&]*--noEmit\b|\bprettier\s+(?:\S+\s+)*--check\b|\brubocop\b`,
);
const INSTALL = new RegExp(
  String.raw`\b(?:npm|pnpm|bun)\s+(?:install|ci|i|add)\b|\byarn(?:\s+(?:install|add)\b|\s*$)|` +
    String.raw`\bpip3?\s+install\b|\b(?:poetry|bundle|composer)\s+install\b|\bgo\s+mod\s+(?:download|tidy)\b|` +
    String.raw`\bcargo\s+fetch\b|\bdotnet\s+restore\b`,
);
const GIT_COMMIT = /\bgit\s+(?:-\S+\s+)*commit\b/;
const PR_URL = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/pull\/\d+/g;

/** Where a command line runs: `cd packages/api && npm test`, `npm --prefix web test`, `make -C lib test`. */
export function folderOf(run: CommandRun): string {
  const cd = /^\s*\(?\s*cd\s+("[^"]+"|'[^']+'|\S+)\s*(?:&&|;)/.exec(run.command);
  const prefix = /\s(?:--prefix|-C|--dir|--cwd)\s+("[^"]+"|'[^']+'|\S+)/.exec(run.command);
  const named = (cd?.[1] ?? prefix?.[1])?.replace(/^["']|["']$/g, '');
  const base = run.folder ?? '.';
  if (!named || named.startsWith('/') || named.startsWith('~')) return base;
  const joined = `${base === '.' ? '' : `${base}/`}${named}`.replace(/\/+$/, '').replace(/^\.\//, '');
  return joined === '' || joined === '.' ? '.' : joined;
}

function outcome(run: CommandRun, counts?: TestCounts): Pick<RunFact, 'ok' | 'because' | 'evidenceLine'> {
  const code = run.exitCode;
  if (counts?.failed !== undefined && counts.failed > 0) {
    return {
      ok: false,
      because: `${describe(counts)}${code === undefined ? '' : `, exit ${code}`}`,
      evidenceLine: counts.line,
    };
  }
  if (code !== undefined && code !== 0) {
    return {
      ok: false,
      because: `exit ${code}${counts ? ` (${describe(counts)})` : ''}`,
      evidenceLine: counts?.line ?? run.line,
    };
  }
  if (run.failed) return { ok: false, because: 'the CLI marked the call as failed', evidenceLine: run.line };
  if (code === 0) {
    return {
      ok: true,
      because: counts ? `${describe(counts)}, exit 0` : 'exit 0',
      evidenceLine: counts?.line ?? run.line,
    };
  }
  if (counts && (counts.passed ?? 0) > 0) return { ok: true, because: describe(counts), evidenceLine: counts.line };
  return { ok: undefined, because: 'the transcript shows no exit code or summary for it', evidenceLine: run.line };
}

export function describe(counts: TestCounts): string {
  const parts = [`${counts.passed ?? 0} passed`, `${counts.failed ?? 0} failed`];
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  return `${parts.join(', ')} (${counts.runner})`;
}

export function factsOf(record: TranscriptRecord): Facts {
  const facts: Facts = {
    commands: record.commands.length,
    tests: [],
    builds: [],
    lints: [],
    installs: [],
    filesChanged: [],
    commits: [],
    failedCommits: [],
    pullRequests: [],
  };
  const changed = new Set<string>();
  const change = (path: string, line: number, how: 'edit' | 'git') => {
    const clean = path.replace(/^\.\//, '').replace(/^"|"$/g, '');
    if (!clean || changed.has(clean)) return;
    changed.add(clean);
    facts.filesChanged.push({ path: clean, line, how });
  };
  for (const edit of record.edits) change(edit.path, edit.line, 'edit');

  for (const run of record.commands) {
    const base = { command: run.command, line: run.line, folder: folderOf(run), cut: Boolean(run.cutByCli) };
    const withCode = run.exitCode === undefined ? base : { ...base, exitCode: run.exitCode };
    if (TEST_COMMAND.test(run.command)) {
      const counts = testCounts(run.output);
      facts.tests.push({ ...withCode, ...outcome(run, counts), ...(counts ? { counts } : {}) });
    }
    if (BUILD.test(run.command) && !LINT.test(run.command)) facts.builds.push({ ...withCode, ...outcome(run) });
    if (LINT.test(run.command)) facts.lints.push({ ...withCode, ...outcome(run) });
    if (INSTALL.test(run.command)) facts.installs.push({ ...withCode, ...outcome(run) });
    if (/\bgit\s+status\b/.test(run.command)) {
      for (const entry of run.output) {
        const file = /^\s?(?:[MADRCU?!]{1,2})\s+(?:.+ -> )?(.+)$/.exec(entry.text);
        if (file && !/^(?:On branch|Your branch|nothing to commit|Changes)/.test(entry.text))
          change(file[1]!, entry.line, 'git');
      }
    }
    if (/\bgit\s+diff\b[^|;&]*--stat\b/.test(run.command)) {
      for (const entry of run.output) {
        const file = /^\s*(\S.*?)\s+\|\s+\d+/.exec(entry.text);
        if (file) change(file[1]!, entry.line, 'git');
      }
    }
    if (GIT_COMMIT.test(run.command)) commitsOf(run, facts);
    for (const entry of run.output) {
      for (const url of entry.text.match(PR_URL) ?? []) facts.pullRequests.push({ url, line: entry.line });
    }
  }
  return facts;
}

function commitsOf(run: CommandRun, facts: Facts): void {
  let made = false;
  for (const entry of run.output) {
    const commit = /^\[[^\]\s]+(?: \(root-commit\))? ([0-9a-f]{7,40})\] (.*)$/.exec(entry.text.trim());
    if (commit) {
      facts.commits.push({ hash: commit[1]!, subject: commit[2]!, line: entry.line });
      made = true;
    }
  }
  if (made) return;
  const nothing = run.output.find((entry) =>
    /nothing (?:added )?to commit|no changes added to commit/.test(entry.text),
  );
  if (nothing) facts.failedCommits.push({ line: nothing.line, because: nothing.text.trim() });
  else if ((run.exitCode ?? 0) !== 0 || run.failed)
    facts.failedCommits.push({ line: run.line, because: `exit ${run.exitCode ?? '≠ 0'}` });
}

/** The last test run in each folder: the one that says whether that folder's tests pass now. */
export function latestTestRuns(tests: readonly TestRunFact[]): TestRunFact[] {
  const byFolder = new Map<string, TestRunFact>();
  for (const run of tests) byFolder.set(run.folder, run);
  return [...byFolder.values()];
}
