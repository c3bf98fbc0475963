/**
 * The agent CLI registry (src/targets/): one file per CLI, and what each gives a user — Gemini
 * CLI and opencode agent files read and written, Codex's TOML agents imported and exported,
 * the command lines `run --agent` starts, Gemini sessions found by `verify --find`, and each
 * target's end of a session prompt.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mcpClients, TARGET_LIST, TARGETS } from '../src/targets/index.js';
import { SCENARIOS, WRITERS } from './fixtures/transcripts/make.js';
import { cleanup, cli, cliIn, makeProject, makeTempDir, pattern, snapshot } from './helpers.js';

test.after.each(cleanup);

const GEMINI_AGENT = [
  '---',
  'name: test-fixer',
  'description: Runs the test suite and fixes failing unit tests.',
  'kind: local',
  'tools: [read_file, replace, run_shell_command]',
  'model: gemini-2.5-flash',
  'temperature: 0.2',
  'max_turns: 15',
  '---',
  'You fix failing tests. Run them, read the first failure, make the smallest change.',
].join('\n');

const OPENCODE_AGENT = [
  '---',
  'description: Reviews diffs for bugs and never edits files.',
  'mode: subagent',
  'model: anthropic/claude-sonnet-4',
  'permission:',
  '  edit: deny',
  '  bash: deny',
  '---',
  'Review the current changes and list the findings by severity.',
].join('\n');

const CODEX_AGENT = [
  'name = "docs-writer"',
  'description = "Writes and updates the API reference."',
  'model = "gpt-5.3-codex"',
  'sandbox_mode = "workspace-write"',
  'nickname_candidates = ["Quill"]',
  'developer_instructions = """',
  'Keep docs/api.md in step with the endpoints.',
  'Every endpoint gets an example request.',
  '"""',
].join('\n');

const OURS = [
  '---',
  'name: ApiBuilder',
  'description: Builds HTTP endpoints with their tests.',
  'scope:',
  '  - src/api',
  'doneDefinition:',
  '  - The endpoint tests pass',
  'tools: [Read, Edit, Bash]',
  'model: sonnet',
  '---',
  'You build endpoints.',
].join('\n');

test('the registry has one file per target name, and each names its label', () => {
  assert.equal([...TARGET_LIST.map((target) => target.name)].sort(), [...TARGETS].sort());
  const files = readdirSync(path.join(import.meta.dirname, '../src/targets')).filter(
    (name) => !['index.ts', 'names.ts', 'target.ts', 'files.ts'].includes(name),
  );
  // One file per agent CLI, plus one per MCP client that is not an agent CLI (VS Code).
  const mcpOnly = mcpClients()
    .map((client) => client.name)
    .filter((name) => !(TARGETS as readonly string[]).includes(name));
  assert.equal(mcpOnly, ['vscode']);
  assert.equal(files.map((name) => name.replace(/\.ts$/, '')).sort(), [...TARGETS, ...mcpOnly].sort());
  for (const target of TARGET_LIST) assert.ok(target.label.length > 0, target.name);
});

test('Gemini CLI, opencode and Codex agent files are read where those CLIs keep them, with labels', async () => {
  const project = makeProject({
    '.gemini/agents/test-fixer.md': GEMINI_AGENT,
    '.opencode/agents/reviewer.md': OPENCODE_AGENT,
    '.codex/agents/docs-writer.toml': CODEX_AGENT,
  });
  const list = await cli(project.root, 'agents', 'list');
  assert.is(list.code, 0, list.stderr);
  assert.match(
    list.stdout,
    /Profiles in \.gemini\/agents \(Gemini CLI\), \.opencode\/agents \(opencode\), \.codex\/agents \(Codex CLI\)/,
  );
  assert.match(list.stdout, /test-fixer/);
  assert.match(list.stdout, /reviewer/);
  assert.match(list.stdout, /docs-writer/);
  const validate = await cli(project.root, 'agents', 'validate');
  assert.is(validate.code, 0, validate.stdout + validate.stderr);
  const shown = await cli(project.root, 'agents', 'show', 'docs-writer');
  assert.match(shown.stdout, /Writes and updates the API reference\./);
  assert.match(shown.stdout, /Keep docs\/api\.md in step with the endpoints\./, 'developer_instructions are the body');
});

test('a Codex agent file that is not valid TOML is an error at its line, and nothing is written', async () => {
  const project = makeProject({ '.codex/agents/broken.toml': 'name = "broken"\ndescription = "Half a string\n' });
  const before = snapshot(project.root);
  const result = await cli(project.root, 'agents', 'validate');
  assert.is(result.code, 2);
  assert.match(
    result.stdout,
    /✗ \.codex\/agents\/broken\.toml\n {4}error: \.codex\/agents\/broken\.toml:2: the TOML cannot be read: /,
  );
  assert.equal(snapshot(project.root), before);
});

test('agents export --target gemini, opencode and codex write files those CLIs load; they read back', async () => {
  const project = makeProject({ 'agents/api-builder.md': OURS });
  for (const target of ['gemini', 'opencode', 'codex']) {
    const exported = await cli(project.root, 'agents', 'export', '--target', target, '--out', `out-${target}`);
    assert.is(exported.code, 0, exported.stderr);
  }
  const gemini = project.read('out-gemini/.gemini/agents/apibuilder.md');
  assert.match(
    gemini,
    pattern(
      /^---\nname: apibuilder\ndescription: Builds HTTP endpoints with their tests\.\n/,
      /tools: \[read_file, read_many_files, list_directory, replace, write_file, run_shell_command\]\n---/,
    ),
  );
  assert.not.match(gemini, /\nmodel:/, 'a Claude alias is not a Gemini model');
  const opencode = project.read('out-opencode/.opencode/agents/apibuilder.md');
  assert.match(
    opencode,
    pattern(
      /^---\ndescription: Builds HTTP endpoints with their tests\.\n/,
      /permission:\n {2}edit: allow\n {2}bash: allow\n {2}webfetch: deny\n---/,
    ),
  );
  const codex = project.read('out-codex/.codex/agents/apibuilder.toml');
  assert.match(codex, /^name = "apibuilder"\ndescription = "Builds HTTP endpoints with their tests\."\n/);
  assert.match(codex, /developer_instructions = """\nYou build endpoints\./);
  // Each export, read as that CLI's folder, is the same profile again: our fields unfolded.
  for (const dir of ['out-gemini/.gemini/agents', 'out-opencode/.opencode/agents', 'out-codex/.codex/agents']) {
    project.write('.conductorrc.json', JSON.stringify({ agentsDir: dir }));
    const shown = await cli(project.root, 'agents', 'show', 'ApiBuilder', '--json');
    assert.is(shown.code, 0, `${dir}: ${shown.stderr}`);
    const agent = JSON.parse(shown.stdout);
    assert.equal(
      [agent.name, agent.scope, agent.doneDefinition, agent.body],
      ['ApiBuilder', ['src/api'], ['The endpoint tests pass'], 'You build endpoints.'],
      dir,
    );
  }
});

test('a Codex agent imports into agents/ and exports back with its own keys', async () => {
  const project = makeProject({ 'agents/.keep': '', 'shared/docs-writer.toml': CODEX_AGENT });
  const imported = await cli(project.root, 'agents', 'import', 'shared/docs-writer.toml');
  assert.is(imported.code, 0, imported.stderr);
  const ours = project.read('agents/docs-writer.md');
  assert.match(ours, /^---\nname: docs-writer\ndescription: Writes and updates the API reference\.\n/);
  assert.match(ours, /sandbox_mode: workspace-write/);
  assert.match(ours, /\n\nKeep docs\/api\.md in step with the endpoints\./);
  project.write('.conductorrc.json', JSON.stringify({ agentsDir: 'agents' }));
  const back = await cli(project.root, 'agents', 'export', '--target', 'codex', '--out', 'again');
  assert.is(back.code, 0, back.stderr);
  const toml = project.read('again/.codex/agents/docs-writer.toml');
  assert.match(toml, /model = "gpt-5\.3-codex"/);
  assert.match(toml, /sandbox_mode = "workspace-write"/);
  assert.match(toml, /nickname_candidates = \[ "Quill" \]/);
});

test('verify --find finds a Gemini CLI session in ~/.gemini/tmp/<project>/chats', async () => {
  const agent = '---\nname: Builder\ndescription: Builds.\ndoneDefinition:\n  - The tests pass\n---\nYou build.';
  const plan = { goal: 'Ship the login form', steps: [{ stepNumber: 1, agentName: 'Builder', task: 'Build it' }] };
  const project = makeProject({ 'agents/builder.md': agent, 'plan.json': JSON.stringify(plan) });
  const run = await cli(project.root, 'execute', 'plan.json');
  const id = /Execution (exec-\S+) created/.exec(run.stdout)![1]!;
  const home = makeTempDir();
  const prompt = `# Step 1 of 1: Builder\n\n## Context\n- Goal: Ship the login form\n- Execution: ${id}`;
  const chats = path.join(home, '.gemini/tmp/shop/chats');
  mkdirSync(chats, { recursive: true });
  const events = [{ user: prompt }, ...SCENARIOS['clean-success']!.slice(1)];
  writeFileSync(path.join(chats, 'session-2026-12-04T09-00-1a2b3c4d.jsonl'), WRITERS['gemini-session']!.write(events));
  const found = await cliIn(
    { HOME: home, GEMINI_CLI_HOME: undefined },
    project.root,
    'verify',
    'latest',
    '1',
    '--find',
  );
  assert.is(found.code, 0, found.stderr);
  assert.match(
    found.stdout,
    /Transcript: proof\/execution-\S+\/step-1-builder\.transcript\.jsonl \(Gemini CLI saved session/,
  );
  assert.match(found.stdout, /Verdict: verified/);
});

test('each target ends the session prompt with its own way to keep the session', async () => {
  const agent = '---\nname: Builder\ndescription: Builds.\n---\nYou build.';
  const plan = { goal: 'Ship it', steps: [{ stepNumber: 1, agentName: 'Builder', task: 'Build it' }] };
  const expected: Record<string, RegExp> = {
    gemini: /> nothing needs saving: Gemini CLI keeps the session in `~\/\.gemini\/tmp\/<project>\/chats\/`/,
    opencode:
      /> type `\/export` in opencode and save the markdown it opens as `proof\/\S+\/step-1-builder\.transcript\.md`\./,
    claude: /> type `\/export proof\/\S+\/step-1-builder\.transcript\.md` in Claude Code/,
  };
  for (const [target, pattern] of Object.entries(expected)) {
    const project = makeProject({
      'agents/builder.md': agent,
      'plan.json': JSON.stringify(plan),
      '.conductorrc.json': JSON.stringify({ target }),
    });
    assert.is((await cli(project.root, 'execute', 'plan.json')).code, 0);
    const folder = readdirSync(project.path('proof')).find((name) => name.startsWith('execution-'))!;
    const file = readdirSync(project.path('proof', folder)).find((name) => name.endsWith('.prompt.md'))!;
    const prompt = project.read(`proof/${folder}/${file}`);
    assert.match(prompt, pattern, target);
    assert.match(prompt, /\(Claude Code, GitHub Copilot CLI, Gemini CLI and Codex CLI sessions are also found/);
  }
});

test.run();
