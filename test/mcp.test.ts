/**
 * `swarm-conductor mcp` as an agent CLI meets it: the built CLI started over stdio and spoken to
 * with the SDK's own client, and `mcp --print-config` checked against each client's config shape.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parse as parseToml } from 'smol-toml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExecutionContext } from '../src/types.js';
import { type Event, SCENARIOS, WRITERS } from './fixtures/transcripts/make.js';
import { CLI, cleanup, cli, makeProject, type Project, REPO, spawnCli } from './helpers.js';

const clients: Client[] = [];
test.after.each(async () => {
  for (const client of clients.splice(0)) await client.close();
  cleanup();
});

const AGENT = [
  '---',
  'name: Builder',
  'description: Builds features with their tests.',
  'doneDefinition:',
  '  - The tests were run in this session and pass',
  '---',
  'You build features.',
].join('\n');

/** Steps 1 and 2 side by side, step 3 after both. */
const PLAN = {
  goal: 'Ship the login form',
  steps: [
    { stepNumber: 1, agentName: 'Builder', task: 'Build the login form', expectedOutputs: ['src/login.tsx'] },
    { stepNumber: 2, agentName: 'Builder', task: 'Build the signup form', expectedOutputs: ['src/signup.tsx'] },
    { stepNumber: 3, agentName: 'Builder', task: 'Document both forms', dependencies: [1, 2] },
  ],
};

async function executed(): Promise<{ project: Project; id: string }> {
  const project = makeProject({
    'agents/builder.md': AGENT,
    'plan.json': JSON.stringify(PLAN),
    src: { 'login.tsx': 'export {}\n', 'signup.tsx': 'export {}\n' },
  });
  const run = await cli(project.root, 'execute', 'plan.json');
  assert.is(run.code, 0, run.stderr);
  return { project, id: /Execution (exec-\S+) created/.exec(run.stdout)![1]! };
}

