/**
 * `next`, stale prompts, `prompt --diff` / `--refresh`, progress lines, the agent CLI command lines, `run` without a
 * terminal.
 */
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agentLaunch, shellWords } from '../src/conduct/agent-cli.js';
import { launchableTargets } from '../src/targets/index.js';
import { withAgentPromptFile } from '../src/conduct/processes.js';
import { progressLine } from '../src/cli/output.js';
import {
  cleanup,
  cli,
  EXAMPLE_PLAN,
  makeProject,
  type Project,
  pattern,
  planOf,
  refused,
  rejection,
} from './helpers.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';

test.after.each(cleanup);

async function executed(): Promise<{ project: Project; id: string }> {
  const project = makeProject({ 'plan.json': readFileSync(EXAMPLE_PLAN, 'utf8') });
  assert.is((await cli(project.root, 'init')).code, 0);
  const run = await cli(project.root, 'execute', 'plan.json');
  return { project, id: /Execution (exec-\S+) created/.exec(run.stdout)![1]! };
}

test('next lists the ready wave with its agent, prompt and the command that records it; --json too', async () => {
  const { project, id } = await executed();
  const next = await cli(project.root, 'next');
  assert.is(next.code, 0, next.stderr);
  assert.match(next.stdout, new RegExp(`^${id} · 0 of 4 steps done · Build a user authentication system\\n`));
  assert.match(next.stdout, /Ready now \(one step\):\n {2}○ 1 · BackendMaster: Implement the authentication API/);
  assert.match(next.stdout, new RegExp(`prompt: {2}proof/execution-${id}/step-1-backendmaster\\.prompt\\.md\\n`));
  assert.match(next.stdout, new RegExp(`record: {2}swarm-conductor complete ${id} 1 --output "<what was produced>"`));
  await cli(project.root, 'complete', id, '1', '--output', 'API');
  await cli(project.root, 'start', id, '2');
  const json = JSON.parse((await cli(project.root, 'next', '--json')).stdout);
  assert.equal(json.ready, []);
  assert.equal(
    json.running.map((step: { stepNumber: number; stale: boolean }) => [step.stepNumber, step.stale]),
    [[2, false]],
  );
});

test('next with no id takes the newest execution that is not finished; when all are done it says so', async () => {
  const { project, id } = await executed();
  for (const step of ['1', '2', '3', '4']) await cli(project.root, 'skip', id, step, '--reason', 'not now');
  await refused(project, ['next'], /error: every execution is done/);
  await cli(project.root, 'execute', 'plan.json');
  const second = await cli(project.root, 'next', '--json');
  assert.is.not(JSON.parse(second.stdout).executionId, id);
});

test('next --json of a finished execution is its data with nothing ready, exit 0, with or without its id', async () => {
  const { project, id } = await executed();
  for (const step of ['1', '2', '3', '4']) await cli(project.root, 'complete', id, step, '--output', 'done');
  for (const args of [
    ['next', id, '--json'],
    ['next', '--json'],
  ]) {
    const next = await cli(project.root, ...args);
    assert.is(next.code, 0, `${args.join(' ')}: ${next.stderr}`);
    const json = JSON.parse(next.stdout);
    assert.equal(Object.keys(json), ['executionId', 'status', 'progress', 'ready', 'running']);
    assert.equal([json.executionId, json.status, json.ready, json.running], [id, 'done', [], []]);
    assert.equal(json.progress, { done: 4, total: 4 });
  }
});

