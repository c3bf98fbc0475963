/**
 * verifyStep: a step's claims judged against what its transcript shows, and its done definition
 * checked apart. Every judgement names the transcript line it rests on.
 *
 * A claim is backed, contradicted or unverifiable. Contradicted needs positive evidence: a test
 * run that failed, counts that differ from the ones claimed, a `git commit` that made nothing.
 * Absence (no test run seen) makes a claim unverifiable, unless the record is complete: the
 * format keeps every tool's output, nothing was cut, no sub-agent or unknown tool worked out of
 * sight, and no script that might have run tests went unread. Each claim is judged on what had
 * happened by the time it was said, and a passing run followed by an edit of code no longer
 * backs it. The verdict is of the claims: `contradicted` when one is, `verified` when one is
 * backed in the last closing message, none there that something ran and passed is left
 * unverifiable, and none in any message is contradicted; `unconfirmed` otherwise.
 *
 * A done-definition item is met, unmet or unknown, and met only by evidence of that item (one
 * passing run does not show "seen failing before it passed"). Expected outputs that name a path
 * are looked for on disk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { labelOf } from '../transcripts/read.js';
import type { ToolOutput, TranscriptRecord } from '../transcripts/record.js';
import { truncate } from '../util/text.js';
import { type ChecklistKind, type Claim, type ClaimKind, checklistKind, claimsOf, pathsIn } from './claims.js';
import { type Facts, factsOf, latestTestRuns, type RunFact, type TestRunFact } from './facts.js';

/** Claims that something ran and passed. */
const RUN_CLAIMS: ReadonlySet<ClaimKind> = new Set(['tests-pass', 'build-passes', 'lint-clean']);

export interface Evidence {
  /** `file:line`, or a path on disk. */
  at: string;
  text?: string;
}

export interface JudgedClaim {
  kind: ClaimKind;
  text: string;
  at: Evidence;
  /** The transcript line the claim is on. */
  line: number;
  status: 'backed' | 'contradicted' | 'unverifiable';
  reason: string;
  evidence: Evidence[];
  count?: number;
  scope?: Claim['scope'];
  /** Said in an earlier turn's closing message. */
  earlier?: true;
}

export interface JudgedItem {
  item: string;
  kind: ChecklistKind;
  status: 'met' | 'unmet' | 'unknown';
  reason: string;
  evidence: Evidence[];
}

export interface OutputCheck {
  output: string;
  paths: { path: string; exists: boolean }[];
}

export type VerdictKind = 'verified' | 'unconfirmed' | 'contradicted';

export interface Verdict {
  /** Of the claims. */
  verdict: VerdictKind;
  executionId: string;
  stepNumber: number;
  agentName: string;
  transcript: {
    path: string;
    format: TranscriptRecord['format'];
    label: string;
    lines: number;
    toolOutput: ToolOutput;
    /** Every tool's output is there: absence in it is evidence. */
    complete: boolean;
    problems: { at: string; message: string }[];
  };
  facts: Facts;
  finalMessage: Evidence | undefined;
  claims: JudgedClaim[];
  /** The done definition, item by item, apart from the verdict. */
  doneDefinition: JudgedItem[];
  /** met: every item met; unmet: one is unmet; unknown: otherwise (or no items). */
  doneDefinitionStatus: 'met' | 'unmet' | 'unknown';
  outputs: OutputCheck[];
  /** Why the claims are contradicted, one short line each. */
  reasons: string[];
  /** What the done definition lacks, one short line each (an unmet item or a missing output). */
  lacking: string[];
}

export interface VerifyInput {
  record: TranscriptRecord;
  /** The transcript as messages name it (project-relative). */
  transcriptPath: string;
  /** The project root: expected outputs are looked for under it. */
  root: string;
  executionId: string;
  stepNumber: number;
  agentName: string;
  doneDefinition: readonly string[];
  expectedOutputs: readonly string[];
}

/** Whether absence in this record is evidence: every output kept, nothing cut, nothing done out of sight. */
export function isComplete(record: TranscriptRecord): boolean {
  return (
    record.toolOutput === 'kept' &&
    record.hiddenWork === 0 &&
    record.problems.length === 0 &&
    record.commands.every((run) => !run.cutByCli && run.omitted === 0)
  );
}

