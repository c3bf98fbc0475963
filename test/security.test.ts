/**
 * Every file a teammate commits is data: a state file, a plan, a prompt or a link in the proof
 * folder can come from anyone who can open a pull request. Each test here is one way such a file
 * was turned against the person who checks it out, met as they would meet it: the command they
 * run, the message they see, and no file inside or outside the project changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CLI,
  cleanup,
  cli,
  cliIn,
  cliOnTerminal,
  makeTempDir,
  pattern,
  type Project,
  projectAt,
  readJson,
  rejection,
  snapshot,
} from './helpers.js';

/** A state as a teammate edits it by hand: any JSON at any key. */
// biome-ignore lint/suspicious/noExplicitAny: hostile JSON is edited at any depth, whatever its type
type HandEdited = Record<string, any>;

test.after.each(cleanup);

const PLAN = {
  goal: 'Ship the orders API',
  steps: [
    { stepNumber: 1, agentName: 'BackendMaster', task: 'Build the orders API', dependencies: [] },
    { stepNumber: 2, agentName: 'FrontendExpert', task: 'Build the orders page', dependencies: [1] },
  ],
};

interface Workspace {
  project: Project;
  /** A folder beside the project, with a file an attacker would like read, moved or overwritten. */
  outside: string;
  id: string;
  stateFile: string;
  /** Changes the committed state as a hostile teammate would. */
  edit(change: (state: HandEdited) => void): void;
  /** Project and outside folder, to compare before and after. */
  everything(): Record<string, string>;
}

async function workspace(plan: object = PLAN): Promise<Workspace> {
  const top = makeTempDir('swarm-conductor-security-');
  mkdirSync(path.join(top, 'project'));
  const outside = path.join(top, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'victim.txt'), 'the victim file\n');
  writeFileSync(path.join(outside, 'secret.txt'), 'SECRET-TOKEN-1234\n');
  const project = projectAt(path.join(top, 'project'));
  project.write('plan.json', JSON.stringify(plan));
  const run = await cli(project.root, 'execute', 'plan.json');
  assert.is(run.code, 0, run.stderr);
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  const stateFile = `proof/execution-${id}.json`;
  return {
    project,
    outside,
    id,
    stateFile,
    edit(change) {
      const state = readJson<HandEdited>(project.path(stateFile));
      change(state);
      project.write(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    },
    everything: () => snapshot(top),
  };
}

/** Runs a command and checks the promise: this exit code, this message, no stack, nothing changed anywhere. */
async function refusedEverywhere(
  space: Workspace,
  args: string[],
  message: RegExp,
  code = 2,
  env: Record<string, string> = {},
): Promise<string> {
  const before = space.everything();
  const result = await cliIn(env, space.project.root, ...args);
  assert.is(result.code, code, `${args.join(' ')} → ${result.code}: ${result.stderr}${result.stdout}`);
  assert.match(result.stderr, message);
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(result.stderr.trim().split('\n').length <= 3, `one or two lines: ${result.stderr}`);
  assert.equal(space.everything(), before, `${args.join(' ')} changed files`);
  return result.stderr;
}

test('1. retry of a step naming a file outside the project moves nothing: the state is refused', async () => {
  const space = await workspace();
  await cli(space.project.root, 'fail', space.id, '1', '--error', 'broke');
  space.edit((state) => {
    state.stepResults[0].promptPath = '../outside/victim.txt';
  });
  const message = await refusedEverywhere(
    space,
    ['retry', 'latest', '1'],
    /execution state is unreadable: stepResults\[0\]\.promptPath: must be a path inside the project/,
  );
  assert.match(message, new RegExp(`proof/execution-${space.id}\\.json`));
  assert.ok(existsSync(path.join(space.outside, 'victim.txt')));
});

test('1b. retry leaves a file the state names inside the project, but not at the step place, where it is', async () => {
  const space = await workspace();
  space.project.write('src/keep.ts', 'export const kept = true;\n');
  await cli(space.project.root, 'fail', space.id, '1', '--error', 'broke');
  space.edit((state) => {
    state.stepResults[0].promptPath = 'src/keep.ts';
  });
  const result = await cli(space.project.root, 'retry', 'latest', '1');
  assert.is(result.code, 0, result.stderr);
  assert.is(space.project.read('src/keep.ts'), 'export const kept = true;\n');
  const history = readJson<HandEdited>(space.project.path(space.stateFile)).stepResults[0].history;
  assert.is(history[0].promptPath, 'src/keep.ts', 'the attempt names the file it had; nothing was moved');
});

