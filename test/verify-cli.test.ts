/** `verify`, `complete --verify` and `--find` / `--transcript auto`, as a person runs them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ExecutionContext, SCHEMA_VERSION } from '../src/types.js';
import { type Event, SCENARIOS, WRITERS } from './fixtures/transcripts/make.js';
import {
  cleanup,
  cli,
  cliIn,
  makeFifo,
  makeProject,
  makeTempDir,
  pattern,
  type Project,
  readJson,
  refused,
} from './helpers.js';

test.after.each(cleanup);

const AGENT = [
  '---',
  'name: Builder',
  'description: Builds features with their tests.',
  'doneDefinition:',
  '  - The tests were run in this session and pass',
  '  - Every expected output exists',
  '---',
  'You build features.',
].join('\n');

const PLAN = {
  goal: 'Ship the login form',
  steps: [
    { stepNumber: 1, agentName: 'Builder', task: 'Build the login form', expectedOutputs: ['src/login.tsx'] },
    { stepNumber: 2, agentName: 'Builder', task: 'Document it', dependencies: [1], expectedOutputs: ['docs/login.md'] },
  ],
};

async function executed(): Promise<{ project: Project; id: string }> {
  const project = makeProject({
    'agents/builder.md': AGENT,
    'plan.json': JSON.stringify(PLAN),
    src: { 'login.tsx': 'export {}\n' },
  });
  const run = await cli(project.root, 'execute', 'plan.json');
  assert.is(run.code, 0, run.stderr);
  return { project, id: /Execution (exec-\S+) created/.exec(run.stdout)![1]! };
}

/** A scenario's session as an agent CLI writes it, for step `step` of execution `id`. */
function session(format: string, scenario: string, id: string, step = 1): string {
  const prompt =
    `# Step ${step} of 2: Builder\n\n## Context\n- Goal: Ship the login form\n- Execution: ${id} ` +
    `(plan \`plan.json\`)`;
  const events: Event[] = [{ user: prompt }, ...SCENARIOS[scenario]!.slice(1)];
  return WRITERS[format]!.write(events);
}

const state = (project: Project, id: string) => readJson<ExecutionContext>(project.path(`proof/execution-${id}.json`));

test('verify: a clean session is verified (exit 0), recorded on the step and shown by status', async () => {
  const { project, id } = await executed();
  project.write('session.jsonl', session('claude-jsonl', 'clean-success', id));
  const result = await cli(project.root, 'verify', 'latest', '1', '--transcript', 'session.jsonl');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Step 1 \(Builder\) of exec-/);
  assert.match(result.stdout, /Verdict: verified — 3 of 3 claims backed, none contradicted\n/);
  assert.match(result.stdout, /tests {3}✓ npm test — 12 passed, 0 failed \(node --test\), exit 0 {2}session\.jsonl:8/);
  const verification = state(project, id).stepResults[0]!.verification!;
  assert.equal(
    [verification.verdict, verification.transcriptPath, verification.format, verification.tests],
    ['verified', 'session.jsonl', 'claude-jsonl', { runs: 1, ok: true, passed: 12, failed: 0 }],
  );
  assert.is(state(project, id).schemaVersion, SCHEMA_VERSION);
  const status = await cli(project.root, 'status', 'latest');
  assert.match(status.stdout, /verification: verified ✓ \(tests: 12 passed, 0 failed\)/);
  const json = JSON.parse((await cli(project.root, 'status', 'latest', '--json')).stdout);
  assert.is(json.steps[0].verification.verdict, 'verified');
});

test('verify: tests that failed while the agent says they pass exit 3 with each reason and its line', async () => {
  const { project, id } = await executed();
  project.write('session.md', session('copilot-share', 'tests-fail-claims-pass', id));
  const result = await cli(project.root, 'verify', 'latest', '1', '--transcript', 'session.md');
  assert.is(result.code, 3, result.stderr);
  assert.match(
    result.stdout,
    pattern(
      /Verdict: CONTRADICTED — 1 claim contradicted by what ran:\n {2}/,
      /- "The login form is done and all tests pass\.": /,
      /the last test /,
      /run failed \(10 passed, 2 failed \(jest\), exit 1\)/,
    ),
  );
  assert.match(result.stdout, /✗ tests pass: "The login form is done and all tests pass\." — contradicted/);
  assert.match(result.stdout, /session\.md:\d+ {2}Tests: 2 failed, 10 passed, 12 total/);
  const json = await cli(project.root, 'verify', 'latest', '1', '--transcript', 'session.md', '--json');
  assert.is(json.code, 3);
  const verdict = JSON.parse(json.stdout);
  assert.is(verdict.verdict, 'contradicted');
  assert.is(verdict.facts.tests[0].counts.failed, 2);
  assert.is(state(project, id).stepResults[0]!.verification!.verdict, 'contradicted');
  assert.is(state(project, id).stepResults[0]!.status, 'pending', 'verify does not complete the step');
});