export function verifyStep(input: VerifyInput): Verdict {
  const { record } = input;
  const at = (line: number, text?: string): Evidence => ({
    at: `${input.transcriptPath}:${line}`,
    ...(text === undefined ? {} : { text }),
  });
  const facts = factsOf(record);
  const outputs = input.expectedOutputs.map((output) => ({
    output,
    paths: pathsIn(output).map((file) => ({ path: file, exists: existsInside(input.root, file) })),
  }));
  const complete = isComplete(record);
  const judge = new Judge(record, facts, outputs, at, (file) => existsInside(input.root, file), complete);
  const claims = claimsOf(record).map((claim): JudgedClaim => {
    const { status, reason, evidence } = judge.claim(claim);
    return {
      kind: claim.kind,
      text: claim.text,
      at: at(claim.line),
      line: claim.line,
      status,
      reason,
      evidence,
      ...(claim.count === undefined ? {} : { count: claim.count }),
      ...(claim.scope ? { scope: claim.scope } : {}),
      ...(claim.earlier ? { earlier: true as const } : {}),
    };
  });
  const doneDefinition = input.doneDefinition.map((item): JudgedItem => {
    const kind = checklistKind(item);
    return { item, kind, ...judge.item(kind) };
  });
  const reasons = unique(
    claims
      .filter((claim) => claim.status === 'contradicted')
      .map((claim) => `"${truncate(claim.text, 70)}": ${claim.reason}`),
  );
  const lacking = unique([
    ...doneDefinition
      .filter((item) => item.status === 'unmet')
      .map((item) => `"${truncate(item.item, 70)}": ${item.reason}`),
    ...outputs.flatMap((output) =>
      output.paths.filter((file) => !file.exists).map((file) => `expected output ${file.path} does not exist`),
    ),
  ]);
  // What backs the step is what its last message says; an earlier turn's claim can only contradict it.
  // A claim there that something ran and passed, left unchecked, is the heart of it: another backed
  // claim ("tests added") does not make up for it.
  const last = claims.filter((claim) => !claim.earlier);
  const backed =
    last.some((claim) => claim.status === 'backed') &&
    !last.some((claim) => claim.status === 'unverifiable' && RUN_CLAIMS.has(claim.kind));
  return {
    verdict: reasons.length > 0 ? 'contradicted' : backed ? 'verified' : 'unconfirmed',
    executionId: input.executionId,
    stepNumber: input.stepNumber,
    agentName: input.agentName,
    transcript: {
      path: input.transcriptPath,
      format: record.format,
      label: labelOf(record.format),
      lines: record.lines,
      toolOutput: record.toolOutput,
      complete,
      problems: record.problems.map((problem) => ({
        at: `${input.transcriptPath}:${problem.line}`,
        message: problem.message,
      })),
    },
    facts,
    finalMessage: record.finalMessage ? at(record.finalMessage.line) : undefined,
    claims,
    doneDefinition,
    doneDefinitionStatus:
      doneDefinition.some((item) => item.status === 'unmet') || lacking.length > 0
        ? 'unmet'
        : doneDefinition.length > 0 && doneDefinition.every((item) => item.status === 'met')
          ? 'met'
          : 'unknown',
    outputs,
    reasons,
    lacking,
  };
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}

/** A path under the project, never outside it. */
function existsInside(root: string, file: string): boolean {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  return !relative.startsWith('..') && !path.isAbsolute(relative) && existsSync(absolute);
}

interface Judgement {
  status: JudgedClaim['status'];
  reason: string;
  evidence: Evidence[];
}

/** test/…, __tests__/…, a.test.ts, a_spec.rb, a_test.go, test_a.py, ATests.cs */
const TEST_FILE = new RegExp(
  String.raw`(?:^|/)(?:tests?|__tests__|specs?|e2e)/|\.(?:test|spec|e2e)\.\w+$|_(?:test|spec)\.\w+$|` +
    String.raw`(?:^|/)test_\w+\.py$|Tests?\.\w+$`,
);
/** Files whose change does not touch what tests cover: documentation and notes. */
const NOT_CODE = /\.(?:md|mdx|rst|txt|adoc|png|jpg|svg|gif|lock)$|(?:^|\/)(?:docs?|\.github)\//i;

const NO_OUTPUT = 'this format keeps no tool output, so what ran cannot be checked';

class Judge {
  constructor(
    private readonly record: TranscriptRecord,
    private readonly facts: Facts,
    private readonly outputs: OutputCheck[],
    private readonly at: (line: number, text?: string) => Evidence,
    private readonly exists: (file: string) => boolean,
    private readonly complete: boolean,
  ) {}

