/**
 * What a transcript shows happened, read from its record: test runs with their counts and
 * outcome, builds, lint runs, installs, the files changed, commits and pull request links.
 * Every fact keeps the transcript line it rests on.
 *
 * A command is a test run when it invokes a runner, or when its output carries a runner's
 * summary and the command could have run one (a script, `make`, `npm run x`) — never when it
 * only prints (`cat`, `echo`, a heredoc, `grep` of a log). Its outcome comes from the runner's
 * summary or failure lines first; the exit status counts only when it is the runner's own (not
 * `| tail`, `; echo done`, `&`).
 */
import type { CommandRun, OutputLine, TranscriptRecord } from '../transcripts/record.js';
import { analyzeCommand, type CommandAnalysis } from './commands.js';
import { allTestCounts, failureMarker, type TestCounts } from './runners.js';

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
  /** The counts of all the run's summaries together. */
  counts?: TestCounts;
  /** Each runner's summary in the output (a line that runs unit tests, then Playwright, has two). */
  summaries: TestCounts[];
  /** How it is known to be a test run: it invokes a runner, or a script printed a runner's summary. */
  via: 'runner' | 'script';
  /** End-to-end tests (Playwright, Cypress, an `e2e` script). */
  e2e: boolean;
}

export interface Facts {
  commands: number;
  tests: TestRunFact[];
  builds: RunFact[];
  lints: RunFact[];
  installs: RunFact[];
  /** Commands that could have run tests unseen (a script whose output shows no runner's summary). */
  possibleTests: { command: string; line: number }[];
  /** Files the session changed, relative to its repository: its own edits, then what git listed. */
  filesChanged: { path: string; line: number; how: 'edit' | 'git' }[];
  commits: { hash: string; subject: string; line: number }[];
  /** `git commit` commands that did not make a commit ("nothing to commit", a failed hook). */
  failedCommits: { line: number; because: string }[];
  pullRequests: { url: string; line: number }[];
}

const PR_URL = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/pull\/\d+/g;
const COMMIT_LINE = /^\s*\[([^\]\s]+)(?: \(root-commit\))? ([0-9a-f]{7,40})\] (.+)$/;