test('2. a full disk (a file-size limit) while failing a step: exit 1, the old state whole, no temporary file', () => {
  return (async () => {
    const space = await workspace();
    const before = space.project.read(space.stateFile);
    const long = 'x'.repeat(60_000);
    const result = spawnSync(
      'bash',
      ['-c', `ulimit -f 40; exec "${process.execPath}" "${CLI}" fail latest 1 --error "${long}"`],
      { cwd: space.project.root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    assert.is(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      pattern(
        /^error: could not write proof\/execution-exec-\S+\.json: /,
        /the file would be larger than the file-size limit allows \(EFBIG\); nothing was changed\n/,
      ),
    );
    assert.not.match(result.stderr, /\n\s+at /);
    assert.is(space.project.read(space.stateFile), before, 'the state is as it was');
    assert.equal(
      readdirSync(space.project.path('proof')).filter((name) => /\.tmp$|\.lock$/.test(name)),
      [],
      'no temporary file or lock is left',
    );
  })();
});

test('2b. a full disk while execute writes its prompts: exit 1 and no half-written execution left', async () => {
  const space = await workspace();
  const before = space.everything();
  // The prompt (written first) is over the limit on its own.
  const wide = {
    goal: 'One big step',
    steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'y'.repeat(90_000) }],
  };
  space.project.write('wide.json', JSON.stringify(wide));
  const written = space.everything();
  const result = spawnSync('bash', ['-c', `ulimit -f 60; exec "${process.execPath}" "${CLI}" execute wide.json`], {
    cwd: space.project.root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.is(result.status, 1, result.stderr);
  assert.match(
    result.stderr,
    /could not write proof\/execution-exec-\S+\/step-\d+-backendmaster\.prompt\.md: .*\(EFBIG\); nothing was changed/,
  );
  assert.equal(space.everything(), written, 'the new execution folder and its prompts are gone again');
  assert.ok(Object.keys(before).length < Object.keys(written).length);
});

test('3. an executionId that leads out of the proof folder is refused by every command that would write', async () => {
  const space = await workspace();
  space.edit((state) => {
    state.executionId = 'x/../../../outside/victim';
  });
  for (const args of [
    ['report', space.id],
    ['report', space.id, '--html'],
    ['complete', space.id, '1', '--output', 'done'],
    ['prompt', space.id, '1'],
  ]) {
    await refusedEverywhere(space, args, /executionId: must be an execution id/);
  }
});

test('3b. a state whose executionId is another execution is refused: its writes would land on that file', async () => {
  const space = await workspace();
  space.edit((state) => {
    state.executionId = 'exec-1999-01-01T00-00-00-000Z';
  });
  await refusedEverywhere(
    space,
    ['complete', space.id, '1', '--output', 'done'],
    /executionId: "exec-1999-01-01T00-00-00-000Z" is not the id in the file's name/,
  );
});

test('3c. a state file whose name is no execution id is never offered in a command', async () => {
  const space = await workspace();
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${IFS}, as a hostile file name holds it
  const name = 'proof/execution-x;touch${IFS}pwned;#.json';
  space.project.write(name, space.project.read(space.stateFile));
  const next = await cli(space.project.root, 'next');
  assert.is(next.code, 0, next.stderr);
  assert.not.match(next.stdout, /;touch/);
  const list = await cli(space.project.root, 'list');
  assert.not.match(list.stdout, /touch/);
  assert.ok(!existsSync(space.project.path('pwned')));
});

test('4. a committed link in place of the execution folder is refused; nothing is written there', async () => {
  const space = await workspace();
  const folder = space.project.path(`proof/execution-${space.id}`);
  spawnSync('rm', ['-rf', folder]);
  symlinkSync(space.outside, folder);
  for (const args of [
    ['report', space.id],
    ['prompt', space.id, '1'],
    ['report', space.id, '--html'],
  ]) {
    await refusedEverywhere(
      space,
      args,
      new RegExp(`proof/execution-${space.id} is a link; the conductor writes only into a real folder`),
    );
  }
  assert.equal(readdirSync(space.outside).sort(), ['secret.txt', 'victim.txt']);
});

test('5. a script in an attempt status never reaches the HTML report: the state is refused', async () => {
  const space = await workspace();
  space.edit((state) => {
    state.stepResults[0].history = [
      {
        attempt: 1,
        status: '"><script>alert(1)</script>',
        action: 'retry',
        at: '2026-01-01T00:00:00.000Z',
        startTime: '2026-01-01T00:00:00.000Z',
        endTime: '2026-01-01T00:01:00.000Z',
      },
    ];
  });
  await refusedEverywhere(
    space,
    ['report', space.id, '--html'],
    /stepResults\[0\]\.history\[0\]\.status: must be one of completed, failed, skipped, running \(found "\\"><script>/,
  );
});

test('6. a prompt path leading out of the project is not read: prompt, prompt --diff and delegate refuse', async () => {
  const space = await workspace();
  // Lexically inside the project, but a link that leads out of it.
  symlinkSync(path.join(space.outside, 'secret.txt'), space.project.path('proof/notes.md'));
  space.edit((state) => {
    state.stepResults[1].promptPath = 'proof/notes.md';
  });
  const log = path.join(makeTempDir('swarm-conductor-gh-'), 'calls.log');
  const env = {
    PATH: `${path.join(path.dirname(CLI), '..', 'test/fixtures/gh')}:${process.env.PATH}`,
    FAKE_GH_LOG: log,
    FAKE_GH_STATE: path.dirname(log),
  };
  for (const args of [
    ['prompt', space.id, '2'],
    ['prompt', space.id, '2', '--diff'],
    ['delegate', space.id, '2', '--force'],
  ]) {
    const message = await refusedEverywhere(
      space,
      args,
      /the prompt of step 2 \("proof\/notes\.md"\) leads outside the project/,
      2,
      env,
    );
    assert.not.match(message, /SECRET-TOKEN/);
  }
  assert.ok(!existsSync(log), 'gh was never called');
});

test('6b. a prompt path outside the project in the state is refused when read', async () => {
  const space = await workspace();
  space.edit((state) => {
    state.stepResults[1].promptPath = '/etc/passwd';
  });
  await refusedEverywhere(space, ['prompt', space.id, '2'], /stepResults\[1\]\.promptPath: must be a path inside/);
});

test('7. a transcript path that looks like a javascript: address becomes a relative link, never a script', async () => {
  const space = await workspace();
  space.project.write('proof/javascript:alert(1)', 'a transcript\n');
  space.edit((state) => {
    state.stepResults[0].transcriptPath = 'proof/javascript:alert(1)';
  });
  const html = await cli(space.project.root, 'report', space.id, '--html', 'report.html');
  assert.is(html.code, 0, html.stderr);
  const page = space.project.read('report.html');
  assert.not.match(page, /href="javascript:/i);
  assert.match(page, /href="\.\/proof\/javascript%3Aalert\(1\)"/);
  const markdown = await cli(space.project.root, 'report', space.id);
  assert.is(markdown.code, 0, markdown.stderr);
  const report = space.project.read(`proof/execution-${space.id}/REPORT.md`);
  assert.match(report, /\]\(\.\.\/javascript%3Aalert\(1\)\)/);
  space.edit((state) => {
    state.stepResults[0].transcriptPath = 'javascript:alert(1)';
  });
  await refusedEverywhere(space, ['report', space.id], /stepResults\[0\]\.transcriptPath: must be a path inside/);
});

test('8 and 9. terminal controls from a plan (OSC 52, a title, 8-bit C1, bidi) are shown, never sent', async () => {
  const hostile = {
    goal: 'Goal \u001b]52;c;cm0gLXJmIH4=\u0007 and \u009d0;owned\u009c and \u202eevil',
    steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Task \u001b]0;title\u0007 \u009b31m red' }],
  };
  const space = await workspace(hostile);
  for (const args of [
    ['status', space.id],
    ['prompt', space.id, '1'],
    ['next', space.id],
  ]) {
    const result = await cliOnTerminal(space.project.root, ...args);
    assert.is(result.code, 0, result.stderr);
    assert.not.match(result.stdout, /[\u001b\u0007\u0080-\u009f\u202e]/, `${args[0]} sent a control character`);
    assert.match(result.stdout, /\\x1b\]52;c;cm0gLXJmIH4=\\x07|\\x1b\]0;title\\x07/);
    if (args[0] !== 'prompt') assert.match(result.stdout, /\\x9d0;owned\\x9c and \\u202eevil/);
  }
  const json = await cliOnTerminal(space.project.root, 'status', space.id, '--json');
  assert.not.match(json.stdout, /[\u0080-\u009f\u202e]/);
  assert.is(JSON.parse(json.stdout).goal, hostile.goal, 'JSON on a terminal is the same data, escaped');
});

