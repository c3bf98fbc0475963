/** Reading every transcript format into one record, and the verdicts over the fixtures (golden). */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { claimsOf } from '../src/evidence/claims.js';
import { formatVerdict } from '../src/views/verdict.js';
import { testCounts } from '../src/evidence/runners.js';
import { verifyStep } from '../src/evidence/verify.js';
import { readTranscript } from '../src/transcripts/read.js';
import type { TranscriptRecord } from '../src/transcripts/record.js';
import { SCENARIOS, WRITERS } from './fixtures/transcripts/make.js';
import { cleanup, golden, makeProject, REPO, thrown } from './helpers.js';

test.after.each(cleanup);

const FIXTURES = path.join(REPO, 'test/fixtures/transcripts');
const FORMATS = Object.keys(WRITERS);
const DONE = [
  'The task is done as stated and every expected output of this step exists',
  'The tests that cover the change were run in this session, and the command and its output are shown',
  'Anything left undone is named as open in the final message',
];

function verdictOf(record: TranscriptRecord, shown: string, root: string) {
  return verifyStep({
    record,
    transcriptPath: shown,
    root,
    executionId: 'exec-2026-11-30T09-00-00-000Z',
    stepNumber: 2,
    agentName: 'FrontendExpert',
    doneDefinition: DONE,
    expectedOutputs: ['Login form component in src/login.tsx', 'Tests in test/login.test.tsx'],
  });
}

const project = () => makeProject({ src: { 'login.tsx': 'export {}\n' }, test: { 'login.test.tsx': 'export {}\n' } });

for (const format of FORMATS) {
  for (const file of readdirSync(path.join(FIXTURES, format)).filter((name) => !name.endsWith('.verdict.txt'))) {
    test(`golden verdict: ${format}/${file}`, () => {
      const record = readTranscript({ path: path.join(FIXTURES, format, file) });
      assert.is(record.format, format, 'told from the content');
      const verdict = verdictOf(record, `${format}/${file}`, project().root);
      golden(`transcripts/${format}/${file}.verdict.txt`, `${formatVerdict(verdict)}\n`);
    });
  }
}

/** The record of one scenario in one format, read from the text its writer makes. */
const recordOf = (format: string, scenario: string) => readTranscript(WRITERS[format]!.write(SCENARIOS[scenario]!));
const WITH_MESSAGES = FORMATS.filter((format) => format !== 'terminal');

