/** `run` in a real terminal (tmux): conducting a plan to the end, resuming, Ctrl-C, an agent CLI started for you. */
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExecutionContext } from '../src/types.js';
import { SCENARIOS, WRITERS } from './fixtures/transcripts/make.js';
import { cleanup, makeProject, makeTempDir, type Project, readJson } from './helpers.js';
import { HAVE_TMUX, Terminal } from './tty.js';

const it = HAVE_TMUX ? test : test.skip;
const open: Terminal[] = [];
test.after.each(() => {
  for (const terminal of open.splice(0)) terminal.close();
  cleanup();
});

const AGENT = '---\nname: Builder\ndescription: Builds things.\ndoneDefinition:\n  - The tests pass\n---\nYou build.';
const PLAN = {
  goal: 'Three steps in a row',
  steps: [
    { stepNumber: 1, agentName: 'Builder', task: 'Build the first part', expectedOutputs: ['part one'] },
    { stepNumber: 2, agentName: 'Builder', task: 'Build the second part', dependencies: [1] },
    { stepNumber: 3, agentName: 'Builder', task: 'Build the third part', dependencies: [2] },
  ],
};

function project(): Project {
  return makeProject({ 'agents/builder.md': AGENT, 'plan.json': JSON.stringify(PLAN) });
}

function terminal(cwd: string, args: string[], env: Record<string, string> = {}): Terminal {
  const opened = Terminal.open(cwd, args, { HOME: makeTempDir('swarm-conductor-home-'), ...env });
  open.push(opened);
  return opened;
}

const stateOf = (dir: Project): ExecutionContext => {
  const file = readdirState(dir);
  return readJson<ExecutionContext>(dir.path('proof', file));
};
const readdirState = (dir: Project) => readdirSync(dir.path('proof')).find((name) => name.endsWith('.json'))!;

/** Answers the question of a step: `What now?` for step `n`, then `key`. */
async function act(term: Terminal, n: number, key: string): Promise<void> {
  await term.waitFor(new RegExp(`Step ${n} of 3 · Builder[^◆]*◆  What now\\?`));
  term.keys(key);
}

it('run conducts a plan to the end: complete, fail, retry, complete, skip — each recorded', async () => {
  const dir = project();
  const term = terminal(dir.root, ['run', 'plan.json']);
  await act(term, 1, 'c');
  await term.waitFor(/◆ {2}What did step 1 produce\?/);
  term.type('part one; its tests');
  term.keys('Enter');
  await act(term, 2, 'f');
  await term.waitFor(/◆ {2}What went wrong in step 2\?/);
  term.type('the build broke');
  term.keys('Enter');
  await term.waitFor(/Step 2 failed; the steps after it wait/);
  await term.waitFor(/◆ {2}What now\?\n[^◆]* r {2}retry it/);
  term.keys('r');
  await term.waitFor(/Step 2 is pending again/);
  await act(term, 2, 'c');
  await term.waitFor(/◆ {2}What did step 2 produce\?/);
  term.type('part two');
  term.keys('Enter');
  await act(term, 3, 's');
  await term.waitFor(/◆ {2}Why is step 3 skipped\?/);
  term.type('not needed after all');
  term.keys('Enter');
  await term.waitFor(/Done: every step of exec-\S+ is completed or skipped\./);
  assert.is(await term.exitCode(), 0);
  const state = stateOf(dir);
  assert.equal(
    state.stepResults.map((step) => [step.status, step.outputs ?? step.reason]),
    [
      ['completed', ['part one', 'its tests']],
      ['completed', ['part two']],
      ['skipped', 'not needed after all'],
    ],
  );
  assert.equal(
    state.stepResults[1]!.history!.map((attempt) => [attempt.status, attempt.errors]),
    [['failed', ['the build broke']]],
  );
  assert.ok(state.endTime, 'the execution is done');
});

it('quitting and starting run again resumes at the next step', async () => {
  const dir = project();
  const first = terminal(dir.root, ['run', 'plan.json']);
  await act(first, 1, 'c');
  await first.waitFor(/◆ {2}What did step 1 produce\?/);
  first.type('part one');
  first.keys('Enter');
  await act(first, 2, 'q');
  await first.waitFor(/Stopped\. Nothing half-done was recorded; swarm-conductor run exec-\S+ goes on from here\./);
  assert.is(await first.exitCode(), 0);
  const second = terminal(dir.root, ['run']);
  await second.waitFor(/1 of 3 done {2}█+░+ {2}ready: 2/);
  await act(second, 2, 'q');
  assert.is(await second.exitCode(), 0);
  assert.is(stateOf(dir).stepResults[1]!.status, 'pending');
});

it('Ctrl-C in the middle of a question leaves the state as it was', async () => {
  const dir = project();
  const term = terminal(dir.root, ['run', 'plan.json']);
  await act(term, 1, 'c');
  await term.waitFor(/◆ {2}What did step 1 produce\?/);
  const file = dir.path('proof', readdirState(dir));
  const before = readFileSync(file, 'utf8');
  term.type('half an answ');
  term.keys('C-c');
  await term.waitFor(/Stopped\. Nothing half-done was recorded/);
  assert.is(await term.exitCode(), 0);
  assert.is(readFileSync(file, 'utf8'), before);
  assert.not.ok(existsSync(`${file}.lock`), 'no lock left behind');
});

