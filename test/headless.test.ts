/**
 * `run --headless`: ready steps in worktrees of their own, through fake agent CLIs on PATH that
 * print each real CLI's headless event stream (test/fixtures/transcripts/make.ts writes them) and
 * edit files where they run (test/fixtures/headless/fake-agent.mjs); verified work merged, the rest not.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExecutionContext, StepResult } from '../src/types.js';
import { type Event, HEADLESS_WRITERS } from './fixtures/transcripts/make.js';
import { main } from '../src/cli/main.js';
import { git } from './git.js';
import { cleanup, cliIn, cliOnTerminal, type projectAt, readJson } from './helpers.js';
import { alive, headlessProject } from './headless-kit.js';

test.after.each(cleanup);

type Cli = keyof typeof HEADLESS_WRITERS;

const PASS = ['> shop@1.0.0 test', '> node --test', '', 'ℹ tests 12', 'ℹ pass 12', 'ℹ fail 0'].join('\n');
const FAIL = [
  '> shop@1.0.0 test',
  '> jest',
  '',
  'FAIL test/app.test.ts',
  'Tests:       2 failed, 10 passed, 12 total',
].join('\n');

/** An agent that writes its file, runs the tests (they pass) and says so. */
const honest = (file: string): Event[] => [
  { write: file },
  { run: 'npm test', output: PASS, exit: 0 },
  { say: `Added \`${file}\`. All 12 tests pass (\`npm test\`).` },
];
/** One that edits, sees the tests fail, and says they all pass. */
const lying = (file: string): Event[] => [
  { edit: file },
  { run: 'npm test', output: FAIL, exit: 1 },
  { say: 'The change is done and all tests pass.' },
];

interface Script {
  files?: Record<string, string>;
  events?: Event[];
  /** What it prints instead of the stream `events` make. */
  raw?: string;
  sleepMs?: number;
  hang?: boolean;
  exit?: number;
  sees?: string[];
}

const FOUR_STEPS = {
  goal: 'Two parts side by side, joined, then tested',
  steps: [
    { stepNumber: 1, agentName: 'BackendMaster', task: 'Build the API' },
    { stepNumber: 2, agentName: 'FrontendExpert', task: 'Build the UI' },
    { stepNumber: 3, agentName: 'IntegratorFinalizer', task: 'Join them', dependencies: [1, 2] },
    { stepNumber: 4, agentName: 'TesterElite', task: 'Test it all', dependencies: [3] },
  ],
};

interface Setup {
  root: string;
  project: ReturnType<typeof projectAt>;
  env: Record<string, string>;
  script(step: number, cli: Cli, script: Script | Script[]): void;
  log(): {
    step: number;
    event: string;
    cwd: string;
    at: number;
    pid: number;
    child?: number;
    seen?: [string, boolean][];
    args: string[];
  }[];
  run(...args: string[]): ReturnType<typeof cliIn>;
  state(): ExecutionContext;
  step(n: number): StepResult;
  id: string;
}

/** A git repository with a plan committed and executed, fake agent CLIs on PATH. */
async function setup(plan: object = FOUR_STEPS, files: Record<string, string> = {}): Promise<Setup> {
  const made = await headlessProject(plan, files);
  const toFile = (cli: Cli, one: Script) => ({
    files: one.files ?? {},
    stream: one.raw ?? (one.events ? HEADLESS_WRITERS[cli](one.events) : ''),
    sleepMs: one.sleepMs ?? 0,
    hang: one.hang ?? false,
    exit: one.exit ?? 0,
    sees: one.sees ?? [],
  });
  return {
    root: made.root,
    project: made.project,
    env: made.env,
    id: made.id,
    script: (step, cli, script) =>
      made.writeScript(
        step,
        Array.isArray(script) ? { runs: script.map((one) => toFile(cli, one)) } : toFile(cli, script),
      ),
    log: () => made.logLines(),
    run: (...args) => cliIn(made.env, made.project.root, ...args),
    state: made.state,
    step: made.step,
  };
}