test(
  'complete --verify refuses a contradicted step (exit 3) and changes nothing; --force records the ' + 'override',
  async () => {
    const { project, id } = await executed();
    project.write('session.jsonl', session('codex-rollout', 'claims-without-test-run', id));
    await refused(
      project,
      ['complete', 'latest', '1', '--output', 'form', '--transcript', 'session.jsonl', '--verify'],
      pattern(
        /error: step 1 was not completed: its transcript contradicts it: "All tests pass\.": the record is complete /,
        /and holds no test run before this/,
      ),
      3,
    );
    const forced = await cli(
      project.root,
      'complete',
      'latest',
      '1',
      '--output',
      'form',
      '--transcript',
      'session.jsonl',
      '--verify',
      '--force',
    );
    assert.is(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /completed against the evidence \(--force\)/);
    const step = state(project, id).stepResults[0]!;
    assert.equal(
      [step.status, step.verification!.verdict, step.verification!.overridden],
      ['completed', 'contradicted', true],
    );
    assert.match(
      (await cli(project.root, 'status', 'latest')).stdout,
      /verification: contradicted ✗, completed anyway with --force: /,
    );
  },
);

test('complete --verify completes a verified step and records its verdict', async () => {
  const { project, id } = await executed();
  project.write('session.log', session('copilot-events', 'failed-fixed-rerun', id));
  const done = await cli(
    project.root,
    'complete',
    'latest',
    '1',
    '--output',
    'form',
    '--transcript',
    'session.log',
    '--verify',
  );
  assert.is(done.code, 0, done.stderr);
  assert.match(done.stderr, /verified against session\.log: verified/);
  const step = state(project, id).stepResults[0]!;
  assert.equal(
    [step.status, step.verification!.verdict, step.verification!.overridden],
    ['completed', 'verified', undefined],
  );
  assert.ok(project.exists(`proof/execution-${id}/step-2-builder.prompt.md`), 'the next prompt was written');
});

test('verify refuses bad transcripts with exit 2 and leaves the state alone', async () => {
  const { project } = await executed();
  const outside = makeTempDir();
  writeFileSync(path.join(outside, 'session.jsonl'), 'x');
  await refused(
    project,
    ['verify', 'latest', '1', '--transcript', path.join(outside, 'session.jsonl')],
    /outside the project/,
  );
  project.write('folder/a.txt', 'x');
  await refused(project, ['verify', 'latest', '1', '--transcript', 'folder'], /transcript folder is a folder/);
  makeFifo(project.path('pipe.log'));
  await refused(
    project,
    ['verify', 'latest', '1', '--transcript', 'pipe.log'],
    /is not a regular file \(a FIFO, socket or device\)/,
  );
  project.write('notes.md', '# Notes\n\nSome thoughts about the login form.\n');
  await refused(
    project,
    ['verify', 'latest', '1', '--transcript', 'notes.md'],
    pattern(
      /error: notes\.md is not a transcript format this version reads\n {2}hint: the formats read are /,
      /copilot-share, claude-stream, claude-jsonl, /,
    ),
  );
  await refused(project, ['verify', 'latest', '1'], /error: step 1 has no transcript to verify/);
  await refused(project, ['verify', 'latest', '9', '--transcript', 'notes.md'], /step 9 is not in execution/);
});

test('verify --find takes the session whose first message is the prompt from the agent CLIs’ folders', async () => {
  const { project, id } = await executed();
  const home = makeTempDir();
  const put = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
    writeFileSync(path.join(home, relative), text);
  };
  put('.claude/projects/-work-shop/other-step.jsonl', session('claude-jsonl', 'tests-fail-claims-pass', id, 2));
  put(
    '.claude/projects/-work-shop/unrelated.jsonl',
    session('claude-jsonl', 'tests-fail-claims-pass', 'exec-someone-else'),
  );
  put(
    '.codex/sessions/2026/12/01/rollout-2026-12-01T09-00-00-abc.jsonl',
    session('codex-rollout', 'clean-success', id),
  );
  const found = await cliIn({ HOME: home, CODEX_HOME: undefined }, project.root, 'verify', 'latest', '1', '--find');
  assert.is(found.code, 0, found.stderr);
  const copied = `proof/execution-${id}/step-1-builder.transcript.jsonl`;
  assert.match(
    found.stdout,
    new RegExp(`Transcript: ${copied.replace(/\./g, '\\.')} \\(OpenAI Codex CLI session rollout`),
  );
  assert.match(project.read(copied), /"type":"session_meta"/, 'the session was copied into the execution folder');
  assert.is(state(project, id).stepResults[0]!.verification!.transcriptPath, copied);
});

