/**
 * verifyStep: a step's claims and done definition judged against what its transcript shows and
 * what is on disk. Every judgement names the transcript line it rests on.
 *
 * - A claim is backed, contradicted or unverifiable. Saying the tests pass with no test run, or
 *   when the last run in a folder failed, is contradicted; so is "committed" with no commit.
 * - A done-definition item is met, unmet or unknown (an item the transcript cannot speak to).
 * - Every expected output that names a path must exist.
 * The verdict is `contradicted` when anything is contradicted, unmet or missing; `verified`
 * when something is backed and nothing contradicts; `unconfirmed` when nothing either way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TranscriptRecord } from '../transcripts/record.js';
import { truncate } from '../util/text.js';
import { labelOf } from '../transcripts/read.js';
import { type ChecklistKind, type ClaimKind, checklistKind, claimsOf, pathsIn } from './claims.js';
import { type Facts, factsOf, latestTestRuns, type RunFact } from './facts.js';

export interface Evidence {
  /** `file:line`, or a path on disk. */
  at: string;
  text?: string;
}

export interface JudgedClaim {
  kind: ClaimKind;
  text: string;
  at: Evidence;
  status: 'backed' | 'contradicted' | 'unverifiable';
  reason: string;
  evidence: Evidence[];
}

export interface JudgedItem {
  item: string;
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
  verdict: VerdictKind;
  executionId: string;
  stepNumber: number;
  agentName: string;
  transcript: {
    path: string;
    format: TranscriptRecord['format'];
    label: string;
    lines: number;
    problems: { at: string; message: string }[];
  };
  facts: Facts;
  finalMessage: Evidence | undefined;
  claims: JudgedClaim[];
  checklist: JudgedItem[];
  outputs: OutputCheck[];
  /** Why it is contradicted, one short line each. */
  reasons: string[];
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
  const exists = (file: string) => existsInside(input.root, file);
  const judge = new Judge(facts, outputs, at, exists);
  const claims = claimsOf(record).map((claim): JudgedClaim => {
    const { status, reason, evidence } = judge.claim(claim.kind, claim.text);
    return { kind: claim.kind, text: claim.text, at: at(claim.line), status, reason, evidence };
  });
  const checklist = input.doneDefinition.map((item): JudgedItem => ({ item, ...judge.item(checklistKind(item)) }));