const honestStep = (n: number, more: Script = {}): Script => ({
  files: { [`src/part-${n}.ts`]: `export const part${n} = ${n};\n` },
  events: honest(`src/part-${n}.ts`),
  ...more,
});

test('four steps: 1 and 2 run at once in worktrees of their own, 3 starts from both merged, all merged', async () => {
  const s = await setup();
  s.script(1, 'claude', honestStep(1, { sleepMs: 600 }));
  s.script(2, 'claude', honestStep(2, { sleepMs: 600 }));
  s.script(3, 'claude', honestStep(3, { sees: ['src/part-1.ts', 'src/part-2.ts'] }));
  s.script(4, 'claude', honestStep(4));
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  assert.is(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /^Permissions: --permission-mode acceptEdits — edits files; shell commands are refused/m);
  assert.match(run.stdout, /^step 1 · BackendMaster · claude: Write src\/part-1\.ts$/m);
  // Each step's line: its verdict, the merge, how long its agent ran and what the stream says it cost.
  const costed = / · \d+\.\d s · \$0\.0421 · tokens 1,200 in, 340 out · \d+ turns$/;
  assert.match(
    run.stdout,
    new RegExp(`^✓ 3 IntegratorFinalizer: verified, merged \\([0-9a-f]+\\)${costed.source}`, 'm'),
  );
  assert.match(run.stdout, /Done: every step is completed or skipped\./);
  const starts = s.log().filter((line) => line.event === 'start');
  const ends = s.log().filter((line) => line.event === 'end');
  const at = (list: typeof starts, step: number) => list.find((line) => line.step === step)!;
  // Each began before the other ended, in a worktree of its own.
  assert.ok(at(starts, 1).at < at(ends, 2).at && at(starts, 2).at < at(ends, 1).at, 'steps 1 and 2 overlap');
  assert.is.not(at(starts, 1).cwd, at(starts, 2).cwd);
  assert.ok(at(starts, 1).cwd.endsWith(`.conductor/worktrees/${s.id}/step-1`));
  // The agent gets the prompt without the part written for a person at the terminal.
  const given = at(starts, 1).args.find((arg) => arg.startsWith('# Step 1 of 4'))!;
  assert.match(given, /\n## Session closure\n/);
  assert.not.match(given, /## Transcript|For the person running this session/);
  assert.match(s.project.read(s.step(1).promptPath!), /\n## Transcript\n> For the person running this session/);
  assert.equal(at(starts, 3).seen, [
    ['src/part-1.ts', true],
    ['src/part-2.ts', true],
  ]);
  for (const n of [1, 2, 3, 4]) {
    const step = s.step(n);
    assert.equal([step.status, step.verification?.verdict], ['completed', 'verified']);
    assert.is(step.headless?.branch, `conductor/${s.id}/step-${n}`);
    assert.ok(step.outputs?.includes(`files changed: src/part-${n}.ts`), step.outputs?.join('; '));
    assert.ok(s.project.exists(`src/part-${n}.ts`), `step ${n}'s file merged into main`);
    assert.match(git(s.project.root, 'log', '--format=%s', 'main').out, new RegExp(`step ${n} \\(`));
  }
  assert.is(s.step(1).headless?.usage?.costUsd, 0.0421);
  // Merged steps leave no worktree behind; their branches stay, merged.
  assert.match(
    run.stdout,
    /^step 4 · TesterElite · verified · merged into main \([0-9a-f]+\) · .* · worktree removed$/m,
  );
  assert.equal(
    git(s.project.root, 'worktree', 'list', '--porcelain').out.match(/^worktree /gm)?.length,
    1,
    'only the checkout itself',
  );
  assert.not.ok(existsSync(s.project.path(`.conductor/worktrees/${s.id}/step-1`)));
  assert.match(git(s.project.root, 'branch', '--merged', 'main').out, new RegExp(`conductor/${s.id}/step-4`));
  // The person's checkout: still main, nothing left uncommitted but the conductor's own proof folder.
  assert.is(git(s.project.root, 'status', '--porcelain', '--', '.', ':(exclude)proof').out, '');
  assert.is(git(s.project.root, 'symbolic-ref', '--short', 'HEAD').out.trim(), 'main');
});

test('each CLI stream is read live and verified: codex exec --json, copilot -p json, gemini stream-json', async () => {
  for (const cli of ['codex', 'copilot', 'gemini'] as const) {
    const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
    s.script(1, cli, honestStep(1));
    const run = await s.run('run', s.id, '--headless', '--agent', cli);
    assert.is(run.code, 0, `${cli}: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /^step 1 · BackendMaster · \w+: \S+ (?:\S*\/)?src\/part-1\.ts$/m, cli);
    assert.equal(
      [s.step(1).status, s.step(1).verification?.format],
      ['completed', `${cli}-${cli === 'copilot' ? 'events' : cli === 'codex' ? 'exec' : 'stream'}`],
    );
    assert.ok(s.project.exists('src/part-1.ts'), cli);
  }
});

test('a lying step (failing tests, then "all tests pass"): failed, unmerged, dependants wait, exit 3', async () => {
  const s = await setup();
  s.script(1, 'codex', honestStep(1));
  s.script(2, 'codex', { files: { 'src/part-2.ts': 'export const broken = true;\n' }, events: lying('src/part-2.ts') });
  s.script(3, 'codex', honestStep(3));
  const run = await s.run('run', s.id, '--headless', '--agent', 'codex', '--parallel', '2');
  assert.is(run.code, 3, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /^✗ 2 FrontendExpert: contradicted by its transcript: "The change is done and all tests pass\."/m,
  );
  assert.match(
    run.stdout,
    new RegExp(`branch conductor/${s.id}/step-2 · worktree \\.conductor/worktrees/${s.id}/step-2 \\(kept\\)`),
  );
  assert.match(run.stdout, /Not started: steps 3, 4/);
  assert.is(s.step(2).status, 'failed');
  assert.match(s.step(2).errors![0]!, /^contradicted by its transcript: /);
  assert.is(s.step(3).status, 'pending');
  assert.not.ok(
    s.log().some((line) => line.step === 3),
    'step 3 never started',
  );
  assert.ok(s.project.exists('src/part-1.ts'), 'the verified step is merged');
  assert.not.ok(s.project.exists('src/part-2.ts'), 'the lying one is not');
  assert.ok(
    existsSync(path.join(s.project.root, `.conductor/worktrees/${s.id}/step-2/src/part-2.ts`)),
    'worktree kept',
  );
  assert.not.match(git(s.project.root, 'branch', '--merged', 'main').out, /step-2/);
});

test('output the conductor cannot read fails that step, kept; the run goes on and ends with its summary', async () => {
  const plan = {
    goal: 'Three parts side by side',
    steps: ['BackendMaster', 'FrontendExpert', 'DevOpsPro'].map((agentName, i) => ({
      stepNumber: i + 1,
      agentName,
      task: `Build part ${i + 1}`,
    })),
  };
  const s = await setup(plan);
  s.script(1, 'claude', { ...honestStep(1), events: undefined, raw: 'not json\n' });
  s.script(2, 'claude', { ...honestStep(2), events: undefined, raw: '{"foo":1}\n' });
  s.script(3, 'claude', honestStep(3));
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.is(run.stderr, '');
  for (const [n, name] of [
    [1, 'BackendMaster'],
    [2, 'FrontendExpert'],
  ] as const) {
    const saved = `proof/execution-${s.id}/step-${n}-${name.toLowerCase()}.transcript.jsonl`;
    assert.match(
      run.stdout,
      new RegExp(`^✗ ${n} ${name}: claude's output is not a stream this version reads \\(saved as ${saved}\\)`, 'm'),
    );
    assert.is(s.step(n).status, 'failed');
    assert.ok(s.project.exists(saved), `${saved} is kept`);
  }
  assert.match(run.stdout, /^✓ 3 DevOpsPro: verified, merged/m);
  assert.is(s.step(3).status, 'completed');
  assert.match(run.stdout, /: 1 completed, 2 failed\.$/m);
});

test('a stream whose result says it failed (is_error, even with subtype success) fails its step', async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
  // Claude Code's shape when its token has expired: a success subtype, is_error true, and the reason.
  const raw = [
    { type: 'system', subtype: 'init', session_id: 's-1', cwd: '/w', tools: ['Bash'], model: 'claude-sonnet-4-5' },
    {
      type: 'result',
      subtype: 'success',
      is_error: true,
      result: 'Failed to authenticate. API Error: 403 token expired',
      session_id: 's-1',
      num_turns: 1,
    },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
  s.script(1, 'claude', { ...honestStep(1), files: {}, events: undefined, raw: `${raw}\n` });
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude', '--accept', 'unconfirmed');
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /^✗ 1 BackendMaster: claude reported an error: Failed to authenticate\. API Error: 403 token expired; /m,
  );
  assert.is(s.step(1).status, 'failed');
  assert.not.ok(s.step(1).headless?.merged, 'nothing merged');
});

test('a merge that conflicts fails the step with the files named; the checkout is left clean', async () => {
  const plan = {
    goal: 'Two steps that edit one file',
    steps: [
      { stepNumber: 1, agentName: 'BackendMaster', task: 'Change the config' },
      { stepNumber: 2, agentName: 'FrontendExpert', task: 'Change the config too' },
    ],
  };
  const s = await setup(plan, { 'src/config.ts': 'export const mode = "start";\n' });
  s.script(1, 'claude', {
    files: { 'src/config.ts': 'export const mode = "api";\n' },
    events: honest('src/config.ts'),
  });
  s.script(2, 'claude', {
    files: { 'src/config.ts': 'export const mode = "ui";\n' },
    events: honest('src/config.ts'),
    sleepMs: 500,
  });
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    new RegExp(
      `^✗ 2 FrontendExpert: merging conductor/${s.id}/step-2 into main: conflicts in src/config\\.ts; the merge ` +
        'was aborted and nothing was merged',
      'm',
    ),
  );
  assert.equal([s.step(1).status, s.step(2).status], ['completed', 'failed']);
  assert.is(s.project.read('src/config.ts'), 'export const mode = "api";\n');
  assert.is(git(s.project.root, 'status', '--porcelain', '--', '.', ':(exclude)proof').out, '');
  assert.not.ok(existsSync(path.join(s.project.root, '.git/MERGE_HEAD')));

  // Retried, its kept worktree takes main's new work first: here it conflicts, so nothing runs.
  assert.is((await s.run('retry', s.id, '2')).code, 0);
  const again = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(again.code, 1, again.stdout + again.stderr);
  const worktree = `.conductor/worktrees/${s.id}/step-2`;
  assert.ok(
    again.stdout.includes(
      "✗ 2 FrontendExpert: its kept worktree does not take main's new work (conflicts in src/config.ts); nothing " +
        `ran: resolve it in the worktree (git -C ${worktree} merge main, fix, commit), then retry and run again`,
    ),
    again.stdout,
  );
  assert.is(s.log().filter((line) => line.step === 2 && line.event === 'start').length, 1, 'its agent did not run');
  assert.is(git(path.join(s.project.root, worktree), 'status', '--porcelain').out, '', 'the merge was aborted');
});

test("a retried step's kept worktree gets the work merged since it failed before its agent runs again", async () => {
  const plan = {
    goal: 'Two parts',
    steps: [
      { stepNumber: 1, agentName: 'BackendMaster', task: 'Build the API' },
      { stepNumber: 2, agentName: 'FrontendExpert', task: 'Build the UI' },
    ],
  };
  const s = await setup(plan);
  s.script(1, 'claude', honestStep(1, { sleepMs: 400 }));
  s.script(2, 'claude', [{ ...honestStep(2), exit: 1 }, honestStep(2, { sees: ['src/part-1.ts'] })]);
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude', '--parallel', '2');
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.equal([s.step(1).status, s.step(2).status], ['completed', 'failed']);
  assert.is((await s.run('retry', s.id, '2')).code, 0);
  const again = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /^step 2 · FrontendExpert · goes on: /m);
  const second = s.log().filter((line) => line.step === 2 && line.event === 'start')[1]!;
  assert.equal(second.seen, [['src/part-1.ts', true]], "step 1's merged work is in its worktree");
  assert.ok(s.project.exists('src/part-2.ts'));
});

