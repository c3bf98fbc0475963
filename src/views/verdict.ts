/** A verdict as `verify` prints it: what ran, then each claim, checklist item and output with its evidence. */
import type { RunFact, TestRunFact } from '../evidence/facts.js';
import type { Evidence, Verdict } from '../evidence/verify.js';

const CLAIM = {
  'tests-pass': 'tests pass',
  'tests-added': 'tests added',
  'build-passes': 'build passes',
  'lint-clean': 'lint is clean',
  committed: 'committed',
  'pr-opened': 'pull request opened',
  done: 'done',
} as const;

const MARK = { backed: '✓', met: '✓', contradicted: '✗', unmet: '✗', unverifiable: '?', unknown: '?' } as const;

export function formatVerdict(verdict: Verdict): string {
  const { facts, transcript } = verdict;
  const lines = [
    `Step ${verdict.stepNumber} (${verdict.agentName}) of ${verdict.executionId}`,
    `Transcript: ${transcript.path} (${transcript.label}, ${transcript.lines.toLocaleString('en')} lines)`,
  ];
  for (const problem of transcript.problems.slice(0, 5)) lines.push(`  ⚠ ${problem.at}: ${problem.message}`);
  if (transcript.problems.length > 5) lines.push(`  ⚠ … and ${transcript.problems.length - 5} more unreadable lines`);
  lines.push('', `Verdict: ${headline(verdict)}`, '');

  lines.push(`What ran (${facts.commands} command${facts.commands === 1 ? '' : 's'}):`);
  const ran = [
    ...facts.tests.map((run) => runLine('tests', run, verdict)),
    ...facts.builds.map((run) => runLine('build', run, verdict)),
    ...facts.lints.map((run) => runLine('lint', run, verdict)),
    ...facts.installs.map((run) => runLine('install', run, verdict)),
  ];
  lines.push(...(ran.length > 0 ? ran : ['  no tests, builds, lint runs or installs']));
  const changed = facts.filesChanged.map((file) => file.path);
  lines.push(
    `Files changed (${changed.length}): ${changed.length > 0 ? list(changed, 8) : 'none the transcript shows'}`,
    `Commits: ${
      list(
        facts.commits.map((commit) => `${commit.hash} "${commit.subject}"`),
        5,
      ) || 'none'
    }`,
  );
  if (facts.pullRequests.length > 0)
    lines.push(`Pull requests: ${[...new Set(facts.pullRequests.map((pr) => pr.url))].join(', ')}`);

  lines.push(
    '',
    verdict.finalMessage
      ? `Claims in the closing messages (the last at ${verdict.finalMessage.at}):`
      : 'Claims: no closing assistant message',
  );
  if (verdict.finalMessage && verdict.claims.length === 0) lines.push('  none that can be checked');
  for (const claim of verdict.claims) {
    const said = claim.at.at === verdict.finalMessage?.at ? '' : ` (${claim.earlier ? 'earlier, ' : ''}${claim.at.at})`;
    lines.push(
      `  ${MARK[claim.status]} ${CLAIM[claim.kind]}: "${claim.text}"${said} — ${claim.status}: ${claim.reason}`,
      ...evidenceLines(claim.evidence),
    );
  }
  if (verdict.doneDefinition.length > 0) {
    lines.push('', `Done definition (apart from the verdict): ${verdict.doneDefinitionStatus}`);
    for (const item of verdict.doneDefinition) {
      lines.push(
        `  ${MARK[item.status]} ${item.item} — ${item.status}: ${item.reason}`,
        ...evidenceLines(item.evidence),
      );
    }
  }
  const named = verdict.outputs.filter((output) => output.paths.length > 0);
  if (named.length > 0) {
    lines.push('', 'Expected outputs on disk:');
    for (const output of named) {
      for (const file of output.paths)
        lines.push(`  ${file.exists ? '✓' : '✗'} ${file.path}${file.exists ? '' : ' — missing'}`);
    }
  }
  return lines.join('\n');
}

function headline(verdict: Verdict): string {
  const format =
    verdict.transcript.toolOutput === 'none'
      ? ' (this format keeps no tool output: what ran cannot be checked)'
      : verdict.transcript.toolOutput === 'partial'
        ? ' (this format leaves some tool output out)'
        : '';
  if (verdict.verdict === 'contradicted') {
    const count = verdict.reasons.length;
    const reasons = verdict.reasons.map((reason) => `  - ${reason}`).join('\n');
    return `CONTRADICTED — ${count} claim${count === 1 ? '' : 's'} contradicted by what ran:\n${reasons}`;
  }
  const backed = verdict.claims.filter((claim) => claim.status === 'backed').length;
  if (verdict.verdict === 'verified') {
    const open = verdict.claims.length - backed;
    const unchecked = open > 0 ? `, ${open} not checkable` : '';
    return `verified — ${backed} of ${verdict.claims.length} claims backed${unchecked}, none contradicted${format}`;
  }
  return verdict.claims.length === 0
    ? `unconfirmed — the closing messages make no claim that can be checked${format}`
    : `unconfirmed — nothing contradicts the claims, but nothing in the transcript backs them either${format}`;
}

function runLine(kind: string, run: RunFact | TestRunFact, verdict: Verdict): string {
  const mark = run.ok === true ? '✓' : run.ok === false ? '✗' : '?';
  const where = run.folder === '.' || run.command.includes(run.folder) ? '' : ` (in ${run.folder})`;
  const cut = run.cut ? ' — output cut by the CLI' : '';
  return (
    `  ${kind.padEnd(7)} ${mark} ${run.command}${where} — ${run.because}${cut}  ` +
    `${verdict.transcript.path}:${run.evidenceLine}`
  );
}

function evidenceLines(evidence: Evidence[]): string[] {
  return evidence.slice(0, 3).map((entry) => `      ${entry.at}${entry.text ? `  ${quoteShort(entry.text)}` : ''}`);
}

function quoteShort(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

function list(items: string[], max: number): string {
  return items.length > max ? `${items.slice(0, max).join(', ')}, … (${items.length - max} more)` : items.join(', ');
}