test('10. resolve --take theirs with a conflict side of another step is refused, nothing changed', async () => {
  const space = await workspace();
  space.edit((state) => {
    const theirs = { ...state.stepResults[1], status: 'completed', outputs: ['x'] };
    const ours = { ...state.stepResults[0] };
    state.stepResults[0].conflict = { ours, theirs, at: '2026-01-01T00:00:00.000Z' };
  });
  await refusedEverywhere(
    space,
    ['resolve', space.id, '1', '--take', 'theirs'],
    /stepResults\[0\]\.conflict\.theirs\.stepNumber: is step 2, not step 1/,
  );
});

test('11. wrong-typed nested fields are refused with their JSON path, never an internal error', async () => {
  const space = await workspace();
  const cases: [(state: HandEdited) => void, RegExp][] = [
    [
      (s) => (s.stepResults[0].pr = { url: 'https://github.com/a/b/pull/1', recordedAt: 'x', seen: null }),
      /pr\.recordedAt/,
    ],
    [(s) => (s.stepResults[0].conflict = null), /stepResults\[0\]\.conflict: must be an object/],
    [(s) => (s.stepResults[0].startTime = 42), /stepResults\[0\]\.startTime: must be an ISO 8601 time/],
    [(s) => (s.planFilename = null), /planFilename: must be a string/],
    [(s) => (s.stepResults[0].events = [null]), /stepResults\[0\]\.events\[0\]: must be an event/],
    [(s) => (s.stepResults[0].agentName = null), /stepResults\[0\]\.agentName: must be an agent name/],
    [(s) => (s.plan.steps[1].dependencies = [7]), /plan\.steps\[1\]\.dependencies\[0\]: step 7 is not in the plan/],
    [(s) => (s.stepResults[1].stepNumber = 1), /stepResults\[1\]\.stepNumber: step 1 has two results/],
  ];
  const original = space.project.read(space.stateFile);
  for (const [change, message] of cases) {
    space.project.write(space.stateFile, original);
    space.edit(change);
    for (const command of [['status', space.id], ['next'], ['report', space.id]]) {
      await refusedEverywhere(space, command, message);
    }
  }
});