test('a hung agent is stopped at the time limit, with what it started; the step fails', async () => {
  const s = await setup(
    { goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] },
    {
      '.conductorrc.json': JSON.stringify({ headless: { timeoutSeconds: 1 } }),
    },
  );
  s.script(1, 'gemini', { ...honestStep(1), hang: true });
  const started = Date.now();
  const run = await s.run('run', s.id, '--headless', '--agent', 'gemini');
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.ok(Date.now() - started < 8000, 'stopped in time');
  assert.match(run.stdout, /^Limits: 1 s per step \(headless\.timeoutSeconds\)$/m);
  assert.match(
    run.stdout,
    new RegExp(
      "^✗ 1 BackendMaster: gemini ran past the step's time limit \\(1 s, headless\\.timeoutSeconds\\) and was " +
        `stopped; what it did is on conductor/${s.id}/step-1`,
      'm',
    ),
  );
  const hung = s.log().find((line) => line.event === 'hang')!;
  for (const pid of [hung.pid, hung.child!]) assert.not.ok(alive(pid), `${pid} is gone`);
  // What it wrote before it hung is kept on its branch.
  assert.match(git(s.project.root, 'show', '--stat', `conductor/${s.id}/step-1`).out, /src\/part-1\.ts/);
});

test('a dirty working tree or a detached HEAD is refused, saying what to do; nothing changes', async () => {
  const s = await setup();
  s.project.write('README.md', '# shop, changed\n');
  const before = s.project.snapshot();
  const dirty = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(dirty.code, 2);
  assert.match(
    dirty.stderr,
    /^error: .*: the working tree has changes that are not committed: README\.md; nothing was started$/m,
  );
  assert.match(dirty.stderr, /hint: commit them \(git add -A && git commit\) or put them aside \(git stash -u\)/);
  assert.equal(s.project.snapshot(), before);
  assert.equal(s.log(), []);
  git(s.project.root, 'checkout', '-q', '--', 'README.md');
  // An npm project without a .gitignore: the advice is to ignore node_modules, not to commit it.
  s.project.write('node_modules/left-pad/index.js', 'module.exports = 1;\n');
  const modules = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(modules.code, 2);
  assert.match(
    modules.stderr,
    /hint: node_modules is not ignored: add it to \.gitignore \(echo node_modules\/ >> \.gitignore\)/,
  );
  assert.not.match(modules.stderr, /git add -A/);
  rmSync(s.project.path('node_modules'), { recursive: true });
  git(s.project.root, 'checkout', '-q', '--detach');
  const detached = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(detached.code, 2);
  assert.match(
    detached.stderr,
    /^error: .*: the checkout is on a detached HEAD: there is no branch to merge the steps into$/m,
  );
  assert.match(detached.stderr, /hint: check out the branch the work goes on \(git switch <branch>/);
  assert.equal(s.step(1).status, 'pending');
  assert.equal(s.log(), []);
});

test('an agent program not on PATH is refused first: no header, worktree, branch or state write', async () => {
  const s = await setup();
  const stateFile = s.project.path(`proof/execution-${s.id}.json`);
  const before = { files: s.project.snapshot(), state: readFileSync(stateFile, 'utf8') };
  for (const agent of ['nosuch', 'nosuch --fast']) {
    const run = await s.run('run', 'latest', '--headless', '--agent', agent);
    assert.is(run.code, 2, run.stdout + run.stderr);
    assert.is(run.stdout, '');
    assert.match(run.stderr, /^error: nosuch was not found on PATH\n {2}hint: install it, or give the command line/);
    assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
    assert.is(readFileSync(stateFile, 'utf8'), before.state, 'the state file is byte-identical');
    assert.equal(s.project.snapshot(), before.files);
    assert.not.ok(existsSync(s.project.path('.conductor/worktrees')), 'no worktree');
    assert.is(git(s.project.root, 'branch', '--list', 'conductor/*').out, '');
  }
});

test("retrying a headless step keeps the failed attempt's stream, its attempt record pointing to it", async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
  s.script(1, 'claude', [{ ...honestStep(1), exit: 1 }, honestStep(1)]);
  const failed = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(failed.code, 1, failed.stdout + failed.stderr);
  const first = s.step(1).transcriptPath!;
  assert.match(first, /step-1-backendmaster\.transcript\.jsonl$/);
  const stream = s.project.read(first);
  const retried = await s.run('retry', s.id, '1');
  assert.is(retried.code, 0, retried.stdout + retried.stderr);
  const again = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(again.code, 0, again.stdout + again.stderr);
  const attempt = s.step(1).history![0]!;
  assert.is(attempt.status, 'failed');
  assert.is(attempt.transcriptPath, first.replace('.transcript.jsonl', '.attempt-1.transcript.jsonl'));
  assert.is(s.project.read(attempt.transcriptPath!), stream, "the first attempt's stream is on disk");
  assert.is(s.step(1).transcriptPath, first);
  assert.is(s.step(1).status, 'completed');
});