  /** When nothing in the record speaks to a claim: unverifiable, or contradicted where the record is complete. */
  private absent(what: string, before: number): Judgement {
    if (this.record.toolOutput === 'none') return { status: 'unverifiable', reason: NO_OUTPUT, evidence: [] };
    const script = this.facts.possibleTests.filter((entry) => entry.line < before).pop();
    if (script) {
      return {
        status: 'unverifiable',
        reason: `no ${what} is seen, but \`${truncate(script.command, 60)}\` may have run one`,
        evidence: [this.at(script.line, script.command)],
      };
    }
    if (this.complete)
      return {
        status: 'contradicted',
        reason: `the record is complete and holds no ${what} before this`,
        evidence: [],
      };
    return {
      status: 'unverifiable',
      reason: `no ${what} in the transcript (its record is not complete: ${this.gap()})`,
      evidence: [],
    };
  }

  /** Why the record is not complete, in a few words. */
  private gap(): string {
    if (this.record.toolOutput === 'partial') return 'this format leaves some tool output out';
    if (this.record.hiddenWork > 0)
      return `${this.record.hiddenWork} tool call(s) worked out of sight (sub-agents, MCP)`;
    if (this.record.problems.length > 0) return 'some of its lines could not be read';
    return 'some output was cut';
  }

  claim(claim: Claim): Judgement {
    switch (claim.kind) {
      case 'tests-pass':
        return this.tests(claim);
      case 'build-passes':
        return this.runs(this.facts.builds, 'build', claim.line);
      case 'lint-clean':
        return this.runs(this.facts.lints, 'lint run', claim.line);
      case 'tests-added':
        return this.testsAdded(claim.line);
      case 'committed':
        return this.committed(claim);
      case 'pr-opened': {
        const pr = this.facts.pullRequests.filter((entry) => entry.line <= claim.line).pop();
        return pr
          ? { status: 'backed', reason: `${pr.url} is in the output`, evidence: [this.at(pr.line, pr.url)] }
          : { status: 'unverifiable', reason: 'no pull request link in the command output', evidence: [] };
      }
      case 'done':
        return this.done(claim);
    }
  }

  private scoped(claim: Pick<Claim, 'scope' | 'line'>): TestRunFact[] {
    const runs = latestTestRuns(this.facts.tests, claim.line);
    if (claim.scope === 'e2e') return runs.filter((run) => run.e2e);
    if (claim.scope === 'unit') return runs.filter((run) => !run.e2e);
    return runs;
  }

  private tests(claim: Pick<Claim, 'scope' | 'line' | 'count'>): Judgement {
    const runs = this.scoped(claim);
    if (runs.length === 0) return this.absent(claim.scope ? `${claim.scope} test run` : 'test run', claim.line);
    const failed = runs.filter((run) => run.ok === false);
    if (failed.length > 0) {
      return {
        status: 'contradicted',
        reason: failed
          .map((run) => `the last test run${run.folder === '.' ? '' : ` in ${run.folder}`} failed (${run.because})`)
          .join('; '),
        evidence: failed.map((run) => this.at(run.evidenceLine, run.counts?.text ?? run.command)),
      };
    }
    const unknown = runs.filter((run) => run.ok === undefined);
    if (unknown.length > 0) {
      return {
        status: 'unverifiable',
        reason: `${truncate(unknown[0]!.command, 60)}: ${unknown[0]!.because}`,
        evidence: unknown.map((run) => this.at(run.line, run.command)),
      };
    }
    if (claim.count !== undefined) {
      const counted = this.countMatch(claim, runs);
      if (counted) return counted;
    }
    const lastRun = Math.max(...runs.map((run) => run.line));
    const edited = this.record.edits.filter(
      (edit) => edit.line > lastRun && edit.line < claim.line && !NOT_CODE.test(edit.path),
    );
    if (edited.length > 0) {
      return {
        status: 'unverifiable',
        reason:
          `code changed after the last test run (${edited.map((edit) => edit.path).join(', ')}), ` +
          'and no run came after',
        evidence: edited.slice(0, 3).map((edit) => this.at(edit.line, edit.path)),
      };
    }
    return {
      status: 'backed',
      reason: runs.map((run) => `${truncate(run.command, 60)}${inFolder(run)}: ${run.because}`).join('; '),
      evidence: runs.map((run) => this.at(run.evidenceLine, run.counts?.text ?? run.command)),
    };
  }