test('every format: the same clean session reads to the same commands, exit codes, edits and final message', () => {
  for (const format of WITH_MESSAGES) {
    const record = recordOf(format, 'clean-success');
    assert.equal(
      record.commands.map((run) => [run.command.replace(/^cd \S+ && /, ''), run.exitCode]),
      [
        ['npm test', 0],
        ["git add -A && git commit -m 'Add the login form and its tests'", 0],
      ],
      format,
    );
    assert.equal(
      record.edits.map((edit) => edit.path.replace(/^\/work\/shop\//, '')),
      ['src/login.tsx', 'test/login.test.tsx'],
      format,
    );
    assert.match(record.finalMessage!.text, /^Done\. The login form is in/, format);
    assert.match(record.turns[0]!.text, /Step 2 of 4: FrontendExpert/, `${format}: the prompt is the first turn`);
    assert.equal(record.problems, [], format);
  }
});

test('every format: tests that fail while the agent says they pass are contradicted, at the summary line', () => {
  for (const format of FORMATS) {
    const verdict = verdictOf(recordOf(format, 'tests-fail-claims-pass'), 't', project().root);
    // A terminal log has no assistant words: nothing is claimed, and the done definition is unmet apart.
    assert.is(verdict.verdict, format === 'terminal' ? 'unconfirmed' : 'contradicted', format);
    assert.is(verdict.doneDefinitionStatus, 'unmet', format);
    const run = verdict.facts.tests[0]!;
    if (format === 'claude-export') {
      // /export shows the first lines of an output and "… +N lines": the summary is not in it.
      assert.equal([run.ok, run.because, run.cut], [false, 'exit 1', true], format);
    } else {
      assert.equal(
        [run.ok, run.counts?.failed, run.counts?.passed, run.counts?.runner],
        [false, 2, 10, 'jest'],
        format,
      );
    }
    if (format !== 'terminal') {
      const claim = verdict.claims.find((entry) => entry.kind === 'tests-pass')!;
      assert.is(claim.status, 'contradicted', format);
      assert.match(claim.reason, /the last test run failed \((?:10 passed, 2 failed \(jest\)|exit 1)/, format);
    }
  }
});

test('every format: "tests pass" with no run is contradicted where the record is complete, else unverifiable', () => {
  for (const format of WITH_MESSAGES) {
    const verdict = verdictOf(recordOf(format, 'claims-without-test-run'), 't', project().root);
    const claim = verdict.claims.find((entry) => entry.kind === 'tests-pass')!;
    if (format === 'claude-export') {
      // /export folds output and hides exit codes: absence in it proves nothing.
      assert.is(claim.status, 'unverifiable', format);
      assert.match(claim.reason, /no test run in the transcript \(its record is not complete: this format leaves/);
    } else {
      assert.equal(
        [claim.status, claim.reason],
        ['contradicted', 'the record is complete and holds no test run before this'],
        format,
      );
    }
  }
});

test('every format: a run that failed, was fixed and re-run counts by its last run', () => {
  for (const format of FORMATS) {
    const verdict = verdictOf(recordOf(format, 'failed-fixed-rerun'), 't', project().root);
    assert.equal(
      verdict.facts.tests.map((run) => run.ok),
      [false, true],
      format,
    );
    assert.is(verdict.verdict, format === 'terminal' ? 'unconfirmed' : 'verified', format);
    assert.is(verdict.doneDefinition.find((item) => item.kind === 'tests')!.status, 'met', format);
  }
});

test('every format: tests in a sub-folder count on their own; the failing one contradicts "all tests pass"', () => {
  for (const format of FORMATS) {
    const verdict = verdictOf(recordOf(format, 'tests-in-subfolder'), 't', project().root);
    assert.equal(
      verdict.facts.tests.map((run) => [run.folder, run.ok]),
      [
        ['.', true],
        ['packages/web', false],
      ],
      format,
    );
    if (format === 'terminal') assert.match(verdict.lacking[0]!, /in packages\/web failed/, format);
    else {
      assert.is(verdict.verdict, 'contradicted', format);
      assert.match(verdict.reasons[0]!, /in packages\/web failed/, format);
    }
  }
});

test('every format: output cut by the CLI is marked, and the exit code decides', () => {
  for (const format of ['claude-jsonl', 'claude-export', 'codex-rollout']) {
    const run = verdictOf(recordOf(format, 'output-cut'), 't', project().root).facts.tests[0]!;
    assert.equal([run.cut, run.ok, run.because], [true, true, 'exit 0'], format);
  }
});

test('every format: ANSI escapes and binary noise are removed from output; the summary still counts', () => {
  for (const format of FORMATS) {
    const record = recordOf(format, 'ansi-and-binary-noise');
    const output = record.commands[0]!.output.map((entry) => entry.text).join('\n');
    assert.not.match(output, /[\u0000-\u0008\u000e-\u001f\u007f]/, format);
    assert.match(output, /Compiling shop v0\.3\.0/, format);
    if (format === 'claude-export') continue; // its output is cut to the first lines
    assert.match(output, /test tests::case_1 \.\.\. ok/, format);
    const counts = testCounts(record.commands[0]!.output)!;
    assert.equal([counts.runner, counts.passed, counts.failed], ['cargo test', 31, 0], format);
  }
});

test('a JSONL line cut off in the middle is reported with its number; the rest is read', () => {
  for (const format of ['claude-jsonl', 'codex-rollout', 'copilot-events']) {
    const record = readTranscript({ path: path.join(FIXTURES, format, 'corrupt-line.jsonl') });
    assert.is(record.problems.length, 1, format);
    assert.is(record.problems[0]!.line, 4, format);
    assert.match(record.problems[0]!.message, /is not valid JSON .*the rest was read/, format);
    assert.ok(
      record.commands.some((run) => run.command === 'npm test'),
      format,
    );
    assert.match(record.finalMessage!.text, /Committed as 3f2a9c1/, format);
  }
});

test('the format comes from the content, not the file name', () => {
  const dir = project();
  const misnamed = dir.path('session.md');
  writeFileSync(misnamed, WRITERS['claude-jsonl']!.write(SCENARIOS['clean-success']!));
  assert.is(readTranscript({ path: misnamed }).format, 'claude-jsonl');
  const bom = `\uFEFF${WRITERS['copilot-share']!.write(SCENARIOS['clean-success']!)}`;
  assert.is(readTranscript(bom).format, 'copilot-share');
});

test('an unknown format is refused, naming the formats there are', () => {
  const error = thrown(() => readTranscript({ path: path.join(REPO, 'README.md'), shownAs: 'README.md' }));
  assert.is(error.code, 'INVALID_FILE');
  assert.match(error.message, /README\.md is not a transcript format this version reads/);
  assert.match(error.hint!, /^the formats read are copilot-share, claude-stream, claude-jsonl, .*terminal \(README/);
});

test('a 50 MB transcript is read in chunks; long outputs keep their head and tail', () => {
  const dir = project();
  const file = dir.path('huge.jsonl');
  const lines: string[] = [
    JSON.stringify({ type: 'user', sessionId: 's', uuid: 'u0', message: { role: 'user', content: 'Step 2 of 4' } }),
  ];
  const noise = 'x'.repeat(120);
  const output = Array.from({ length: 4000 }, (_, i) => `  line ${i} ${noise}`).join('\n');
  let size = 0;
  let calls = 0;
  while (size < 50 * 1024 * 1024) {
    const id = `t${calls++}`;
    const use = {
      type: 'assistant',
      sessionId: 's',
      uuid: `a${id}`,
      message: { role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'npm test' } }] },
    };
    const result = {
      type: 'user',
      sessionId: 's',
      uuid: `r${id}`,
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: id, content: `${output}\nℹ pass 12\nℹ fail 0`, is_error: false }],
      },
    };
    const pair = `${JSON.stringify(use)}\n${JSON.stringify(result)}`;
    lines.push(pair);
    size += pair.length;
  }
  lines.push(
    JSON.stringify({
      type: 'assistant',
      sessionId: 's',
      uuid: 'z',
      message: { role: 'assistant', content: [{ type: 'text', text: 'All tests pass.' }] },
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  const record = readTranscript({ path: file });
  assert.is(record.commands.length, calls);
  const last = record.commands[calls - 1]!;
  assert.ok(last.omitted > 0, 'the middle of a long output is left out');
  assert.ok(last.output.length <= 1000);
  assert.is(last.output[last.output.length - 1]!.text, 'ℹ fail 0', 'the tail with the summary is kept');
  assert.is(verdictOf(record, 'huge.jsonl', dir.root).claims[0]!.status, 'backed');
});

test('test runner summaries: each runner read from its own summary line', () => {
  const out = (...lines: string[]) => lines.map((text, i) => ({ text, line: i + 1 }));
  const cases: [string[], string, number, number][] = [
    [['Tests:       2 failed, 1 skipped, 10 passed, 13 total'], 'jest', 10, 2],
    [[' Tests  1 failed | 11 passed | 2 skipped (14)'], 'vitest', 11, 1],
    // unhandled errors fail the run (vitest exits 1) however many tests passed
    [[' Test Files  1 passed (1)', '      Tests  148 passed (148)', '     Errors  2 errors'], 'vitest', 148, 2],
    // the Tests line cut off: the files line still says the run failed
    [[' Test Files  4 failed | 104 passed (108)'], 'vitest', 104, 4],
    [['# tests 3', '# pass 3', '# fail 0'], 'node --test', 3, 0],
    [['  Total:     12', '  Passed:    11', '  Skipped:   0'], 'uvu', 11, 1],
    [['  12 passing (34ms)', '  1 failing'], 'mocha', 12, 1],
    [['==== 2 failed, 10 passed, 1 skipped in 1.23s ===='], 'pytest', 10, 2],
    [
      ['test result: ok. 4 passed; 0 failed; 0 ignored', 'test result: FAILED. 7 passed; 1 failed; 0 ignored'],
      'cargo test',
      11,
      1,
    ],
    [['Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12'], 'dotnet test', 11, 1],
    [['Tests run: 12, Failures: 1, Errors: 1, Skipped: 2'], 'maven', 8, 2],
    [['12 tests completed, 1 failed, 2 skipped'], 'gradle', 9, 1],
    [['12 examples, 1 failure, 2 pending'], 'rspec', 9, 1],
    [['--- PASS: TestA (0.00s)', '--- FAIL: TestB (0.01s)', 'FAIL\texample.com/app\t0.02s'], 'go test', 1, 1],
    [['288 passed, 0 failed, 1 skipped'], 'summary line', 288, 0],
  ];
  for (const [lines, runner, passed, failed] of cases) {
    const counts = testCounts(out(...lines))!;
    assert.equal([counts.runner, counts.passed, counts.failed], [runner, passed, failed], lines.join(' / '));
  }
  assert.is(testCounts(out('nothing to see')), undefined);
});

test('claims: said in the negative, or only hoped for, they are not claims', () => {
  const claims = (text: string) =>
    claimsOf({
      format: 'claude-export',
      toolOutput: 'kept',
      hiddenWork: 0,
      commits: [],
      turns: [],
      commands: [],
      edits: [],
      problems: [],
      lines: 1,
      textLines: true,
      finalMessage: { role: 'assistant', text, line: 1 },
    }).map((claim) => claim.kind);
  assert.equal(claims('All tests pass. Committed as abc1234.'), ['tests-pass', 'committed']);
  assert.equal(claims('I could not get the tests to pass.'), []);
  assert.equal(claims('The tests should pass once the fixture is updated.'), []);
  assert.equal(claims('Added unit tests for the parser.'), ['tests-added']);
  assert.equal(claims('The build succeeds and lint is clean.'), ['build-passes', 'lint-clean']);
  assert.equal(claims('Opened a pull request: https://github.com/acme/shop/pull/42'), ['pr-opened']);
});

test.run();