test("an agent that writes into the person's checkout fails its step unmerged, naming the file", async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
  // Its worktree is <checkout>/.conductor/worktrees/<id>/step-1: four folders up is the checkout.
  s.script(1, 'claude', honestStep(1, { files: { 'src/part-1.ts': 'x\n', '../../../../README.md': '# hijacked\n' } }));
  const head = git(s.project.root, 'rev-parse', 'HEAD').out;
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    new RegExp(
      '^✗ 1 BackendMaster: the checkout has changes no step should have made \\(README\\.md\\): the merge was not ' +
        'made; look at them, then commit or discard them and run again',
      'm',
    ),
  );
  assert.is(s.step(1).status, 'failed');
  assert.is(git(s.project.root, 'rev-parse', 'HEAD').out, head, 'nothing was merged');
  assert.not.ok(s.project.exists('src/part-1.ts'));
  assert.is(s.project.read('README.md'), '# hijacked\n', 'what it wrote is left for the person to look at');
  git(s.project.root, 'checkout', '-q', '--', 'README.md');
  const refused = await s.run('run', s.id, '--headless', '--agent', 'claude', '--step', '1');
  assert.is(refused.code, 2);
  assert.match(
    refused.stderr,
    /^error: step 1 \(BackendMaster\) has failed: nothing to run\n {2}hint: retry it first/,
    refused.stderr,
  );
});