/** The built CLI's `mcp`, started as an agent CLI starts it, with the SDK's client on its stdio. */
async function connect(project: Project): Promise<Client> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp'],
    cwd: project.root,
    env: { ...env, NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor', HOME: project.root },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

type ToolResult = {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

const textOfResource = (read: { contents: ({ text: string } | { blob: string })[] }) =>
  'text' in read.contents[0]! ? read.contents[0].text : '';
const textOf = (result: ToolResult) => result.content.map((part) => part.text ?? '').join('\n');
const stateFile = (project: Project, id: string) => project.path(`proof/execution-${id}.json`);
const state = (project: Project, id: string) =>
  JSON.parse(readFileSync(stateFile(project, id), 'utf8')) as ExecutionContext;

/** A scenario's session as Claude Code writes it, for step `step` of `id`. */
function session(scenario: string, id: string, step: number): string {
  const prompt = `# Step ${step} of 3: Builder\n\n## Context\n- Goal: Ship the login form\n- Execution: ${id}`;
  const events: Event[] = [{ user: prompt }, ...SCENARIOS[scenario]!.slice(1)];
  return WRITERS['claude-jsonl']!.write(events);
}

test('mcp: initialize, then the tools with their input schemas, the ready steps as prompts, resources', async () => {
  const { project, id } = await executed();
  const client = await connect(project);
  assert.is(client.getServerVersion()?.name, 'swarm-conductor');
  assert.ok(client.getServerCapabilities()?.tools, 'tools');
  assert.ok(client.getServerCapabilities()?.prompts, 'prompts');
  assert.ok(client.getServerCapabilities()?.resources, 'resources');
  const { tools } = await client.listTools();
  assert.equal(tools.map((tool) => tool.name).sort(), [
    'complete_step',
    'fail_step',
    'get_prompt',
    'next_step',
    'skip_step',
    'start_step',
    'status',
    'verify_step',
  ]);
  const complete = tools.find((tool) => tool.name === 'complete_step')!;
  assert.equal(complete.inputSchema.required, ['step', 'outputs']);
  assert.is((complete.inputSchema.properties as Record<string, { type: string }>).step!.type, 'integer');
  assert.ok(complete.outputSchema, 'a structured result is declared');
  const { prompts } = await client.listPrompts();
  assert.equal(
    prompts.map((prompt) => prompt.name),
    ['step-1', 'step-2'],
  );
  assert.match(prompts[0]!.description!, new RegExp(`${id}, step 1 \\(Builder\\): Build the login form`));
  const { resources } = await client.listResources();
  assert.equal(
    resources.map((resource) => resource.uri),
    ['conductor://status', `conductor://execution/${id}/step/1/prompt`, `conductor://execution/${id}/step/2/prompt`],
  );
  const status = await client.readResource({ uri: 'conductor://status' });
  assert.match(textOfResource(status), new RegExp(`^${id} · in progress · 0 of 3 steps done`));
});

test('mcp: next_step hands out the ready steps with prompts; get_prompt, prompt, resource: agent text', async () => {
  const { project, id } = await executed();
  const client = await connect(project);
  const next = await call(client, 'next_step');
  assert.not.ok(next.isError, textOf(next));
  const data = next.structuredContent as { executionId: string; ready: { stepNumber: number; prompt: string }[] };
  assert.is(data.executionId, id);
  assert.equal(
    data.ready.map((step) => step.stepNumber),
    [1, 2],
  );
  assert.match(data.ready[0]!.prompt, /^# Step 1 of 3: Builder\n/);
  assert.match(textOf(next), /── Step 2 · Builder: Build the signup form\n\n# Step 2 of 3: Builder/);

  const prompt = await call(client, 'get_prompt', { step: 2 });
  const file = project.read(String((prompt.structuredContent as { promptPath: string }).promptPath));
  assert.match(file, /^<!-- swarm-conductor prompt /, 'the file has the header for the person');
  const text = textOf(prompt);
  assert.not.match(text, /<!--/, 'the agent gets none of it');
  assert.ok(file.endsWith(text), 'the rest of the file, as it is');
  assert.is((prompt.structuredContent as { prompt: string }).prompt, text);

  const asPrompt = await client.getPrompt({ name: 'step-2' });
  assert.equal(asPrompt.messages, [{ role: 'user', content: { type: 'text', text } }]);
  assert.not.match(String(asPrompt.description), /preview/);
  const waiting = await client.getPrompt({ name: 'step-3' });
  assert.match(
    String(waiting.description),
    /, step 3 \(Builder\) — a preview: step 3 is not ready yet; it waits for steps 1, 2$/,
  );
  const asResource = await client.readResource({ uri: `conductor://execution/${id}/step/2/prompt` });
  assert.is(textOfResource(asResource), text);
});

test('mcp: complete_step records the outputs on disk and hands them to the next prompt', async () => {
  const { project, id } = await executed();
  const client = await connect(project);
  assert.not.ok((await call(client, 'start_step', { step: 1 })).isError);
  assert.is(state(project, id).stepResults[0]!.status, 'running');
  const first = await call(client, 'complete_step', { step: 1, outputs: ['src/login.tsx: the login form'] });
  assert.not.ok(first.isError, textOf(first));
  assert.match(textOf(first), /✓ Step 1 \(Builder\) completed\.\n {2}context handed on: /);
  assert.equal([first.structuredContent!.stepStatus, first.structuredContent!.ready], ['completed', [2]]);
  const second = await call(client, 'complete_step', { step: 2, outputs: ['src/signup.tsx: the signup form'] });
  assert.equal(second.structuredContent!.ready, [3]);
  const saved = state(project, id);
  assert.equal(
    saved.stepResults.map((entry) => [entry.status, entry.outputs]),
    [
      ['completed', ['src/login.tsx: the login form']],
      ['completed', ['src/signup.tsx: the signup form']],
      ['pending', undefined],
    ],
  );
  const next = await call(client, 'next_step');
  const prompt = (next.structuredContent as { ready: { stepNumber: number; prompt: string }[] }).ready[0]!;
  assert.is(prompt.stepNumber, 3);
  assert.match(prompt.prompt, /src\/login\.tsx: the login form/);
  assert.match(prompt.prompt, /src\/signup\.tsx: the signup form/);
  assert.equal(
    (await client.listPrompts()).prompts.map((entry) => entry.name),
    ['step-3'],
  );
});

test('mcp: complete_step with a transcript contradicting the step is refused; nothing on disk changes', async () => {
  const { project, id } = await executed();
  project.write('session.jsonl', session('tests-fail-claims-pass', id, 1));
  const client = await connect(project);
  await call(client, 'get_prompt', { step: 1 });
  const before = project.snapshot();
  const bytes = readFileSync(stateFile(project, id));
  const refused = await call(client, 'complete_step', { step: 1, outputs: ['the form'], transcript: 'session.jsonl' });
  assert.is(refused.isError, true);
  assert.match(textOf(refused), /^error: step 1 was not completed: its transcript contradicts it: /);
  assert.match(textOf(refused), /all tests pass/i);
  assert.match(
    textOf(refused),
    new RegExp(`hint: fix the work and complete the step again; swarm-conductor verify ${id} 1`),
  );
  assert.not.match(textOf(refused), /--force/, 'overriding the evidence is not offered to the agent');
  assert.is((refused.structuredContent as { error: { code: string } }).error.code, 'CONTRADICTED');
  assert.ok(readFileSync(stateFile(project, id)).equals(bytes), 'the state file is byte for byte the same');
  assert.equal(project.snapshot(), before);

  // Leaving the transcript out after a refusal does not slip past the check.
  const unproven = await call(client, 'complete_step', { step: 1, outputs: ['the form'] });
  assert.is(unproven.isError, true);
  assert.match(
    textOf(unproven),
    new RegExp(
      '^error: step 1 was not completed: its completion was refused earlier in this session, ' +
        'its transcript \\(session\\.jsonl\\) contradicting it',
    ),
  );
  assert.ok(readFileSync(stateFile(project, id)).equals(bytes), 'still byte for byte the same');

  project.write('clean.jsonl', session('clean-success', id, 1));
  const verified = await call(client, 'complete_step', { step: 1, outputs: ['the form'], transcript: 'clean.jsonl' });
  assert.not.ok(verified.isError, textOf(verified));
  assert.match(textOf(verified), /verified against clean\.jsonl: verified/);
  assert.is(state(project, id).stepResults[0]!.verification!.verdict, 'verified');
});

test("mcp: complete_step with the agent CLI's session id finds that session, verifies and keeps it", async () => {
  const { project, id } = await executed();
  const client = await connect(project);
  const other = await call(client, 'complete_step', { step: 1, outputs: ['the form'], session: '0000-none' });
  assert.is(other.isError, true);
  assert.match(textOf(other), new RegExp(`no session named "0000-none" of step 1 of ${id} was found`));
  // HOME is the project folder (connect): Claude Code's sessions are under .claude/projects there.
  const uuid = '4f1c2d9e-7a1b-4c3d-9e8f-123456789abc';
  project.write(`.claude/projects/-work-shop/${uuid}.jsonl`, session('clean-success', id, 1));
  // A newer session of the same step, which `auto` would take: the id picks the other.
  project.write(
    '.claude/projects/-work-shop/5a5a5a5a-0000-0000-0000-000000000000.jsonl',
    session('tests-fail-claims-pass', id, 1),
  );
  const done = await call(client, 'complete_step', { step: 1, outputs: ['the form'], session: uuid });
  assert.not.ok(done.isError, textOf(done));
  const entry = state(project, id).stepResults[0]!;
  assert.equal([entry.status, entry.verification?.verdict], ['completed', 'verified']);
  assert.is(project.read(entry.transcriptPath!), project.read(`.claude/projects/-work-shop/${uuid}.jsonl`));
});

test('mcp: a bad argument is a tool error naming the problem, and the server answers the next call', async () => {
  const { project, id } = await executed();
  const client = await connect(project);
  const before = project.snapshot();
  const missing = await call(client, 'complete_step', { step: 9, outputs: ['x'] });
  assert.is(missing.isError, true);
  assert.match(textOf(missing), /step 9/);
  const wrongType = await call(client, 'start_step', { step: 'two' });
  assert.is(wrongType.isError, true);
  assert.match(textOf(wrongType), /step/);
  assert.match(textOf(wrongType), /expected number/i);
  const noOutputs = await call(client, 'complete_step', { step: 1 });
  assert.is(noOutputs.isError, true);
  assert.match(textOf(noOutputs), /outputs/);
  const unknown = await call(client, 'status', { execution: 'exec-1999' });
  assert.is(unknown.isError, true);
  assert.match(textOf(unknown), /exec-1999/);
  assert.equal(project.snapshot(), before, 'nothing changed');
  const status = await call(client, 'status');
  assert.not.ok(status.isError);
  assert.is((status.structuredContent as { executionId: string }).executionId, id);
  assert.is((status.structuredContent as { steps: unknown[] }).steps.length, 3);
});

test('mcp: two clients completing different steps at the same time both land', async () => {
  const { project, id } = await executed();
  const [one, two] = await Promise.all([connect(project), connect(project)]);
  const [first, second] = await Promise.all([
    call(one, 'complete_step', { execution: id, step: 1, outputs: ['login done'] }),
    call(two, 'complete_step', { execution: id, step: 2, outputs: ['signup done'] }),
  ]);
  assert.not.ok(first.isError, textOf(first));
  assert.not.ok(second.isError, textOf(second));
  const saved = state(project, id);
  assert.equal(
    saved.stepResults.map((entry) => [entry.status, entry.outputs]),
    [
      ['completed', ['login done']],
      ['completed', ['signup done']],
      ['pending', undefined],
    ],
  );
  assert.ok(project.exists(saved.stepResults[2]!.promptPath ?? ''), "step 3's prompt was written");
});

test('mcp --print-config prints what each client documents, in its own format', () => {
  const project = makeProject();
  const printed = (client: string) => {
    const run = spawnCli(project.root, 'mcp', '--print-config', client);
    assert.is(run.code, 0, run.stderr);
    return run;
  };
  const server = { command: 'npx', args: ['swarm-conductor', 'mcp'] };
  const claude = printed('claude');
  assert.is(claude.stdout, 'claude mcp add swarm-conductor -- npx swarm-conductor mcp\n');
  assert.match(claude.stderr, /Claude Code: run it in the project/);
  const copilot = printed('copilot');
  assert.equal(JSON.parse(copilot.stdout), {
    mcpServers: { 'swarm-conductor': { type: 'local', ...server, tools: ['*'] } },
  });
  assert.match(copilot.stderr, /~\/\.copilot\/mcp-config\.json/);
  assert.equal(JSON.parse(printed('vscode').stdout), { servers: { 'swarm-conductor': { type: 'stdio', ...server } } });
  assert.equal(JSON.parse(printed('gemini').stdout), { mcpServers: { 'swarm-conductor': server } });
  const codex = printed('codex');
  assert.equal(JSON.parse(JSON.stringify(parseToml(codex.stdout))), { mcp_servers: { 'swarm-conductor': server } });
  assert.match(codex.stdout, /^\[mcp_servers\.swarm-conductor\]\n/);
  assert.match(codex.stderr, /~\/\.codex\/config\.toml/);
  const wrong = spawnCli(project.root, 'mcp', '--print-config', 'emacs');
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /--print-config must be one of claude, copilot, gemini, codex, vscode, not "emacs"/);
});

test("the README's section on registering the server shows what --print-config prints, and where it goes", async () => {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = /\n## Agents that talk to the conductor\n([\s\S]*?)\n## /.exec(readme)![1]!;
  const project = makeProject();
  for (const client of ['claude', 'copilot', 'codex', 'gemini', 'vscode']) {
    const run = await cli(project.root, 'mcp', '--print-config', client, '--json');
    const { label, where, text } = JSON.parse(run.stdout) as { label: string; where: string; text: string };
    const block = new RegExp(`\\*\\*${label}\\*\\* — ([^\\n]+)\\n\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(section);
    assert.ok(block, `the README registers the server in ${label}`);
    assert.is(block[2], text.trimEnd(), `${label}: as printed`);
    // Its first word: the file to merge into (or "run" for a command line).
    const place = where.split(' ')[0]!;
    assert.ok(block[1]!.includes(place), `${label}: ${where}`);
  }
});

test.run();