test(
  'a prompt whose agent file changed after execute is stale in status and next; prompt --refresh clears ' + 'it',
  async () => {
    const { project, id } = await executed();
    const status = await cli(project.root, 'status');
    assert.not.match(status.stdout, /stale/);
    const agent = 'agents/backend-master.md';
    project.write(
      agent,
      project.read(agent).replace(/^description: .*$/m, 'description: Builds the server side, edited.'),
    );
    assert.match(
      (await cli(project.root, 'status')).stdout,
      /step-1-backendmaster\.prompt\.md \(stale: what it is made from changed/,
    );
    assert.match((await cli(project.root, 'next')).stdout, /\(stale: /);
    const json = JSON.parse((await cli(project.root, 'status', '--json')).stdout);
    assert.is(json.steps[0].stale, true);
    const diff = await cli(project.root, 'prompt', '--diff');
    assert.is(diff.code, 0);
    assert.match(diff.stdout, /^@@ line \d+ → \d+ @@\n/);
    assert.match(diff.stdout, /\n- - Domain scope: .*\n\+ - Domain scope: Builds the server side, edited\.\n/);
    const prompt = `proof/execution-${id}/step-1-backendmaster.prompt.md`;
    assert.not.match(project.read(prompt), /edited/, '--diff writes nothing');
    const refreshed = await cli(project.root, 'prompt', '--refresh');
    assert.equal([refreshed.code, refreshed.stdout.trim()], [0, 'prompt rewritten: step 1']);
    assert.match(project.read(prompt), /Builds the server side, edited\./);
    assert.not.match((await cli(project.root, 'status')).stdout, /stale/);
    assert.match((await cli(project.root, 'prompt', '--diff')).stdout, /is current: nothing changed/);
    assert.equal((await cli(project.root, 'prompt', '--refresh')).stdout.trim(), 'prompt current: step 1');
  },
);

test('a file rewritten as it was changes nothing; a change the prompt does not show is not stale', async () => {
  const { project, id } = await executed();
  const agent = 'agents/backend-master.md';
  const prompt = `proof/execution-${id}/step-1-backendmaster.prompt.md`;
  const sources = () => /· sources ([0-9a-f]+) -->/.exec(project.read(prompt))![1];
  const before = sources();
  project.write(agent, project.read(agent));
  await cli(project.root, 'prompt', '--refresh');
  assert.is(sources(), before, 'the fingerprint is of the content, not of the time');
  // A YAML comment in the front matter: the file differs, the prompt does not.
  project.write(agent, project.read(agent).replace(/^---\n/, '---\n# reviewed\n'));
  assert.not.match((await cli(project.root, 'status')).stdout, /stale/);
  await cli(project.root, 'prompt', '--refresh');
  assert.is.not(sources(), before);
});

test('prompt --refresh of a completed step is refused with its status and changes nothing', async () => {
  const { project, id } = await executed();
  await cli(project.root, 'complete', id, '1', '--output', 'API');
  await refused(
    project,
    ['prompt', id, '1', '--refresh'],
    /step 1 is completed; only a ready or running step's prompt is kept current/,
  );
});

/** A plan of two steps side by side (1 and 2), one after both (3) and one after 3 (4), executed. */
async function parallel(): Promise<{ project: Project; id: string }> {
  const plan = planOf('Two at once', [
    ['BackendMaster', [], 'Build the API'],
    ['FrontendExpert', [], 'Build the forms'],
    ['TesterElite', [1, 2], 'Test both'],
    ['IntegratorFinalizer', [3], 'Ship it'],
  ]);
  const project = makeProject({ 'plan.json': JSON.stringify(plan) });
  assert.is((await cli(project.root, 'init')).code, 0);
  const run = await cli(project.root, 'execute', 'plan.json');
  return { project, id: /Execution (exec-\S+) created/.exec(run.stdout)![1]! };
}

test("a sibling's completion leaves a pasted prompt as it was: not rewritten, not stale", async () => {
  const { project, id } = await parallel();
  const prompt = `proof/execution-${id}/step-1-backendmaster.prompt.md`;
  const pasted = (await cli(project.root, 'prompt', id, '1')).stdout;
  const before = project.read(prompt);
  const done = await cli(project.root, 'complete', id, '2', '--output', 'the login forms');
  assert.is(done.code, 0, done.stderr);
  assert.is(project.read(prompt), before, 'the file is byte for byte the same');
  assert.is((await cli(project.root, 'prompt', id, '1')).stdout, pasted, 'prompt prints the same text');
  assert.not.match(pasted, /the login forms/);
  const status = JSON.parse((await cli(project.root, 'status', '--json')).stdout);
  assert.not.ok(status.steps[0].stale, 'status --json: not stale');
  assert.not.match((await cli(project.root, 'status')).stdout, /stale/);
  const next = JSON.parse((await cli(project.root, 'next', '--json')).stdout);
  assert.equal(
    next.ready.map((step: { stepNumber: number; stale: boolean }) => [step.stepNumber, step.stale]),
    [[1, false]],
  );
  assert.match((await cli(project.root, 'prompt', id, '1', '--diff')).stdout, /is current: nothing changed/);
});

test('a prompt gets the context of the steps it depends on through others, and only theirs', async () => {
  const { project, id } = await parallel();
  await cli(project.root, 'complete', id, '1', '--output', 'the auth API');
  await cli(project.root, 'complete', id, '2', '--output', 'the login forms');
  await cli(project.root, 'complete', id, '3', '--output', 'the e2e suite');
  const four = (await cli(project.root, 'prompt', id, '4')).stdout;
  // 3 is shown as a dependency; 1 and 2 come in through it.
  assert.match(four, /Context from other earlier steps[^\n]*:\n- Step 1 \(BackendMaster\): the auth API\n/);
  assert.match(four, /- Step 2 \(FrontendExpert\): the login forms\n/);
  assert.is(four.split('the e2e suite').length - 1, 1, "the direct dependency's outputs appear once");
});

test('run without a terminal refuses and names the commands that work without one', async () => {
  const { project } = await executed();
  await refused(
    project,
    ['run'],
    pattern(
      /error: run needs a terminal to ask you questions in \(stdin and stdout are not one, or CI is set\)\n {2}/,
      /hint: without one, conduct with: swarm-conductor next, prompt, complete, fail, skip, retry, verify/,
    ),
  );
});

test('the agent CLI command lines: each known CLI, interactive or not, and a command line of your own', () => {
  const input = { prompt: 'Do it', promptFile: 'p.md', transcript: 't.md', print: false };
  assert.equal(agentLaunch({ ...input, agent: 'claude' }).argv, ['claude', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'claude', print: true }).argv, ['claude', '-p', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'copilot' }).argv, ['copilot', '-i', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'copilot', print: true }).argv, [
    'copilot',
    '-p',
    'Do it',
    '--share',
    't.md',
  ]);
  assert.equal(agentLaunch({ ...input, agent: 'codex', print: true }).argv, ['codex', 'exec', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'my-agent --file {promptFile}' }).argv, ['my-agent', '--file', 'p.md']);
  assert.equal(agentLaunch({ ...input, agent: 'aider --message-file {promptFile} --yes' }).argv.length, 4);
  assert.equal(agentLaunch({ ...input, agent: 'my-agent "two words"' }).argv, ['my-agent', 'two words', 'Do it']);
  assert.is(agentLaunch({ ...input, agent: 'claude' }).shown, 'claude "<the prompt, 5 characters>"');
  assert.equal(agentLaunch({ ...input, agent: 'gemini', print: true }).argv, ['gemini', '-p', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'gemini' }).argv, ['gemini', '-i', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'opencode', print: true }).argv, ['opencode', 'run', 'Do it']);
  assert.equal(agentLaunch({ ...input, agent: 'opencode' }).argv, ['opencode', '--prompt', 'Do it']);
  assert.is(agentLaunch({ ...input, agent: 'gemini' }).label, 'Gemini CLI');
  assert.equal(
    launchableTargets().map((target) => target.name),
    ['claude', 'copilot', 'gemini', 'opencode', 'codex'],
  );
  assert.equal(shellWords(`a "b c" 'd e' f\\ g`), ['a', 'b c', 'd e', 'f g']);
  assert.throws(() => shellWords('a "b'), /unclosed "/);
});