test('a step that changed nothing completes with nothing to merge: no merge commit made or recorded', async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Check' }] });
  s.script(1, 'claude', { events: [{ say: 'Nothing needed changing.' }] });
  const head = git(s.project.root, 'rev-parse', 'HEAD').out;
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude', '--accept', 'unconfirmed');
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^step 1 · BackendMaster · \w+ · nothing to merge \(no changes\) · completed in /m);
  assert.match(run.stdout, /^✓ 1 BackendMaster: \w+, nothing to merge \(no changes\)/m);
  assert.not.match(run.stdout, /merged into main \(/);
  assert.is(git(s.project.root, 'rev-parse', 'HEAD').out, head, 'no merge commit');
  assert.is(s.step(1).status, 'completed');
  assert.is(s.step(1).headless?.merged, undefined);
});

test('--parallel that is not a whole number from 1 is refused, saying what it takes; nothing changes', async () => {
  const s = await setup();
  const before = s.project.snapshot();
  for (const value of ['0', 'abc', '-1', '1.5']) {
    const run = await s.run('run', s.id, '--headless', '--agent', 'claude', `--parallel=${value}`);
    assert.is(run.code, 2, `${value}: ${run.stdout}${run.stderr}`);
    assert.is(run.stdout, '');
    assert.match(
      run.stderr,
      /^error: --parallel must be how many steps run at once: a whole number from 1\n {2}hint: not "/,
      value,
    );
    assert.equal(s.project.snapshot(), before);
  }
  assert.equal(s.log(), []);
});

