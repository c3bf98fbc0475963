/**
 * Agents where the agent CLIs keep them: a project with only `.claude/agents` and
 * `.github/agents` (public files), as `agents list`, `init`, `agents export`, `agents new` and
 * `plan` meet it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup, cli, makeProject, type Project, REAL_AGENTS, refused } from './helpers.js';

test.after.each(cleanup);

const real = (name: string) => readFileSync(path.join(REAL_AGENTS, name), 'utf8');
const API_DESIGNER = real('VoltAgent__awesome-claude-code-subagents__categories__01-core-development__api-designer.md');
const BACKEND = real('contains-studio__agents__engineering__backend-architect.md');
const CSHARP = real('github__awesome-copilot__agents__CSharpExpert.agent.md');
const REACT = real('github__awesome-copilot__agents__react19-commander.agent.md');

/** The files a person who uses Claude Code and Copilot already has, and nothing of ours. */
function cliProject(): Project {
  return makeProject({
    '.claude': { agents: { 'api-designer.md': API_DESIGNER, 'backend-architect.md': BACKEND } },
    '.github': { agents: { 'CSharpExpert.agent.md': CSHARP, 'react19-commander.agent.md': REACT } },
  });
}

test('agents list reads .claude/agents and .github/agents and says whose folder each is', async () => {
  const project = cliProject();
  const result = await cli(project.root, 'agents', 'list');
  assert.is(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.is(lines[0], 'Profiles in .claude/agents (Claude Code), .github/agents (GitHub Copilot):');
  assert.match(
    result.stdout,
    /^• api-designer +\.claude\/agents\/api-designer\.md +Use this agent when designing new/m,
  );
  assert.match(result.stdout, /^. backend-architect +\.claude\/agents\/backend-architect\.md/m);
  assert.match(result.stdout, /^• C# Expert +\.github\/agents\/CSharpExpert\.agent\.md/m);
  assert.match(result.stdout, /\.github\/agents\/react19-commander\.agent\.md/);
  assert.not.match(result.stdout + result.stderr, /Built-in/);
});

test('a profile of the same name in a later folder is shadowed, and agents list says which one is used', async () => {
  const project = makeProject({
    agents: { 'reviewer.md': '---\nname: Reviewer\ndescription: Ours.\n---\nYou review.\n' },
    '.claude': { agents: { 'reviewer.md': '---\nname: reviewer\ndescription: Theirs.\n---\nYou review too.\n' } },
  });
  const result = await cli(project.root, 'agents', 'list');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Profiles in agents \(swarm-conductor\), \.claude\/agents \(Claude Code\):/);
  assert.match(
    result.stderr,
    /\.claude\/agents\/reviewer\.md is not used: "reviewer" is already agents\/reviewer\.md, read first/,
  );
  const show = await cli(project.root, 'agents', 'show', 'reviewer', '--json');
  assert.is(JSON.parse(show.stdout).description, 'Ours.');
});

test('Gemini CLI and opencode folders are read; Gemini files starting with _ are not', async () => {
  const project = makeProject({
    '.gemini': {
      agents: {
        'db-tuner.md': '---\nname: db-tuner\ndescription: Tunes Postgres queries.\n---\nYou tune.\n',
        '_draft.md': '---\nname: draft\ndescription: Not yet.\n---\nx\n',
      },
    },
    '.opencode': { agents: { 'reviewer.md': '---\ndescription: Reviews code.\nmode: subagent\n---\nYou review.\n' } },
  });
  const result = await cli(project.root, 'agents', 'list');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Profiles in \.gemini\/agents \(Gemini CLI\), \.opencode\/agents \(opencode\):/);
  assert.match(result.stdout, /db-tuner +\.gemini\/agents\/db-tuner\.md/);
  assert.match(result.stdout, /reviewer +\.opencode\/agents\/reviewer\.md +Reviews code\./);
  assert.not.match(result.stdout, /draft/);
});

