/**
 * The transcripts people save by hand or with an exporter, which keep part of a session at most:
 * aider's chat history, claude-conversation-extractor, a Claude Code hook's session log,
 * codex-conversation-exporter, OpenCode's /share markdown, Gemini CLI's screen copied out of the
 * terminal and `copilot -p` output. Every fixture (written for these tests, in
 * test/fixtures/transcripts/<format>/) is told by its content, has a golden verdict, and the
 * judgement each format makes hard is asserted by name: a format with no tool output never backs
 * or contradicts a claim about what ran; one that keeps some backs what it shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatVerdict } from '../src/views/verdict.js';
import { type Verdict, verifyStep } from '../src/evidence/verify.js';
import { readerFor, readTranscript } from '../src/transcripts/read.js';
import { golden, REPO } from './helpers.js';

const FIXTURES = path.join(REPO, 'test/fixtures/transcripts');
const FORMATS = [
  'aider',
  'claude-extractor',
  'hook-log',
  'codex-export',
  'opencode-share',
  'gemini-capture',
  'copilot-print',
] as const;
const DONE = ['The tests that cover the change were run in this session, and the command and its output are shown'];

const filesOf = (format: string) =>
  readdirSync(path.join(FIXTURES, format))
    .filter((name) => !name.endsWith('.verdict.txt'))
    .sort();

function verdictOf(format: string, name: string): Verdict {
  const shownAs = `${format}/${name}`;
  return verifyStep({
    record: readTranscript({ path: path.join(FIXTURES, format, name), shownAs }),
    transcriptPath: shownAs,
    root: REPO,
    executionId: 'exec-2026-11-30T10-00-00-000Z',
    stepNumber: 2,
    agentName: 'BackendMaster',
    doneDefinition: DONE,
    expectedOutputs: [],
  });
}

const claim = (verdict: Verdict, kind: string) => verdict.claims.find((entry) => entry.kind === kind)!;
const files = (verdict: Verdict) => verdict.facts.filesChanged.map((file) => file.path);

for (const format of FORMATS) {
  for (const name of filesOf(format)) {
    test(`${format}/${name}: told by its content, golden verdict`, () => {
      const head = readFileSync(path.join(FIXTURES, format, name), 'utf8').slice(0, 64 * 1024);
      assert.is(readerFor(head)?.format, format);
      golden(`transcripts/${format}/${name}.verdict.txt`, `${formatVerdict(verdictOf(format, name))}\n`);
    });
  }
}

test('no fixture of an older format is taken by one of these readers', () => {
  for (const format of [
    'claude-export',
    'claude-jsonl',
    'codex-rollout',
    'copilot-events',
    'copilot-share',
    'terminal',
  ]) {
    for (const name of readdirSync(path.join(FIXTURES, format))) {
      if (name.endsWith('.verdict.txt') || name.endsWith('.json.txt')) continue;
      const head = readFileSync(path.join(FIXTURES, format, name), 'utf8').slice(0, 64 * 1024);
      const read = readerFor(head)?.format;
      assert.ok(!(FORMATS as readonly string[]).includes(read ?? ''), `${format}/${name} read as ${read}`);
    }
  }
});

test('formats that keep no tool output: a claim about what ran is never backed nor contradicted', () => {
  for (const [format, name] of [
    ['claude-extractor', 'clean-success.md'],
    ['claude-extractor', 'detailed-tool-inputs.md'],
    ['hook-log', 'clean-success.md'],
    ['copilot-print', 'clean-success.txt'],
    ['copilot-print', 'tool-bullets.txt'],
  ] as const) {
    const verdict = verdictOf(format, name);
    assert.is(verdict.verdict, 'unconfirmed', `${format}/${name}`);
    assert.is(claim(verdict, 'tests-pass').status, 'unverifiable', `${format}/${name}`);
    assert.is(verdict.transcript.complete, false);
  }
});

test('tool inputs are still read as commands and edits: the hook log and the extractor name the test run', () => {
  const hook = verdictOf('hook-log', 'clean-success.md');
  assert.equal(
    [hook.facts.tests[0]?.command, files(hook)],
    ['cd /home/dev/invoices && npm test', ['src/totals.ts', 'test/totals.test.ts']],
  );
  const extractor = verdictOf('claude-extractor', 'detailed-tool-inputs.md');
  assert.equal([extractor.facts.tests[0]?.command, files(extractor)], ['npm test 2>&1 | tail -5', ['src/fees.ts']]);
});

test('aider: a commit of the person’s own changes before the edits backs no claim that the change is committed', () => {
  const verdict = verdictOf('aider', 'user-dirty-commit.md');
  assert.equal(verdict.facts.commits, []);
  assert.is(claim(verdict, 'committed').status, 'unverifiable');
  assert.equal(files(verdict), ['README.md', 'invoices/export.py']);
  const clean = verdictOf('aider', 'clean-success.md');
  assert.equal(
    [clean.verdict, clean.facts.tests[0]?.counts?.passed, clean.facts.commits[0]?.hash],
    ['verified', 14, '9c1d2e3'],
  );
});

test('codex export: a run that ends in a later write_stdin is judged by how it ended there', () => {
  const verdict = verdictOf('codex-export', 'write-stdin-finishes-later.md');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.command, run.exitCode, run.counts?.failed, run.ok], ['npm test', 1, 1, false]);
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
  assert.is(verdict.verdict, 'contradicted');
});

test('codex export: apply_patch is left out, so the files changed come from git status in the output', () => {
  const verdict = verdictOf('codex-export', 'patch-not-exported.md');
  assert.equal(files(verdict), ['src/totals.ts', 'test/discount.test.ts']);
  assert.is(claim(verdict, 'tests-added').status, 'backed');
});

test('OpenCode share: output holding a fence is read whole; a run stopped at the time limit decides nothing', () => {
  const verdict = verdictOf('opencode-share', 'timeout-and-fenced-output.md');
  const run = verdict.facts.tests[0]!;
  assert.equal([run.command, run.ok], ['npm test', undefined]);
  assert.is(run.because, 'the CLI stopped it at its time limit, before it finished');
  assert.is(claim(verdict, 'tests-pass').status, 'unverifiable');
  const record = readTranscript({ path: path.join(FIXTURES, 'opencode-share', 'timeout-and-fenced-output.md') });
  const cat = record.commands.find((command) => command.command === 'cat docs/export.md')!;
  assert.ok(
    cat.output.some((line) => line.text === 'The export streams rows.'),
    'the output runs past the fence inside it',
  );
});

test('Gemini screen capture: a header cut at the box edge is still a test run, in the folder it names', () => {
  const verdict = verdictOf('gemini-capture', 'long-command-cut.txt');
  const run = verdict.facts.tests[0]!;
  assert.match(run.command, /^cd packages\/api && npx jest /);
  assert.equal([run.ok, run.counts?.failed], [false, 1]);
  assert.is(claim(verdict, 'tests-pass').status, 'contradicted');
  assert.is(verdictOf('gemini-capture', 'clean-success.txt').verdict, 'verified');
});

test.run();