  const reasons = unique([
    ...claims
      .filter((claim) => claim.status === 'contradicted')
      .map((claim) => `"${truncate(claim.text, 70)}": ${claim.reason}`),
    ...checklist
      .filter((item) => item.status === 'unmet')
      .map((item) => `done definition "${truncate(item.item, 70)}": ${item.reason}`),
    ...outputs.flatMap((output) =>
      output.paths.filter((file) => !file.exists).map((file) => `expected output ${file.path} does not exist`),
    ),
  ]);
  const anything = claims.some((claim) => claim.status === 'backed') || checklist.some((item) => item.status === 'met');
  return {
    verdict: reasons.length > 0 ? 'contradicted' : anything ? 'verified' : 'unconfirmed',
    executionId: input.executionId,
    stepNumber: input.stepNumber,
    agentName: input.agentName,
    transcript: {
      path: input.transcriptPath,
      format: record.format,
      label: labelOf(record.format),
      lines: record.lines,
      problems: record.problems.map((problem) => ({
        at: `${input.transcriptPath}:${problem.line}`,
        message: problem.message,
      })),
    },
    facts,
    finalMessage: record.finalMessage ? at(record.finalMessage.line) : undefined,
    claims,
    checklist,
    outputs,
    reasons,
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
const TEST_FILE =
  /(?:^|\/)(?:tests?|__tests__|specs?)\/|\.(?:test|spec)\.\w+$|_(?:test|spec)\.\w+$|(?:^|\/)test_\w+\.py$|Tests?\.\w+$/;

class Judge {
  constructor(
    private readonly facts: Facts,
    private readonly outputs: OutputCheck[],
    private readonly at: (line: number, text?: string) => Evidence,
    private readonly exists: (file: string) => boolean,
  ) {}

  claim(kind: ClaimKind, text: string): Judgement {
    switch (kind) {
      case 'tests-pass':
        return this.tests();
      case 'build-passes':
        return this.runs(this.facts.builds, 'build');
      case 'lint-clean':
        return this.runs(this.facts.lints, 'lint run');
      case 'tests-added':
        return this.testsAdded();
      case 'committed':
        return this.committed();
      case 'pr-opened': {
        const pr = this.facts.pullRequests[this.facts.pullRequests.length - 1];
        return pr
          ? { status: 'backed', reason: `${pr.url} is in the output`, evidence: [this.at(pr.line, pr.url)] }
          : { status: 'unverifiable', reason: 'no pull request link in the command output', evidence: [] };
      }
      case 'done':
        return this.done(text);
    }
  }

  item(kind: ChecklistKind): Omit<JudgedItem, 'item'> {
    const asItem = (judgement: Judgement): Omit<JudgedItem, 'item'> => ({
      status: judgement.status === 'backed' ? 'met' : judgement.status === 'contradicted' ? 'unmet' : 'unknown',
      reason: judgement.reason,
      evidence: judgement.evidence,
    });
    switch (kind) {
      case 'tests':
        return asItem(this.tests());
      case 'lint':
        return asItem(this.runs(this.facts.lints, 'lint run'));
      case 'build':
        return asItem(this.runs(this.facts.builds, 'build'));
      case 'commit':
        return asItem(this.committed());
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

  private tests(): Judgement {
    const runs = latestTestRuns(this.facts.tests);
    if (runs.length === 0)
      return { status: 'contradicted', reason: 'no test command ran in the session', evidence: [] };
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
        reason: `${unknown.map((run) => run.command).join('; ')}: ${unknown[0]!.because}`,
        evidence: unknown.map((run) => this.at(run.line, run.command)),
      };
    }
    return {
      status: 'backed',
      reason: runs.map((run) => `${run.command}${inFolder(run)}: ${run.because}`).join('; '),
      evidence: runs.map((run) => this.at(run.evidenceLine, run.counts?.text ?? run.command)),
    };
  }

  private runs(runs: readonly RunFact[], what: string): Judgement {
    const lastRun = runs[runs.length - 1];
    if (!lastRun) return { status: 'contradicted', reason: `no ${what} in the session`, evidence: [] };
    const evidence = [this.at(lastRun.evidenceLine, lastRun.command)];
    if (lastRun.ok === false)
      return { status: 'contradicted', reason: `the last ${what} failed (${lastRun.because})`, evidence };
    if (lastRun.ok === undefined)
      return { status: 'unverifiable', reason: `${lastRun.command}: ${lastRun.because}`, evidence };
    return { status: 'backed', reason: `${lastRun.command}: ${lastRun.because}`, evidence };
  }

  private testsAdded(): Judgement {
    const tests = this.facts.filesChanged.filter((file) => TEST_FILE.test(file.path));
    if (tests.length > 0) {
      return {
        status: 'backed',
        reason: `test files changed: ${tests.map((file) => file.path).join(', ')}`,
        evidence: tests.map((file) => this.at(file.line, file.path)),
      };
    }
    if (this.facts.filesChanged.length > 0) {
      return {
        status: 'contradicted',
        reason: `no test file among the files changed (${this.facts.filesChanged.map((file) => file.path).join(', ')})`,
        evidence: this.facts.filesChanged.map((file) => this.at(file.line, file.path)),
      };
    }
    return { status: 'unverifiable', reason: 'the transcript shows no file changes', evidence: [] };
  }

  private committed(): Judgement {
    const commit = this.facts.commits[this.facts.commits.length - 1];
    if (commit) {
      return {
        status: 'backed',
        reason: `commit ${commit.hash} "${commit.subject}"`,
        evidence: [this.at(commit.line, `${commit.hash} ${commit.subject}`)],
      };
    }
    const failed = this.facts.failedCommits[this.facts.failedCommits.length - 1];
    if (failed)
      return {
        status: 'contradicted',
        reason: `git commit made no commit (${failed.because})`,
        evidence: [this.at(failed.line)],
      };
    return { status: 'contradicted', reason: 'no git commit in the session', evidence: [] };
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

  /** "Done" is judged by what it promises on disk: the expected outputs (tests are their own claim). */
  private done(sentence: string): Judgement {
    const outputs = this.outputsExist();
    if (outputs.status === 'contradicted') return outputs;
    // "Done: the endpoints are in src/auth/routes.ts" promises that file too.
    const named = pathsIn(sentence).filter(
      (file) => !this.outputs.some((output) => output.paths.some((p) => p.path === file)),
    );
    const missing = named.filter((file) => !this.exists(file));
    if (missing.length > 0) return { status: 'contradicted', reason: `missing: ${missing.join(', ')}`, evidence: [] };
    if (named.length === 0) {
      return outputs.status === 'unverifiable'
        ? { ...outputs, reason: `${outputs.reason}, and the claim names none` }
        : outputs;
    }
    const all = [...this.outputs.flatMap((output) => output.paths.map((file) => file.path)), ...named];
    return {
      status: 'backed',
      reason: `${all.join(', ')} ${all.length === 1 ? 'exists' : 'exist'}`,
      evidence: all.map((file) => ({ at: file })),
    };
  }
}

/** ` in packages/web` for a run in a sub-folder its command does not already name. */
function inFolder(run: RunFact): string {
  return run.folder === '.' || run.command.includes(run.folder) ? '' : ` in ${run.folder}`;
}