test('plan routes to the agents found in .claude/agents and .github/agents', async () => {
  const project = cliProject();
  const result = await cli(
    project.root,
    'plan',
    'Design the REST API for orders and build its React 19 page',
    '--json',
  );
  assert.is(result.code, 0, result.stderr);
  const agents = JSON.parse(result.stdout).plan.steps.map((step: { agentName: string }) => step.agentName);
  assert.ok(agents.includes('api-designer'), agents.join(', '));
  assert.ok(
    agents.some((name: string) => /react/i.test(name)),
    agents.join(', '),
  );
});

test('init finds the agents the project has and points the config at them instead of copying built-ins', async () => {
  const project = cliProject();
  const before = project.snapshot();
  const result = await cli(project.root, 'init');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^found +\.claude\/agents \(2 profiles, Claude Code\)$/m);
  assert.match(result.stdout, /^found +\.github\/agents \(2 profiles, GitHub Copilot\)$/m);
  assert.match(result.stdout, /--builtin-agents copies the six built-ins in as well/);
  assert.not.ok(project.exists('agents'), 'no built-ins beside them');
  assert.match(project.read('conductor.config.ts'), /^ {2}agentsDir: \['\.claude\/agents', '\.github\/agents'\],$/m);
  for (const [file, content] of Object.entries(before)) assert.is(project.read(file), content, `${file} untouched`);
  const list = await cli(project.root, 'agents', 'list');
  assert.match(list.stdout, /^Profiles in \.claude\/agents \(Claude Code\), \.github\/agents \(GitHub Copilot\):/);
});

test('init --builtin-agents copies the built-ins as well, listed first', async () => {
  const project = cliProject();
  const result = await cli(project.root, 'init', '--builtin-agents');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^created +agents\/backend-master\.md$/m);
  assert.match(project.read('conductor.config.ts'), /agentsDir: \['agents', '\.claude\/agents', '\.github\/agents'\],/);
  const list = await cli(project.root, 'agents', 'list');
  assert.match(list.stdout, /BackendMaster[\s\S]*api-designer[\s\S]*C# Expert/);
});

test('init in an empty folder still copies the built-ins, with the default agentsDir', async () => {
  const project = makeProject();
  const result = await cli(project.root, 'init');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^created +agents\/backend-master\.md$/m);
  assert.match(project.read('conductor.config.ts'), /^ {2}agentsDir: 'agents',$/m);
});

test('agents export --target claude beside agents in .claude/agents updates them in place: one copy', async () => {
  const project = makeProject({
    '.claude': { agents: { 'API_Designer.md': API_DESIGNER } },
  });
  const result = await cli(project.root, 'agents', 'export', '--target', 'claude');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^updated +\.claude\/agents\/API_Designer\.md$/m);
  assert.equal(Object.keys(project.snapshot()), ['.claude/agents/API_Designer.md']);
  assert.match(project.read('.claude/agents/API_Designer.md'), /^name: api-designer$/m);
  const again = await cli(project.root, 'agents', 'export', '--target', 'claude');
  assert.match(again.stdout, /^unchanged +\.claude\/agents\/API_Designer\.md$/m);
});

test('agents export refuses to rewrite an agent in place when something of it would not carry over', async () => {
  const project = makeProject({
    '.claude': {
      agents: {
        'styled.md': '---\nname: styled\ndescription: Has a key Claude Code does not know.\nflavour: mint\n---\nx\n',
      },
    },
  });
  const message = /a file would be replaced: \.claude\/agents\/styled\.md/;
  await refused(project, ['agents', 'export', '--target', 'claude'], message);
});

test('agents new PaymentsPro writes payments-pro.md, like the built-in backend-master.md', async () => {
  const project = makeProject({ agents: {} });
  const result = await cli(project.root, 'agents', 'new', 'PaymentsPro');
  assert.is(result.code, 0, result.stderr);
  assert.ok(project.exists('agents/payments-pro.md'));
  assert.match(project.read('agents/payments-pro.md'), /^name: "PaymentsPro"$/m);
  const again = await cli(project.root, 'agents', 'new', 'HTTPGateway');
  assert.is(again.code, 0, again.stderr);
  assert.ok(project.exists('agents/http-gateway.md'));
});

test.run();