  /** A claimed count: any run, or the latest runs together, may show it; counts that differ contradict it. */
  private countMatch(claim: Pick<Claim, 'count' | 'line' | 'scope'>, latest: TestRunFact[]): Judgement | undefined {
    const count = claim.count!;
    const before = this.facts.tests.filter(
      (run) => run.line < claim.line && (claim.scope === 'e2e' ? run.e2e : claim.scope === 'unit' ? !run.e2e : true),
    );
    const shown = before.flatMap((run) => run.summaries.map((summary) => ({ run, summary })));
    if (shown.length === 0) return undefined;
    const total = latest.reduce((sum, run) => sum + (run.counts?.passed ?? 0), 0);
    const same = shown.find(
      ({ summary }) =>
        summary.passed === count ||
        (summary.passed ?? 0) + (summary.skipped ?? 0) === count ||
        (summary.passed ?? 0) + (summary.failed ?? 0) === count,
    );
    if (same || total === count) return undefined;
    const counts = [...new Set(shown.map(({ summary }) => summary.passed ?? 0))].slice(-4).join(', ');
    const lastShown = shown[shown.length - 1]!;
    return {
      status: 'contradicted',
      reason: `it says ${count}, but the test runs show ${counts} passed`,
      evidence: [this.at(lastShown.summary.line, lastShown.summary.text)],
    };
  }

  private runs(runs: readonly RunFact[], what: string, before: number): Judgement {
    const lastRun = runs.filter((run) => run.line < before).pop();
    if (!lastRun) return this.absent(what, before);
    const evidence = [this.at(lastRun.evidenceLine, lastRun.command)];
    if (lastRun.ok === false)
      return { status: 'contradicted', reason: `the last ${what} failed (${lastRun.because})`, evidence };
    if (lastRun.ok === undefined)
      return { status: 'unverifiable', reason: `${truncate(lastRun.command, 60)}: ${lastRun.because}`, evidence };
    return { status: 'backed', reason: `${truncate(lastRun.command, 60)}: ${lastRun.because}`, evidence };
  }

  private testsAdded(before: number): Judgement {
    const changed = this.facts.filesChanged.filter((file) => file.line < before);
    const tests = changed.filter((file) => TEST_FILE.test(file.path));
    if (tests.length > 0) {
      return {
        status: 'backed',
        reason: `test files changed: ${tests.map((file) => file.path).join(', ')}`,
        evidence: tests.map((file) => this.at(file.line, file.path)),
      };
    }
    if (this.complete && changed.length > 0) {
      return {
        status: 'contradicted',
        reason: `no test file among the files changed (${changed.map((file) => file.path).join(', ')})`,
        evidence: changed.slice(0, 3).map((file) => this.at(file.line, file.path)),
      };
    }
    if (this.record.toolOutput === 'none') return { status: 'unverifiable', reason: NO_OUTPUT, evidence: [] };
    return { status: 'unverifiable', reason: 'no test file is among the changes the transcript shows', evidence: [] };
  }

  private committed(claim: Pick<Claim, 'text' | 'line'>): Judgement {
    const commits = this.facts.commits.filter((entry) => entry.line <= claim.line);
    const named = /\b([0-9a-f]{7,40})\b/.exec(claim.text)?.[1];
    const commit = named
      ? commits.find((entry) => entry.hash.startsWith(named) || named.startsWith(entry.hash))
      : commits[commits.length - 1];
    if (commit) {
      return {
        status: 'backed',
        reason: `commit ${commit.hash} "${truncate(commit.subject, 60)}"`,
        evidence: [this.at(commit.line, `${commit.hash} ${commit.subject}`)],
      };
    }
    const failed = this.facts.failedCommits.filter((entry) => entry.line <= claim.line).pop();
    if (failed && commits.length === 0)
      return {
        status: 'contradicted',
        reason: `git commit made no commit (${failed.because})`,
        evidence: [this.at(failed.line)],
      };
    if (named && commits.length > 0 && this.complete) {
      return {
        status: 'contradicted',
        reason: `no commit ${named} in the session (it made ${commits.map((entry) => entry.hash).join(', ')})`,
        evidence: [this.at(commits[commits.length - 1]!.line)],
      };
    }
    return this.absent('commit', claim.line);
  }

  private outputsExist(): Judgement {
    const paths = this.outputs.flatMap((output) => output.paths);
    if (paths.length === 0) return { status: 'unverifiable', reason: 'no expected output names a path', evidence: [] };
    const missing = paths.filter((file) => !file.exists);
    if (missing.length > 0)
      return {
        status: 'contradicted',
        reason: `missing: ${missing.map((file) => file.path).join(', ')}`,
        evidence: [],
      };
    return {
      status: 'backed',
      reason: `${paths.map((file) => file.path).join(', ')} ${paths.length === 1 ? 'exists' : 'exist'}`,
      evidence: paths.map((file) => ({ at: file.path })),
    };
  }