test('--step runs exactly that ready step; a step that is not ready is refused', async () => {
  const s = await setup();
  s.script(2, 'copilot', honestStep(2));
  const blocked = await s.run('run', s.id, '--headless', '--agent', 'copilot', '--step', '3');
  assert.is(blocked.code, 2);
  assert.match(blocked.stderr, /^error: step 3 is not ready: it waits for steps 1, 2/m);
  const run = await s.run('run', s.id, '--headless', '--agent', 'copilot', '--step', '2');
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.equal(
    s.state().stepResults.map((result) => result.status),
    ['pending', 'completed', 'pending', 'pending'],
  );
  assert.equal(
    s.log().map((line) => line.step),
    [2, 2],
  );
});

test('an unconfirmed step stops the run by default; --accept unconfirmed merges it', async () => {
  const plan = { goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] };
  const unsure: Script = {
    files: { 'src/part-1.ts': 'export {};\n' },
    events: [{ write: 'src/part-1.ts' }, { say: 'I made the change the task asks for.' }],
  };
  const s = await setup(plan);
  s.script(1, 'claude', unsure);
  const stopped = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(stopped.code, 1);
  assert.match(stopped.stdout, /^✗ 1 BackendMaster: unconfirmed: its transcript neither backs nor contradicts/m);
  assert.not.ok(s.project.exists('src/part-1.ts'));
  const again = await setup(plan);
  again.script(1, 'claude', unsure);
  const accepted = await again.run('run', again.id, '--headless', '--agent', 'claude', '--accept', 'unconfirmed');
  assert.is(accepted.code, 0, accepted.stdout);
  assert.match(accepted.stdout, /^✓ 1 BackendMaster: unconfirmed, merged/m);
  assert.ok(again.project.exists('src/part-1.ts'));
});