it('run --agent starts the agent CLI only when confirmed, waits for it, and records its transcript', async () => {
  const dir = project();
  const bin = makeTempDir('swarm-conductor-fake-bin-');
  const log = path.join(bin, 'calls.log');
  // The verdict is of the closing message's claims: this one says the tests pass, and they did.
  const session = path.join(bin, 'session.md');
  writeFileSync(session, WRITERS['copilot-share']!.write(SCENARIOS['clean-success']!));
  writeFileSync(
    path.join(bin, 'fake-agent'),
    [
      '#!/bin/sh',
      '# a fake agent CLI: notes how it was called, works a while, saves its session as Copilot /share does',
      'out="$1"; shift',
      `printf '%s\\n' "$@" >> ${JSON.stringify(log)}`,
      'sleep 1',
      `cp ${JSON.stringify(session)} "$out"`,
      'echo "fake agent is done"',
    ].join('\n'),
  );
  chmodSync(path.join(bin, 'fake-agent'), 0o755);
  const term = terminal(dir.root, ['run', 'plan.json', '--agent', 'fake-agent {transcript} {prompt}'], {
    PATH: `${bin}:${process.env.PATH}`,
  });
  await act(term, 1, 'a');
  await term.waitFor(
    /◆ {2}Start fake-agent\? {2}fake-agent proof\/\S+\/step-1-builder\.transcript\.md "<the[\s\S]*[\d,]+ characters>"/,
  );
  term.keys('Enter'); // the default is No
  await term.waitFor(/Nothing was started\./);
  assert.not.ok(existsSync(log), 'nothing ran without a yes');
  await act(term, 1, 'a');
  await term.waitFor(/◆ {2}Start fake-agent\?/);
  term.keys('y', 'Enter');
  await term.waitFor(/fake agent is done[\s\S]*fake-agent exited with code 0\.[\s\S]*◆ {2}Record step 1\?/);
  assert.match(readFileSync(log, 'utf8'), /^# Step 1 of 3: Builder\n/, 'the prompt was passed');
  term.keys('c');
  await term.waitFor(/◆ {2}What did step 1 produce\?/);
  term.type('part one');
  term.keys('Enter');
  await term.waitFor(/◆ {2}Record the transcript proof\/execution-\S+\/step-1-builder\.transcript\.md\?/);
  term.keys('Enter'); // yes
  await term.waitFor(/Step 1 completed · verification: verified\. Handed on: part one/);
  await act(term, 2, 'q');
  assert.is(await term.exitCode(), 0);
  const step = stateOf(dir).stepResults[0]!;
  assert.equal(
    [step.status, step.transcriptPath?.endsWith('step-1-builder.transcript.md'), step.verification?.verdict],
    ['completed', true, 'verified'],
  );
});

it('run shows terminal controls from a plan as text: no clipboard write, no new title', async () => {
  const hostile = {
    goal: 'Goal \u001b]52;c;cm0gLXJmIH4K\u0007 end',
    steps: [{ stepNumber: 1, agentName: 'Builder', task: 'Task \u001b]2;owned\u0007 and \u009d2;owned2\u009c done' }],
  };
  const dir = makeProject({ 'agents/builder.md': AGENT, 'plan.json': JSON.stringify(hostile) });
  const term = terminal(dir.root, ['run', 'plan.json']);
  term.acceptClipboard();
  const title = term.title();
  const screen = await term.waitFor(/◆ {2}What now\?/);
  assert.match(screen, /Task \\x1b\]2;owned\\x07 and \\x9d2;owned2\\x9c done/);
  term.keys('p');
  await term.waitFor(/The prompt is also in/);
  assert.is(term.title(), title, 'the title is as it was');
  assert.not.match(term.clipboard(), /rm -rf/, 'the plan did not write the clipboard');
  term.keys('q');
  assert.is(await term.exitCode(), 0);
});

it('run with two ready steps: the picker names each task; a copied step is running and keeps the cursor', async () => {
  const parallel = {
    goal: 'Two parts at once',
    steps: [
      { stepNumber: 1, agentName: 'Builder', task: 'Build the first part' },
      { stepNumber: 2, agentName: 'Builder', task: 'Build the second part' },
    ],
  };
  const dir = makeProject({ 'agents/builder.md': AGENT, 'plan.json': JSON.stringify(parallel) });
  const term = terminal(dir.root, ['run', 'plan.json']);
  term.acceptClipboard();
  const picker = await term.waitFor(/◆ {2}Which step\?[\s\S]*2 · Builder/);
  assert.match(picker, /1 · Builder \(ready\) · Build the first part/);
  assert.match(picker, /2 · Builder \(ready\) · Build the second part/);
  term.keys('Down', 'Enter');
  await term.waitFor(/Step 2 of 2 · Builder[^◆]*◆ {2}What now\?/);
  term.keys('p');
  await term.waitFor(/Step 2 is running; complete it when the agent is done\./);
  const again = await term.waitFor(/Step 2 is running[\s\S]*◆ {2}Which step\?[\s\S]*2 · Builder \(running\)/);
  const lines = again.slice(again.lastIndexOf('Which step?')).split('\n');
  assert.match(lines.find((line) => line.includes('2 · Builder'))!, /●/, 'the cursor is on step 2');
  assert.match(lines.find((line) => line.includes('1 · Builder'))!, /○/);
  assert.is(stateOf(dir).stepResults[1]!.status, 'running');
  assert.is(stateOf(dir).stepResults[0]!.status, 'pending');
  term.keys('Escape');
  assert.is(await term.exitCode(), 0);
});

test.run();