test("{promptFile} is the agent's text alone, beside the prompt while the agent runs, and gone after", async () => {
  const { project, id } = await executed();
  const promptPath = `proof/execution-${id}/step-1-backendmaster.prompt.md`;
  const agentFile = `proof/execution-${id}/step-1-backendmaster.agent-prompt.md`;
  const text = (await cli(project.root, 'prompt', id, '1')).stdout;
  const launch = agentLaunch({
    agent: 'mycli --file {promptFile}',
    print: false,
    prompt: text,
    promptFile: agentFile,
    transcript: 't.md',
  });
  assert.equal([launch.argv, launch.usesPromptFile], [['mycli', '--file', agentFile], true]);
  assert.is(
    agentLaunch({ agent: 'claude', print: false, prompt: text, promptFile: agentFile, transcript: '' }).usesPromptFile,
    false,
  );
  const seen = await withAgentPromptFile(project.root, promptPath, text, async () => project.read(agentFile));
  assert.is(seen, text, 'what prompt prints, nothing more');
  assert.match(seen, /^# Step 1 of 4: BackendMaster\n/);
  assert.not.match(seen, /For the person running the conductor|swarm-conductor prompt ·/);
  assert.match(project.read(promptPath), /^<!-- swarm-conductor prompt /, 'the prompt file keeps its header');
  assert.not.ok(existsSync(project.path(agentFile)), 'removed when the agent exits');
  await withAgentPromptFile(project.root, promptPath, text, async () => {
    throw new Error('the agent could not start');
  }).catch(() => {});
  assert.not.ok(existsSync(project.path(agentFile)), 'removed when it could not start too');
  const outside = await rejection(() => withAgentPromptFile(project.root, '../outside.prompt.md', text, async () => 0));
  assert.match(
    outside.message,
    /the agent's prompt file \("\.\.\/outside\.agent-prompt\.md"\) leads outside the project/,
  );
  assert.not.ok(existsSync(path.join(project.root, '..', 'outside.agent-prompt.md')), 'nothing written outside');
});

test('agentCommand in the config: checked like every key', async () => {
  const { project } = await executed();
  rmSync(project.path('conductor.config.ts'));
  project.write('.conductorrc.json', JSON.stringify({ agentCommand: 7 }));
  await refused(
    project,
    ['status'],
    /agentCommand: must be one of claude, copilot, gemini, opencode, codex or a command line/,
  );
});

test('the progress line shows on a terminal once the work takes a second, never when piped or with --json', () => {
  const written: string[] = [];
  const streams = (isTTY: boolean) => ({
    stdout: { write: () => true },
    stderr: { write: (text: string) => written.push(text), isTTY },
    env: {},
  });
  const options = { json: false, verbose: false, color: undefined, command: 'swarm-conductor' };
  let now = 0;
  const clock = () => now;
  const line = progressLine(streams(true), options, 'writing prompts', clock);
  line.tick(1, 10);
  assert.equal(written, [], 'not in the first second');
  now = 1500;
  line.tick(5, 10);
  line.end();
  assert.equal(written, ['\rwriting prompts 5/10', '\r\u001b[2K']);
  written.length = 0;
  const piped = progressLine(streams(false), options, 'x', clock);
  piped.tick(9, 10);
  piped.end();
  const json = progressLine(streams(true), { ...options, json: true }, 'x', clock);
  json.tick(9, 10);
  assert.equal(written, []);
});

test.run();