test("status and the reports show each headless step's branch, worktree, duration and cost", async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
  s.script(1, 'claude', honestStep(1));
  const run = await s.run('run', s.id, '--headless', '--agent', 'claude');
  assert.is(run.code, 0, run.stdout + run.stderr);
  const where = `claude · branch conductor/${s.id}/step-1 → main · worktree .conductor/worktrees/${s.id}/step-1`;
  const ran = /\d+\.\d s · \$0\.0421 · tokens 1,200 in, 340 out · 3 turns · merged into main \([0-9a-f]+\)/;
  const status = await s.run('status', s.id);
  assert.is(status.code, 0, status.stderr);
  assert.ok(status.stdout.includes(`\n     headless: ${where}\n`), status.stdout);
  assert.match(status.stdout, new RegExp(`^ {5}agent run: ${ran.source}$`, 'm'));
  const json = JSON.parse((await s.run('status', s.id, '--json')).stdout);
  assert.is(json.steps[0].headless.usage.costUsd, 0.0421);
  const report = await s.run('report', s.id);
  assert.is(report.code, 0, report.stderr);
  const markdown = s.project.read(`proof/execution-${s.id}/REPORT.md`);
  assert.ok(markdown.includes(`- **Headless:** ${where.replace(/_/g, '\\_')}\n`), markdown);
  assert.match(markdown, new RegExp(`^- \\*\\*Agent run:\\*\\* ${ran.source}$`, 'm'));
  assert.is((await s.run('report', s.id, '--html')).code, 0);
  const html = s.project.read(`proof/execution-${s.id}/report.html`);
  assert.match(html, new RegExp(`<dt>Headless</dt><dd>${where.replace(/→/g, '.')}<br>${ran.source}</dd>`));
});