  /**
   * "Done" promises the step's expected outputs (missing on disk: contradicted) and the paths it
   * names in backticks, each of which must be among the files changed or on disk (else it cannot
   * be checked here: the work may be in another checkout).
   */
  private done(claim: Claim): Judgement {
    const outputs = this.outputsExist();
    if (outputs.status === 'contradicted') return outputs;
    const changed = new Set(this.facts.filesChanged.map((file) => file.path));
    const named = (claim.paths ?? []).filter(
      (file) => !this.outputs.some((output) => output.paths.some((entry) => entry.path === file)),
    );
    const seen = (file: string) =>
      changed.has(file) || [...changed].some((entry) => entry.endsWith(`/${file}`)) || this.exists(file);
    const unseen = named.filter((file) => !seen(file));
    if (unseen.length > 0) {
      return {
        status: 'unverifiable',
        reason: `${unseen.join(', ')}: neither among the files changed nor on disk here`,
        evidence: [],
      };
    }
    if (named.length === 0) {
      return outputs.status === 'unverifiable'
        ? { ...outputs, reason: `${outputs.reason}, and the claim names none in backticks` }
        : outputs;
    }
    const all = [...this.outputs.flatMap((output) => output.paths.map((file) => file.path)), ...named];
    return {
      status: 'backed',
      reason: `${all.join(', ')} ${all.length === 1 ? 'is there' : 'are there'}`,
      evidence: all.map((file) => ({ at: file })),
    };
  }

  item(kind: ChecklistKind): Omit<JudgedItem, 'item' | 'kind'> {
    const end = Number.POSITIVE_INFINITY;
    const asItem = (judgement: Judgement): Omit<JudgedItem, 'item' | 'kind'> => ({
      status: judgement.status === 'backed' ? 'met' : judgement.status === 'contradicted' ? 'unmet' : 'unknown',
      reason: judgement.reason,
      evidence: judgement.evidence,
    });
    switch (kind) {
      case 'tests':
        return asItem(this.tests({ line: end }));
      case 'tests-added':
        return asItem(this.testsAdded(end));
      case 'failing-first':
        return this.failingFirst();
      case 'lint':
        return asItem(this.runs(this.facts.lints, 'lint run', end));
      case 'build':
        return asItem(this.runs(this.facts.builds, 'build', end));
      case 'commit':
        return asItem(this.committed({ text: '', line: end }));
      case 'outputs':
        return asItem(this.outputsExist());
      case 'docs': {
        const docs = this.facts.filesChanged.filter((file) =>
          /\.(?:md|mdx|rst|adoc|txt)$|(?:^|\/)docs?\//i.test(file.path),
        );
        return docs.length > 0
          ? {
              status: 'met',
              reason: `changed ${docs.map((file) => file.path).join(', ')}`,
              evidence: docs.map((file) => this.at(file.line)),
            }
          : { status: 'unknown', reason: 'no documentation file was changed in the session', evidence: [] };
      }
      case 'other':
        return { status: 'unknown', reason: 'not something a transcript can show', evidence: [] };
    }
  }

  /** "Seen failing before it passed": a failing run, then a passing one of the same tests. */
  private failingFirst(): Omit<JudgedItem, 'item' | 'kind'> {
    for (const failing of this.facts.tests.filter((run) => run.ok === false)) {
      const passing = this.facts.tests.find(
        (run) => run.ok === true && run.line > failing.line && run.folder === failing.folder && run.e2e === failing.e2e,
      );
      if (passing) {
        return {
          status: 'met',
          reason: `failed (${failing.because}), then passed (${passing.because})`,
          evidence: [this.at(failing.evidenceLine), this.at(passing.evidenceLine)],
        };
      }
    }
    const passed = this.facts.tests.some((run) => run.ok === true);
    if (passed && this.complete)
      return { status: 'unmet', reason: 'the tests were only seen passing, never failing first', evidence: [] };
    return { status: 'unknown', reason: 'no test run was seen failing and then passing', evidence: [] };
  }
}

/** ` in packages/web` for a run in a sub-folder its command does not already name. */
function inFolder(run: RunFact): string {
  return run.folder === '.' || run.command.includes(run.folder) ? '' : ` in ${run.folder}`;
}
