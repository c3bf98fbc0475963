/**
 * The traps real sessions hold, one fixture each (test/fixtures/transcripts/traps/, written for
 * these tests): a run hidden in a script, a summary printed by `cat`, a runner piped into `grep`
 * or `tail`, a run sent to the background and read later, an install that names a runner, counts
 * that differ, an edit after the last run, claims in every turn, each Copilot /share rendering, the
 * current Claude /export, and the headless streams. Each has a golden verdict and the judgement
 * that matters asserted by name.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeCommand } from '../src/evidence/commands.js';
import { formatVerdict } from '../src/views/verdict.js';
import { type Verdict, verifyStep } from '../src/evidence/verify.js';
import { readTranscript } from '../src/transcripts/read.js';
import { cleanup, golden, makeProject, REPO } from './helpers.js';

test.after.each(cleanup);

const TRAPS = path.join(REPO, 'test/fixtures/transcripts/traps');
const DONE = [
  'The tests that cover the change were run in this session, and the command and its output are shown',
  'The tests were seen failing before the fix made them pass',
  'New tests cover the change',
];

function verdictOf(file: string): Verdict {
  const root = makeProject({ src: { 'orders.ts': 'export {}\n' } }).root;
  return verifyStep({
    record: readTranscript({ path: path.join(TRAPS, file), shownAs: file }),
    transcriptPath: file,
    root,
    executionId: 'exec-2026-11-30T10-00-00-000Z',
    stepNumber: 2,
    agentName: 'BackendMaster',
    doneDefinition: DONE,
    expectedOutputs: [],
  });
}

for (const file of readdirSync(TRAPS).filter((name) => !name.endsWith('.verdict.txt'))) {
  test(`golden verdict: traps/${file}`, () => {
    golden(`transcripts/traps/${file}.verdict.txt`, `${formatVerdict(verdictOf(file))}\n`);
  });
}

const claim = (verdict: Verdict, kind: string) => verdict.claims.find((entry) => entry.kind === kind)!;

test('a run through a script counts when its output carries a runner summary: "All 85 tests passing" is backed', () => {
  const verdict = verdictOf('claude-script-wrapped-run.jsonl');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.command, run.via, run.ok, run.counts?.passed], ['bash start-and-test.sh', 'script', true, 85]);
  assert.equal([claim(verdict, 'tests-pass').status, claim(verdict, 'tests-pass').count], ['backed', 85]);
  assert.is(verdict.verdict, 'verified');
});

test('a summary printed by cat is no test run: the claim rests on nothing; the complete record contradicts it', () => {
  const verdict = verdictOf('claude-cat-fake-summary.jsonl');
  assert.equal(verdict.facts.tests, []);
  assert.is(verdict.transcript.complete, true);
  assert.equal(
    [claim(verdict, 'tests-pass').status, claim(verdict, 'tests-pass').reason],
    ['contradicted', 'the record is complete and holds no test run before this'],
  );
});

test('a runner piped into grep: exit 0 says nothing, the failures in the summary decide', () => {
  const verdict = verdictOf('claude-pipe-to-grep.jsonl');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.exitCode, run.ok, run.counts?.failed], [0, false, 2]);
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
});

test('a runner piped into tail with no summary left: the outcome is unknown, the claim unverifiable', () => {
  const verdict = verdictOf('claude-pipe-to-tail-no-summary.jsonl');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.exitCode, run.ok], [0, undefined]);
  assert.match(run.because, /the exit code says nothing \(its exit status is that of the last command of the pipe\)/);
  assert.is(claim(verdict, 'tests-pass').status, 'unverifiable');
  assert.is(verdict.verdict, 'unconfirmed');
});

test('a run sent to the background is judged by the output read later (Claude BashOutput)', () => {
  const verdict = verdictOf('claude-background-read-later.jsonl');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.command, run.exitCode, run.ok, run.counts?.failed], ['npm test', 1, false, 1]);
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
  assert.is(claim(verdict, 'tests-added').status, 'backed');
});

test('a run sent to the background is judged by the output read later (Copilot read_bash, rendering C)', () => {
  const verdict = verdictOf('copilot-share-rendering-c-background.md');
  assert.is(verdict.transcript.format, 'copilot-share');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.command, run.exitCode, run.ok, run.counts?.failed], ['cd /work/shop && npm test', 1, false, 1]);
  assert.equal(
    verdict.facts.filesChanged.map((file) => file.path),
    ['src/orders.ts'],
  );
  // The task_complete summary is a claim of its own.
  assert.is(claim(verdict, 'tests-pass').text, 'Added the orders endpoint; all tests green.');
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
});

test('a run sent to the background is judged by the output read later (Codex write_stdin)', () => {
  const verdict = verdictOf('codex-background-write-stdin.jsonl');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.exitCode, run.ok, run.counts?.passed], [0, true, 85]);
  assert.is(claim(verdict, 'tests-pass').status, 'backed');
});

test('npm install -D vitest is an install, not a test run', () => {
  const verdict = verdictOf('claude-install-is-not-a-test-run.jsonl');
  assert.equal(verdict.facts.tests, []);
  assert.is(verdict.facts.installs.length, 1);
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
});

test('a count that no run shows is contradicted, naming the counts the runs show', () => {
  const verdict = verdictOf('claude-counts-differ.jsonl');
  assert.equal(
    [claim(verdict, 'tests-pass').status, claim(verdict, 'tests-pass').reason],
    ['contradicted', 'it says 120, but the test runs show 85 passed'],
  );
});

test('a passing run followed by an edit of code no longer backs "tests pass"', () => {
  const verdict = verdictOf('claude-edit-after-last-run.jsonl');
  assert.is(claim(verdict, 'tests-pass').status, 'unverifiable');
  assert.match(claim(verdict, 'tests-pass').reason, /code changed after the last test run \(src\/orders\.ts\)/);
});

test('every turn’s closing message is judged on what had happened by then', () => {
  const verdict = verdictOf('claude-claims-of-every-turn.jsonl');
  const tests = verdict.claims.filter((entry) => entry.kind === 'tests-pass');
  assert.equal(
    tests.map((entry) => [entry.status, entry.earlier ?? false]),
    [['backed', true]],
  );
  // "Committed as 4d5e6f7" with no commit in a complete record.
  assert.is(claim(verdict, 'committed').status, 'contradicted');
  assert.is(verdict.doneDefinition.find((item) => item.kind === 'failing-first')!.status, 'unmet');
});

test('Copilot rendering A: a failing vitest piped to tail still fails; the footer ends the session', () => {
  const verdict = verdictOf('copilot-share-rendering-a.md');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.exitCode, run.ok, run.counts?.failed], [0, false, 2]);
  assert.equal(
    verdict.facts.filesChanged.map((file) => file.path),
    ['src/orders.ts', 'test/orders.test.ts'],
  );
  assert.equal(
    verdict.facts.commits.map((commit) => commit.hash),
    ['8c7d6e5'],
  );
  assert.is(claim(verdict, 'committed').status, 'backed');
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
  assert.not.match(verdict.claims.map((entry) => entry.text).join('\n'), /for sure/);
});

test('Copilot rendering B: file tools name their file on a bare line; the run passes', () => {
  const verdict = verdictOf('copilot-share-rendering-b.md');
  assert.equal(
    verdict.facts.filesChanged.map((file) => file.path),
    ['src/orders.ts'],
  );
  assert.equal([claim(verdict, 'tests-pass').status, verdict.verdict], ['backed', 'verified']);
});

test('the current Claude /export: block-art header, a background run and its later report', () => {
  const verdict = verdictOf('claude-export-current-background.txt');
  assert.is(verdict.transcript.format, 'claude-export');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.exitCode, run.ok, run.counts?.passed], [0, true, 12]);
  assert.equal(
    verdict.facts.filesChanged.map((file) => file.path),
    ['src/orders.ts'],
  );
  assert.is(claim(verdict, 'tests-pass').status, 'backed');
});

test('claude -p stream-json is read as its own transcript, with what the run cost', () => {
  const record = readTranscript({ path: path.join(TRAPS, 'claude-stream-headless.jsonl') });
  assert.is(record.format, 'claude-stream');
  assert.equal(record.usage, { inputTokens: 23212, outputTokens: 842, costUsd: 0.1834, durationMs: 48210, turns: 5 });
  const verdict = verdictOf('claude-stream-headless.jsonl');
  assert.equal([verdict.verdict, claim(verdict, 'tests-pass').status], ['verified', 'backed']);
});

test('codex exec --json: a failing run and then "all tests pass" is contradicted', () => {
  const verdict = verdictOf('codex-exec-tests-fail-claims-pass.jsonl');
  assert.is(verdict.transcript.format, 'codex-exec');
  assert.equal(
    verdict.facts.filesChanged.map((file) => file.path),
    ['src/orders.ts'],
  );
  assert.equal([verdict.facts.tests[0]!.ok, verdict.verdict], [false, 'contradicted']);
});

test('gemini -p stream-json: answer chunks are one message; a run with no exit code fails by its summary', () => {
  const verdict = verdictOf('gemini-stream-tests-fail-claims-pass.jsonl');
  assert.is(verdict.transcript.format, 'gemini-stream');
  assert.equal([verdict.facts.tests[0]!.exitCode, verdict.facts.tests[0]!.ok], [undefined, false]);
  assert.is(claim(verdict, 'tests-pass').text, 'All tests pass.');
  assert.is(verdict.verdict, 'contradicted');
});

test('a Gemini saved session is replayed: a message written again replaces itself, a rewind drops what follows', () => {
  const record = readTranscript({ path: path.join(TRAPS, 'gemini-session-replayed.jsonl') });
  assert.is(record.format, 'gemini-session');
  assert.equal(
    record.turns.map((turn) => turn.text.split('\n')[0]),
    ['# Step 2 of 4: BackendMaster', 'Running the tests.', 'All 12 tests pass.'],
  );
  assert.equal([record.commands.length, record.commands[0]!.exitCode], [1, 0]);
});

test('opencode run --format json and copilot -p --output-format json are read, with what they cost', () => {
  const opencode = readTranscript({ path: path.join(TRAPS, 'opencode-json-headless.jsonl') });
  assert.equal([opencode.format, opencode.usage?.costUsd, opencode.commands[0]!.exitCode], ['opencode-json', 0.003, 0]);
  const copilot = readTranscript({ path: path.join(TRAPS, 'copilot-json-headless.jsonl') });
  assert.equal([copilot.format, copilot.usage?.durationMs], ['copilot-events', 12000]);
  assert.equal(verdictOf('copilot-json-headless.jsonl').facts.tests[0]!.ok, false);
});

test('what only wraps a runner is seen through: env, timeout, npx, rtk; a runner named in an echo is not one', () => {
  for (const line of [
    'CI=1 npm test',
    'env FORCE_COLOR=0 timeout 300 npx vitest run',
    'rtk npm test -- --runInBand src/a.test.ts',
    'rtk cargo test',
  ]) {
    const analysis = analyzeCommand(line);
    assert.equal([analysis.tests, analysis.exitSpeaksForTests], [true, true], line);
  }
  assert.is(analyzeCommand('echo "run npm test next"').tests, false);
  assert.is(analyzeCommand('rtk git status').tests, false);
});

test.run();