test(
  'complete --transcript auto records the found session; with none found it is exit 2 and nothing ' + 'changes',
  async () => {
    const { project, id } = await executed();
    const home = makeTempDir();
    await refused(
      project,
      ['complete', 'latest', '1', '--transcript', 'auto'].concat([]),
      /error: no session of step 1 of exec-\S+ was found\n {2}hint: looked in /,
    );
    mkdirSync(path.join(home, '.copilot/session-state'), { recursive: true });
    writeFileSync(
      path.join(home, '.copilot/session-state/c0ffee.jsonl'),
      session('copilot-events', 'clean-success', id),
    );
    const done = await cliIn(
      { HOME: home },
      project.root,
      'complete',
      'latest',
      '1',
      '--transcript',
      'auto',
      '--output',
      'form',
    );
    assert.is(done.code, 0, done.stderr);
    assert.is(
      state(project, id).stepResults[0]!.transcriptPath,
      `proof/execution-${id}/step-1-builder.transcript.jsonl`,
    );
  },
);

test('a refused complete --verify with a found session copies nothing into the execution folder', async () => {
  const { project, id } = await executed();
  const home = makeTempDir();
  mkdirSync(path.join(home, '.claude/projects/-work-shop'), { recursive: true });
  writeFileSync(
    path.join(home, '.claude/projects/-work-shop/s.jsonl'),
    session('claude-jsonl', 'tests-fail-claims-pass', id),
  );
  const before = project.snapshot();
  const args = ['complete', 'latest', '1', '--transcript', 'auto', '--verify', '--output', 'form'];
  const result = await cliIn({ HOME: home, CODEX_HOME: undefined }, project.root, ...args);
  assert.is(result.code, 3, result.stderr);
  assert.match(result.stderr, /error: step 1 was not completed: its transcript contradicts it/);
  assert.equal(project.snapshot(), before, 'no transcript copied, no state changed');
});

test('verify without a transcript says how to name one or find it, in words that read', async () => {
  const { project } = await executed();
  const result = await cli(project.root, 'verify', 'latest', '1');
  assert.is(result.code, 2);
  assert.match(
    result.stderr,
    pattern(
      /hint: save the session at proof\/execution-\S+\/step-1-builder\.transcript\.md; /,
      /pass --transcript <path> to name it; pass --find to look for the session in the agent CLIs' own folders/,
    ),
  );
});

test('sessionFolders in the config says where to look', async () => {
  const { project, id } = await executed();
  project.write('.conductorrc.json', JSON.stringify({ sessionFolders: { claude: 'logs/claude' } }));
  project.write('logs/claude/shop/s1.jsonl', session('claude-jsonl', 'clean-success', id));
  const found = await cliIn({ HOME: makeTempDir() }, project.root, 'verify', 'latest', '1', '--find');
  assert.is(found.code, 0, found.stderr);
  assert.match(found.stdout, /Claude Code session log/);
  project.write('.conductorrc.json', JSON.stringify({ sessionFolders: { claud: 'x' } }));
  await refused(
    project,
    ['verify', 'latest', '1', '--find'],
    /sessionFolders: must be an object with claude, copilot, gemini or codex folders/,
  );
});

test('an older state (schema version 2) is read as it is and written back in the current version', async () => {
  const { project, id } = await executed();
  const file = `proof/execution-${id}.json`;
  project.write(file, project.read(file).replace(`"schemaVersion": ${SCHEMA_VERSION}`, '"schemaVersion": 2'));
  assert.match(project.read(file), /"schemaVersion": 2/);
  assert.is((await cli(project.root, 'status', 'latest')).code, 0);
  project.write('session.txt', session('claude-export', 'clean-success', id));
  assert.is((await cli(project.root, 'verify', 'latest', '1', '--transcript', 'session.txt')).code, 0);
  assert.match(project.read(file), new RegExp(`"schemaVersion": ${SCHEMA_VERSION}`));
});

test.run();