test('12. a pull request address that is a gh option is refused before gh runs', async () => {
  const space = await workspace();
  space.edit((state) => {
    state.stepResults[0].status = 'running';
    state.stepResults[0].pr = { url: '--repo=attacker/evil', recordedAt: '2026-01-01T00:00:00.000Z' };
  });
  const log = path.join(makeTempDir('swarm-conductor-gh-'), 'calls.log');
  const env = {
    PATH: `${path.join(path.dirname(CLI), '..', 'test/fixtures/gh')}:${process.env.PATH}`,
    FAKE_GH_LOG: log,
    FAKE_GH_STATE: path.dirname(log),
  };
  await refusedEverywhere(
    space,
    ['sync', space.id],
    /stepResults\[0\]\.pr\.url: must be a pull request address/,
    2,
    env,
  );
  assert.ok(!existsSync(log), 'gh was never called');
});

test('12b. an answer from gh that is not what gh pr view prints settles nothing', async () => {
  const space = await workspace();
  const ghDir = makeTempDir('swarm-conductor-fake-gh-');
  for (const answer of ['null', '{}', '{"state":"MERGED","statusCheckRollup":"green"}', '[1,2]']) {
    writeFileSync(path.join(ghDir, 'gh'), `#!/bin/sh\nprintf '%s\\n' '${answer}'\n`, { mode: 0o755 });
    await cli(space.project.root, 'complete', space.id, '1', '--pr', 'https://github.com/acme/shop/pull/11');
    const message = await refusedEverywhere(
      space,
      ['sync', space.id],
      /gh pr view (answered JSON this version does not read|did not answer with JSON)/,
      1,
      { PATH: `${ghDir}:${process.env.PATH}` },
    );
    assert.match(message, /update gh/);
  }
});