test('a hand-edited headless record is shown as text: made visible on a terminal, escaped in the reports', async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
  s.script(1, 'claude', honestStep(1));
  assert.is((await s.run('run', s.id, '--headless', '--agent', 'claude')).code, 0);
  const file = s.project.path(`proof/execution-${s.id}.json`);
  const state = readJson<ExecutionContext>(file);
  state.stepResults[0]!.headless!.worktree = 'wt/<script>alert(1)</script>\u001b]0;pwned\u0007*x*';
  state.stepResults[0]!.headless!.agent = '<b>claude</b>';
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
  const status = await cliOnTerminal(s.project.root, 'status', s.id);
  assert.is(status.code, 0, status.stderr);
  assert.match(
    status.stdout,
    /headless: <b>claude<\/b> · .* worktree wt\/<script>alert\(1\)<\/script>\\x1b\]0;pwned\\x07\*x\*$/m,
  );
  assert.not.ok(status.stdout.includes('\u001b'), 'no escape sequence reaches the terminal');
  assert.is((await s.run('report', s.id)).code, 0);
  const markdown = s.project.read(`proof/execution-${s.id}/REPORT.md`);
  assert.match(markdown, /^- \*\*Headless:\*\* &lt;b&gt;claude&lt;\/b&gt; · .*worktree wt\/&lt;script&gt;alert\(1\)/m);
  assert.match(markdown, /\\\*x\\\*$/m);
  assert.is((await s.run('report', s.id, '--html')).code, 0);
  const html = s.project.read(`proof/execution-${s.id}/report.html`);
  assert.not.ok(html.includes('<script>alert'), 'no script in the page');
  assert.match(
    html,
    /<dt>Headless<\/dt><dd>&lt;b&gt;claude&lt;\/b&gt; · .*wt\/&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
  );
});

test('on a terminal each running step gets a live line, rewritten in place; the lines that stay are kept', async () => {
  const s = await setup({ goal: 'One part', steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Build' }] });
  s.script(1, 'claude', honestStep(1, { sleepMs: 300 }));
  let stdout = '';
  const code = await main(
    ['run', s.id, '--headless', '--agent', 'claude'],
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: true, columns: 100 },
      stderr: { write: () => true, isTTY: true },
      env: { ...process.env, ...s.env, NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor' },
    },
    { launcher: 'swarm-conductor', cwd: s.project.root },
  );
  assert.is(code, 0, stdout);
  assert.match(stdout, /▶ step 1 · BackendMaster · claude · \d+\.\d s · starting\n/);
  assert.match(stdout, /▶ step 1 · BackendMaster · claude · \d+\.\d s · Write src\/part-1\.ts\n/);
  assert.match(stdout, /\u001b\[1A\r\u001b\[J▶ step 1 · BackendMaster · claude · \d+\.\d s · Bash npm test\n/);
  assert.not.match(stdout, /^step 1 · BackendMaster · claude: /m, 'no tool line of its own on a terminal');
  // A line that stays replaces the live one, which is not drawn again once the agent is done.
  assert.match(stdout, /\u001b\[1A\r\u001b\[Jstep 1 · BackendMaster · verified · merged into main .*\nexec-/);
  assert.match(stdout, /^✓ 1 BackendMaster: verified, merged/m);
});

test.run();
