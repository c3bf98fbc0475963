/**
 * `verify --json`: the verdict as a documented contract for scripts and reports, with its JSON
 * Schema (schemas/verify.schema.json is generated from `verifyJsonSchema`; a test checks real
 * output against it). Fields are added, never renamed; `contract` says which version this is.
 */
import * as v from 'valibot';
import type { Verdict } from './verify.js';

export const VERIFY_CONTRACT = 1;

const n = v.pipe(v.number(), v.integer(), v.minValue(0));
const line = v.pipe(v.number(), v.integer(), v.minValue(1));
const evidence = v.array(v.object({ at: v.string(), text: v.optional(v.string()) }));
const run = {
  command: v.string(),
  line,
  folder: v.string(),
  exitCode: v.nullable(v.number()),
  ok: v.pipe(
    v.nullable(v.boolean()),
    v.description('true: it passed; false: it failed; null: the transcript does not say.'),
  ),
  because: v.string(),
  evidenceLine: line,
};

export const verifyJsonSchema = v.pipe(
  v.object({
    contract: v.literal(VERIFY_CONTRACT),
    verdict: v.pipe(
      v.picklist(['verified', 'unconfirmed', 'contradicted']),
      v.description('Of the claims: contradicted when one is, verified when one is backed and none contradicted.'),
    ),
    executionId: v.string(),
    stepNumber: line,
    agentName: v.string(),
    transcript: v.object({
      path: v.string(),
      format: v.string(),
      label: v.string(),
      lines: n,
      toolOutput: v.pipe(
        v.picklist(['kept', 'partial', 'none']),
        v.description('How much of the tools’ output the format keeps.'),
      ),
      complete: v.pipe(
        v.boolean(),
        v.description('Every tool output is there, nothing cut, nothing done out of sight: absence is evidence.'),
      ),
      problems: v.array(v.object({ at: v.string(), message: v.string() })),
    }),
    facts: v.object({
      commands: n,
      tests: v.array(
        v.object({
          ...run,
          counts: v.nullable(
            v.object({ passed: v.nullable(n), failed: v.nullable(n), skipped: v.nullable(n), runner: v.string() }),
          ),
          via: v.picklist(['runner', 'script']),
          e2e: v.boolean(),
        }),
      ),
      builds: v.array(v.object(run)),
      lints: v.array(v.object(run)),
      installs: v.array(v.object(run)),
      filesChanged: v.array(v.object({ path: v.string(), line, how: v.picklist(['edit', 'git']) })),
      commits: v.array(v.object({ hash: v.string(), subject: v.string(), line })),
      pullRequests: v.array(v.object({ url: v.string(), line })),
    }),
    claims: v.array(
      v.object({
        text: v.string(),
        kind: v.picklist(['tests-pass', 'tests-added', 'build-passes', 'lint-clean', 'committed', 'pr-opened', 'done']),
        status: v.picklist(['backed', 'contradicted', 'unverifiable']),
        reason: v.string(),
        line: v.pipe(line, v.description('The transcript line the claim is on.')),
        count: v.nullable(n),
        scope: v.nullable(v.picklist(['unit', 'e2e', 'integration'])),
        earlier: v.pipe(v.boolean(), v.description('Said in an earlier turn’s closing message, not the last.')),
        evidence,
      }),
    ),
    doneDefinition: v.array(
      v.object({
        item: v.string(),
        kind: v.string(),
        status: v.picklist(['met', 'unmet', 'unknown']),
        reason: v.string(),
        evidence,
      }),
    ),
    doneDefinitionStatus: v.picklist(['met', 'unmet', 'unknown']),
    outputs: v.array(
      v.object({ output: v.string(), paths: v.array(v.object({ path: v.string(), exists: v.boolean() })) }),
    ),
    reasons: v.array(v.string()),
    lacking: v.array(v.string()),
  }),
  v.title('swarm-conductor verify --json'),
  v.description("A step's verdict: what its transcript shows ran, its claims judged, its done definition apart."),
);

export type VerifyJson = v.InferOutput<typeof verifyJsonSchema>;

/** The verdict in the contract's shape: every field present, `null` where there is no value. */
export function verdictJson(verdict: Verdict): VerifyJson {
  const runOf = (entry: Verdict['facts']['builds'][number]) => ({
    command: entry.command,
    line: entry.line,
    folder: entry.folder,
    exitCode: entry.exitCode ?? null,
    ok: entry.ok ?? null,
    because: entry.because,
    evidenceLine: entry.evidenceLine,
  });
  const { facts } = verdict;
  return {
    contract: VERIFY_CONTRACT,
    verdict: verdict.verdict,
    executionId: verdict.executionId,
    stepNumber: verdict.stepNumber,
    agentName: verdict.agentName,
    transcript: { ...verdict.transcript },
    facts: {
      commands: facts.commands,
      tests: facts.tests.map((entry) => ({
        ...runOf(entry),
        counts: entry.counts
          ? {
              passed: entry.counts.passed ?? null,
              failed: entry.counts.failed ?? null,
              skipped: entry.counts.skipped ?? null,
              runner: entry.counts.runner,
            }
          : null,
        via: entry.via,
        e2e: entry.e2e,
      })),
      builds: facts.builds.map(runOf),
      lints: facts.lints.map(runOf),
      installs: facts.installs.map(runOf),
      filesChanged: facts.filesChanged.map(({ path, line: at, how }) => ({ path, line: at, how })),
      commits: facts.commits.map(({ hash, subject, line: at }) => ({ hash, subject, line: at })),
      pullRequests: facts.pullRequests.map(({ url, line: at }) => ({ url, line: at })),
    },
    claims: verdict.claims.map((claim) => ({
      text: claim.text,
      kind: claim.kind,
      status: claim.status,
      reason: claim.reason,
      line: claim.line,
      count: claim.count ?? null,
      scope: claim.scope ?? null,
      earlier: claim.earlier ?? false,
      evidence: claim.evidence,
    })),
    doneDefinition: verdict.doneDefinition.map(({ item, kind, status, reason, evidence: shown }) => ({
      item,
      kind,
      status,
      reason,
      evidence: shown,
    })),
    doneDefinitionStatus: verdict.doneDefinitionStatus,
    outputs: verdict.outputs,
    reasons: verdict.reasons,
    lacking: verdict.lacking,
  };
}