test('13. a state file that is a link to /dev/zero is refused at once, and list carries on', async () => {
  const space = await workspace();
  const other = 'proof/execution-exec-2000-01-01T00-00-00-000Z.json';
  symlinkSync('/dev/zero', space.project.path(other));
  const started = Date.now();
  await refusedEverywhere(space, ['status', 'exec-2000'], /the execution state file is a link that leads out/);
  const list = await cli(space.project.root, 'list');
  assert.is(list.code, 0, list.stderr);
  assert.match(list.stdout, /exec-2000-01-01T00-00-00-000Z +unreadable/);
  assert.ok(Date.now() - started < 5000);
});

test('13b. a state file over the size limit is refused unread, naming the limit and the setting', async () => {
  const space = await workspace();
  space.project.write('.conductorrc.json', JSON.stringify({ stateSizeLimit: 2048 }));
  space.edit((state) => {
    state.priorContext = ['y'.repeat(4000)];
  });
  await refusedEverywhere(
    space,
    ['status', space.id],
    /the execution state is 0\.0 MB; at most 0\.0 MB is read\n.*raise stateSizeLimit in the config/,
  );
});

test('14. markdown and HTML in a task are shown as written in REPORT.md: no link, no picture, no tag', async () => {
  const space = await workspace({
    goal: 'Goal with ![tracker](https://evil.example/t.png)',
    steps: [
      {
        stepNumber: 1,
        agentName: 'BackendMaster',
        task: 'Click [here](javascript:alert(1)) <img src=x onerror=alert(1)> **bold** `code`',
      },
    ],
  });
  const result = await cli(space.project.root, 'report', space.id);
  assert.is(result.code, 0, result.stderr);
  const report = space.project.read(`proof/execution-${space.id}/REPORT.md`);
  assert.match(report, /^# Goal with !\\\[tracker\\\]\(https:\/\/evil\.example\/t\.png\)$/m);
  assert.match(
    report,
    /> Click \\\[here\\\]\(javascript:alert\(1\)\) &lt;img src=x onerror=alert\(1\)&gt; \\\*\\\*bold/,
  );
  assert.not.match(report, /<img|[^\\]\]\(javascript/);
});

test('15. a template that reaches for JavaScript fails validate and templates check, and runs nothing', async () => {
  const space = await workspace();
  const payload = `range.constructor("process.getBuiltinModule('fs').writeFileSync('PWNED', 'x')")()`;
  space.project.write(
    'templates/session.md.njk',
    `{% extends "builtin/session.md.njk" %}{% block role %}{{ ${payload} }}{% endblock %}`,
  );
  for (const command of [['templates', 'check'], ['validate']]) {
    const result = await cli(space.project.root, ...command);
    assert.is(result.code, 2, result.stderr);
    assert.match(`${result.stdout}${result.stderr}`, /"constructor" may not be looked up in a template/);
  }
  for (const name of ['__proto__', 'prototype']) {
    space.project.write(
      'templates/session.md.njk',
      `{% extends "builtin/session.md.njk" %}{% block role %}{{ agent.${name} }}{% endblock %}`,
    );
    const result = await cli(space.project.root, 'templates', 'check');
    assert.match(result.stdout, new RegExp(`"${name}" may not be looked up`));
  }
  assert.ok(!existsSync(space.project.path('PWNED')));
  assert.ok(!existsSync(path.join(process.cwd(), 'PWNED')));
  assert.not.match(readFileSync(space.project.path(space.stateFile), 'utf8'), /PWNED/);
});

test('the library refuses to save a state from memory whose id would lead out of the proof folder', async () => {
  const space = await workspace();
  const { StepRunner } = await import('../src/step-runner.js');
  const runner = await StepRunner.load({ cwd: space.project.root });
  const state = runner.initializeExecution(PLAN as never, 'plan.json');
  const before = space.everything();
  const error = await rejection(() => runner.saveExecutionContext({ ...state, executionId: '../../outside/x' }));
  assert.is(error.code, 'CORRUPT_STATE');
  assert.match(error.message, /the execution state to save is not valid: executionId: must be an execution id/);
  assert.equal(space.everything(), before);
});

test.run();