/** Where a command line runs: `cd packages/api && npm test`, `npm --prefix web test`, `make -C lib test`. */
export function folderOf(run: CommandRun, analysis = analyzeCommand(run.command)): string {
  const prefix = /\s(?:--prefix|-C|--dir|--cwd)\s+("[^"]+"|'[^']+'|[^\s/~][^\s]*)/.exec(run.command);
  const named = prefix?.[1]?.replace(/^["']|["']$/g, '');
  const base = run.folder ?? '.';
  const own = analysis.folder !== '.' && !analysis.folder.startsWith('/') ? analysis.folder : named;
  if (!own) return base;
  const joined = `${base === '.' ? '' : `${base}/`}${own}`.replace(/\/+$/, '').replace(/^\.\//, '');
  return joined === '' || joined === '.' ? '.' : joined;
}

export function describe(counts: TestCounts): string {
  const parts = [`${counts.passed ?? 0} passed`, `${counts.failed ?? 0} failed`];
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  return `${parts.join(', ')} (${counts.runner})`;
}

/** Several summaries as one: the sums, at the last one's line. */
function combined(summaries: TestCounts[]): TestCounts | undefined {
  if (summaries.length <= 1) return summaries[0];
  const lastOne = summaries[summaries.length - 1]!;
  const sum = (key: 'passed' | 'failed' | 'skipped') =>
    summaries.some((entry) => entry[key] !== undefined)
      ? summaries.reduce((total, entry) => total + (entry[key] ?? 0), 0)
      : undefined;
  const result: TestCounts = {
    runner: [...new Set(summaries.map((entry) => entry.runner))].join(' + '),
    line: lastOne.line,
    text: lastOne.text,
  };
  for (const key of ['passed', 'failed', 'skipped'] as const) {
    const value = sum(key);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** Why a line's exit status does not speak for its test run, in a few words. */
function silentExit(run: CommandRun, analysis: CommandAnalysis): string {
  if (analysis.background) return 'it ran in the background';
  if (/\|/.test(run.command)) return 'its exit status is that of the last command of the pipe';
  return 'its exit status is that of a later command';
}

type Outcome = Pick<RunFact, 'ok' | 'because' | 'evidenceLine'>;

function testOutcome(run: CommandRun, analysis: CommandAnalysis, counts: TestCounts | undefined): Outcome {
  const code = run.exitCode;
  const speaks = analysis.exitSpeaksForTests;
  if (counts?.failed !== undefined && counts.failed > 0) {
    return {
      ok: false,
      because: `${describe(counts)}${code === undefined ? '' : `, exit ${code}`}`,
      evidenceLine: counts.line,
    };
  }
  const marker = counts ? undefined : failureMarker(run.output);
  if (marker)
    return { ok: false, because: `the runner reports a failure: ${marker.text.trim()}`, evidenceLine: marker.line };
  if (speaks && code !== undefined && code !== 0) {
    return {
      ok: false,
      because: `exit ${code}${counts ? ` (${describe(counts)})` : ''}`,
      evidenceLine: counts?.line ?? run.line,
    };
  }
  if (counts && (counts.passed ?? 0) > 0) {
    return {
      ok: true,
      because: `${describe(counts)}${speaks && code === 0 ? ', exit 0' : ''}`,
      evidenceLine: counts.line,
    };
  }
  if (speaks && code === 0) return { ok: true, because: 'exit 0', evidenceLine: run.line };
  if (code !== undefined && !speaks) {
    return {
      ok: undefined,
      because: `no runner summary, and the exit code says nothing (${silentExit(run, analysis)})`,
      evidenceLine: run.line,
    };
  }
  if (run.timedOut && code === undefined) {
    return {
      ok: undefined,
      because: 'the CLI stopped it at its time limit, before it finished',
      evidenceLine: run.line,
    };
  }
  if (run.failed && code === undefined)
    return { ok: undefined, because: 'the CLI marked the call as failed, with no exit code', evidenceLine: run.line };
  return { ok: undefined, because: 'the transcript shows no exit code or summary for it', evidenceLine: run.line };
}

/** A build or lint run: its exit status when it is the tool's own. */
function toolOutcome(run: CommandRun, speaks: boolean): Outcome {
  const code = run.exitCode;
  if (speaks && code !== undefined) {
    return code === 0
      ? { ok: true, because: 'exit 0', evidenceLine: run.line }
      : { ok: false, because: `exit ${code}`, evidenceLine: run.line };
  }
  return {
    ok: undefined,
    because: code === undefined ? 'no exit code' : 'its exit status is not its own (a pipe or a later command)',
    evidenceLine: run.line,
  };
}

/**
 * The session's repository root as the record names it: its own working folder, else the one
 * its commands `cd` to most (agents start most commands with `cd /abs/repo &&`).
 */
export function sessionRoot(record: TranscriptRecord): string | undefined {
  if (record.cwd) return record.cwd.replace(/\/+$/, '');
  const seen = new Map<string, number>();
  for (const run of record.commands) {
    const cd = /^\s*cd\s+("[^"]+"|'[^']+'|\/\S+)\s*(?:&&|;)/.exec(run.command)?.[1]?.replace(/^["']|["']$/g, '');
    if (cd?.startsWith('/')) seen.set(cd.replace(/\/+$/, ''), (seen.get(cd.replace(/\/+$/, '')) ?? 0) + 1);
  }
  const best = [...seen.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (best) {
    // `cd /repo/web && …` and `cd /repo && …`: the shortest that holds the others is the root.
    const holding = [...seen.keys()].filter((dir) => best === dir || best.startsWith(`${dir}/`));
    return holding.sort((a, b) => a.length - b.length)[0];
  }
  const absolute = record.edits.map((edit) => edit.path).filter((file) => file.startsWith('/'));
  if (absolute.length === 0) return undefined;
  let common = absolute[0]!.split('/').slice(0, -1);
  for (const file of absolute) {
    const parts = file.split('/');
    let same = 0;
    while (same < common.length && common[same] === parts[same]) same++;
    common = common.slice(0, same);
  }
  // A lone file's own folder may be deep inside the repository; `src`, `test` and the like are not roots.
  while (common.length > 1 && /^(?:src|lib|test|tests|app|pkg|cmd|internal|components|pages)$/.test(common.at(-1)!))
    common.pop();
  return common.length > 1 ? common.join('/') : undefined;
}

/** A path as the repository names it: relative to its root (or to the folder the command ran in). */
export function repositoryPath(file: string, root: string | undefined, folder = '.'): string | undefined {
  let clean = file
    .trim()
    .replace(/^["'`]|["'`]$/g, '')
    .replace(/^\.\//, '');
  if (!clean || /[\s]{2}|^[-+]|[<>|*?]/.test(clean)) return undefined;
  if (clean.startsWith('/')) {
    if (!root || !clean.startsWith(`${root}/`)) return clean;
    clean = clean.slice(root.length + 1);
  } else if (folder !== '.' && !folder.startsWith('/')) {
    clean = `${folder}/${clean}`;
  }
  return clean.replace(/\/{2,}/g, '/');
}

/**
 * What git printed of changed files: `git status` (short and long), `diff --name-only`,
 * `--name-status` and `--stat`, `create mode` lines.
 */
function gitChanges(run: CommandRun): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  const command = run.command;
  const status = /\bgit\s+(?:-\S+\s+)*status\b/.test(command);
  const names = /\bgit\s+(?:-\S+\s+)*diff\b[^|;&]*--name-(?:only|status)\b/.test(command);
  const stat = /\bgit\s+(?:-\S+\s+)*(?:diff|show|log)\b[^|;&]*--stat\b/.test(command);
  for (const entry of run.output) {
    const text = entry.text;
    const created = /^\s*(?:create|delete) mode \d+ (.+)$/.exec(text);
    if (created) found.push({ path: created[1]!, line: entry.line });
    const renamed = /^\s*rename (.+) => (.+) \(\d+%\)$/.exec(text);
    if (renamed) found.push({ path: renamed[2]!, line: entry.line });
    if (status) {
      const long = /^\s*(?:modified|new file|deleted|renamed|typechange):\s+(?:.+ -> )?(.+)$/.exec(text);
      const short = /^\s?([MADRCU?]{1,2})\s+(?:.+ -> )?(\S.*)$/.exec(text);
      if (long) found.push({ path: long[1]!, line: entry.line });
      else if (short && !/^(?:On branch|Your branch|nothing to commit|Changes|Untracked)/.test(text))
        found.push({ path: short[2]!, line: entry.line });
    }
    if (names) {
      const file = /^(?:[MADRCTU]\d*\s+)?(?:\S+\s+)?(\S+)$/.exec(text.trim());
      if (file && !/^(?:warning|diff|index|@@|---|\+\+\+)/.test(text)) found.push({ path: file[1]!, line: entry.line });
    }
    if (stat) {
      const file = /^\s*(\S.*?)\s+\|\s+(?:\d+|Bin)/.exec(text);
      if (file) found.push({ path: file[1]!, line: entry.line });
    }
    // Codex's apply_patch result: "Success. Updated the following files:" then "M src/app.ts".
    const patched = /^([AMD]) (\S.*)$/.exec(text);
    if (patched && run.output.some((other) => /Updated the following files:/.test(other.text)))
      found.push({ path: patched[2]!, line: entry.line });
  }
  return found;
}

/** Commits anywhere in what ran: `[branch 1a2b3c4] subject` (commit, merge, cherry-pick, a script's output). */
function commitsIn(output: readonly OutputLine[]): { hash: string; subject: string; line: number }[] {
  const found: { hash: string; subject: string; line: number }[] = [];
  for (const entry of output) {
    const commit = COMMIT_LINE.exec(entry.text);
    if (commit) found.push({ hash: commit[2]!, subject: commit[3]!.trim(), line: entry.line });
  }
  return found;
}

export function factsOf(record: TranscriptRecord): Facts {
  const facts: Facts = {
    commands: record.commands.length,
    tests: [],
    builds: [],
    lints: [],
    installs: [],
    possibleTests: [],
    filesChanged: [],
    commits: [],
    failedCommits: [],
    pullRequests: [],
  };
  const root = sessionRoot(record);
  const changed = new Set<string>();
  const change = (file: string, line: number, how: 'edit' | 'git', folder = '.') => {
    const clean = repositoryPath(file, root, folder);
    if (!clean || changed.has(clean)) return;
    changed.add(clean);
    facts.filesChanged.push({ path: clean, line, how });
  };
  for (const edit of record.edits) change(edit.path, edit.line, 'edit');
  const hashes = new Set<string>();
  const commit = (entry: { hash: string; subject: string; line: number }) => {
    if ([...hashes].some((hash) => hash.startsWith(entry.hash) || entry.hash.startsWith(hash))) return;
    hashes.add(entry.hash);
    facts.commits.push(entry);
  };

  for (const run of record.commands) {
    const analysis = analyzeCommand(run.command);
    const folder = folderOf(run, analysis);
    const base = { command: run.command, line: run.line, folder, cut: Boolean(run.cutByCli) };
    const withCode = run.exitCode === undefined ? base : { ...base, exitCode: run.exitCode };
    const summaries = analysis.printsOnly ? [] : allTestCounts(run.output);
    const byScript = !analysis.tests && summaries.length > 0 && analysis.mayTest;
    if (analysis.tests || byScript) {
      const counts = combined(summaries);
      facts.tests.push({
        ...withCode,
        ...testOutcome(run, analysis, counts),
        ...(counts ? { counts } : {}),
        summaries,
        via: analysis.tests ? 'runner' : 'script',
        e2e: analysis.e2e || summaries.some((entry) => entry.runner === 'playwright'),
      });
    } else if (analysis.mayTest) facts.possibleTests.push({ command: run.command, line: run.line });
    if (analysis.build) facts.builds.push({ ...withCode, ...toolOutcome(run, analysis.exitSpeaksForBuild) });
    if (analysis.lint) facts.lints.push({ ...withCode, ...toolOutcome(run, analysis.exitSpeaksForLint) });
    if (analysis.install) facts.installs.push({ ...withCode, ...toolOutcome(run, true) });
    for (const file of gitChanges(run)) change(file.path, file.line, 'git', folder);
    const made = commitsIn(run.output);
    for (const entry of made) commit(entry);
    if (made.length === 0 && /\bgit\s+(?:-\S+\s+)*commit\b/.test(run.command)) failedCommit(run, facts);
    for (const entry of run.output) {
      for (const url of entry.text.match(PR_URL) ?? []) facts.pullRequests.push({ url, line: entry.line });
    }
  }
  for (const entry of record.commits) commit(entry);
  facts.commits.sort((a, b) => a.line - b.line);
  return facts;
}

function failedCommit(run: CommandRun, facts: Facts): void {
  const nothing = run.output.find((entry) =>
    /nothing (?:added )?to commit|no changes added to commit/.test(entry.text),
  );
  if (nothing) facts.failedCommits.push({ line: nothing.line, because: nothing.text.trim() });
  else if (run.exitCode !== undefined && run.exitCode !== 0)
    facts.failedCommits.push({ line: run.line, because: `exit ${run.exitCode}` });
}

/** The last test run in each folder (of those before `before`, a transcript line): what says whether its tests pass. */
export function latestTestRuns(tests: readonly TestRunFact[], before = Number.POSITIVE_INFINITY): TestRunFact[] {
  const byFolder = new Map<string, TestRunFact>();
  for (const run of tests) if (run.line < before) byFolder.set(`${run.folder}\0${run.e2e}`, run);
  return [...byFolder.values()];
}
