import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findAgent, findDuplicates, listAgentFiles, loadAgentFile, loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { BUILTIN_AGENTS_DIR } from '../src/util/package.js';
import { cleanup, makeProject, REAL_AGENTS, REPO, thrown, pattern } from './helpers.js';

test.after.each(cleanup);

const load = (content: string, name = 'agent.md') => {
  const project = makeProject({ agents: { [name]: content } });
  return loadAgentFile(project.path('agents', name), `agents/${name}`);
};

test('the six built-in profiles load with description, scope, boundaries, done, refusal rules, keywords', () => {
  const set = loadAgents(resolveConfig({}, makeProject().root));
  assert.is(set.source, 'builtin');
  assert.equal(set.agents.map((agent) => agent.name).sort(), [
    'BackendMaster',
    'DevOpsPro',
    'FrontendExpert',
    'IntegratorFinalizer',
    'SecurityAuditor',
    'TesterElite',
  ]);
  for (const result of set.files) assert.equal([result.errors, result.warnings], [[], []], path.basename(result.file));
  for (const agent of set.agents) {
    assert.ok(agent.description.length > 20, `${agent.name} description`);
    for (const field of ['scope', 'boundaries', 'doneDefinition', 'outputs', 'refusalRules', 'keywords'] as const) {
      assert.ok(agent[field].length >= 1, `${agent.name}.${field}`);
    }
    assert.ok(agent.body.length > 200, `${agent.name} body`);
  }
});

test('every real-world agent file in the fixtures loads as a profile', () => {
  const files = listAgentFiles(REAL_AGENTS);
  assert.ok(files.length >= 17, 'fixture files found');
  for (const file of files) {
    const result = loadAgentFile(file);
    assert.equal(result.errors, [], path.basename(file));
    assert.ok(result.agent, path.basename(file));
  }
});

test('Claude Code files keep tools, model and color in meta and get empty lists for our fields', () => {
  const result = loadAgentFile(path.join(REAL_AGENTS, 'contains-studio__agents__engineering__backend-architect.md'));
  const agent = result.agent!;
  assert.is(agent.name, 'backend-architect');
  assert.is(agent.meta.tools, 'Write, Read, MultiEdit, Bash, Grep');
  assert.is(agent.meta.color, 'purple');
  assert.equal([agent.scope, agent.boundaries, agent.refusalRules], [[], [], []]);
  assert.ok(agent.body.startsWith('You are a master backend architect'));
});

test('Copilot agent files keep tools and mcp-servers in meta; a missing name comes from the file name', () => {
  const apify = loadAgentFile(
    path.join(REAL_AGENTS, 'github__awesome-copilot__agents__apify-integration-expert.agent.md'),
  ).agent!;
  assert.is((apify.meta['mcp-servers'] as { apify: { url: string } }).apify.url, 'https://mcp.apify.com');
  const beast = loadAgentFile(path.join(REAL_AGENTS, 'github__awesome-copilot__chatmodes__4.1-Beast.chatmode.md'))
    .agent!;
  assert.is(beast.name, 'github__awesome-copilot__chatmodes__4.1-Beast');
  assert.is(beast.meta.model, 'GPT-4.1');
  assert.is(beast.description, 'GPT 4.1 as a top-notch coding agent.');
});

test('an unquoted description containing ": " loads, with a warning at its file:line', () => {
  const result = loadAgentFile(
    path.join(
      REAL_AGENTS,
      'VoltAgent__awesome-claude-code-subagents__categories__04-quality-security__gdpr-ccpa-compliance.md',
    ),
  );
  assert.ok(result.agent!.description.startsWith('Use when the user needs to understand GDPR'));
  assert.ok(result.agent!.description.includes("Triggers on: 'GDPR', 'CCPA'"));
  assert.is(result.warnings.length, 1);
  assert.is(result.warnings[0]!.line, 3);
  assert.match(result.warnings[0]!.message, /description: unquoted value contains ": "/);
});

test('a multi-line unquoted value with ": " is read whole', () => {
  const result = load('---\nname: x\ndescription: Use it when: things\n  go on here\nmodel: y\n---\nbody\n');
  assert.is(result.agent!.description, 'Use it when: things go on here');
  assert.is(result.agent!.meta.model, 'y');
});

test('a description with examples at column 0 loads as Claude Code reads it, with a warning naming the line', () => {
  const file = path.join(REPO, 'test/fixtures/lenient-agents/column-zero-examples.md');
  const result = loadAgentFile(file, 'agents/release-checker.md');
  assert.equal(result.errors, []);
  const agent = result.agent!;
  assert.match(
    agent.description,
    pattern(
      /^Use this agent when a release branch is ready[^\n]* Examples:\n\n<example>\nContext: The team wants to /,
      /cut version 2\.4 today\.\nuser: "Can we ship the release branch\?"\n/,
    ),
  );
  assert.match(agent.description, /<\/example>$/);
  assert.equal(agent.meta, { model: 'inherit', color: 'green', tools: ['Read', 'Grep', 'Glob', 'Bash'] });
  assert.match(agent.body, /^You are a release checker/);
  const continued = result.warnings.find((warning) => /goes on at column 0/.test(warning.message))!;
  assert.is(continued.line, 5);
  assert.match(
    continued.message,
    /description: goes on at column 0 \("<example>", to line 18\); read as part of it, as Claude Code does/,
  );
  const plain = loadAgentFile(path.join(REPO, 'test/fixtures/lenient-agents/examples-without-marker.md')).agent!;
  assert.match(
    plain.description,
    pattern(
      /^Use this agent to write and check database migrations for PostgreSQL\.\n<example>\nuser: "Add a nullabl/,
      /e column to orders"/,
    ),
  );
  assert.is(plain.meta.tools, 'Read, Edit, Bash');
});

test('lines of ordinary keys after a value are not folded into it', () => {
  const result = load('---\nname: x\ndescription: Use it when: things break\nversion: 2\nowner: me\n---\nbody\n');
  assert.is(result.agent!.description, 'Use it when: things break');
  assert.equal(result.agent!.meta, { version: 2, owner: 'me' });
});

test('a list item with an unquoted ": " is read as text with a warning', () => {
  const result = load('---\nname: x\nscope:\n  - Docs: README and changelog\n  - plain\n---\n');
  assert.equal(result.agent!.scope, ['Docs: README and changelog', 'plain']);
  assert.is(result.warnings[0]!.line, 3);
});

test('front matter that is not YAML at all is an error at its file:line', () => {
  const result = load('---\nname: x\ntools: [a, b\nmodel: y\n---\nbody\n');
  assert.is(result.agent, undefined);
  assert.is(result.errors.length, 1);
  assert.ok(result.errors[0]!.line! >= 3, `line ${result.errors[0]!.line}`);
  assert.match(result.errors[0]!.message, /not valid YAML/);
});

test('---js front matter is refused and never evaluated', () => {
  const marker = '__swarmConductorEvaluated';
  const result = load(`---js\n{ name: (globalThis.${marker} = 'yes') }\n---\nbody\n`);
  assert.is((globalThis as Record<string, unknown>)[marker], undefined);
  assert.is(result.agent, undefined);
  assert.match(result.errors[0]!.message, /code in a data file is never run/);
  assert.is(result.errors[0]!.line, 1);
});

test('snake_case aliases fill the camelCase fields', () => {
  const agent = load(
    '---\nname: Seed\npurpose: does things\ndone_definition: [a]\nrefusal_rules: [b]\n' +
      'output_contract:\n  transcript: proof/step-{N}.md\n  artifacts: [c]\n---\n',
  ).agent!;
  assert.equal(
    [agent.description, agent.doneDefinition, agent.refusalRules, agent.outputs],
    ['does things', ['a'], ['b'], ['c']],
  );
});

test('both spellings of one field is an error naming both', () => {
  const result = load('---\nname: x\ndoneDefinition: [a]\ndone_definition: [b]\n---\n');
  assert.is(result.agent, undefined);
  assert.match(result.errors[0]!.message, /both "doneDefinition" and "done_definition"/);
  assert.is(result.errors[0]!.line, 4);
});

test('a wrongly typed field is an error naming the key and its line', () => {
  const result = load('---\nname: x\ndescription: fine\nboundaries:\n  nested: map\n---\n');
  assert.is(result.agent, undefined);
  assert.is(result.errors[0]!.line, 4);
  assert.match(result.errors[0]!.message, /^boundaries: must be a list of text items/);
});

test('keywords may be a comma-separated string; other list fields given as text warn', () => {
  const result = load('---\nname: x\nkeywords: api, rest ,db\nscope: one thing\n---\n');
  assert.equal(result.agent!.keywords, ['api', 'rest', 'db']);
  assert.equal(result.agent!.scope, ['one thing']);
  assert.match(result.warnings[0]!.message, /scope: expected a list/);
});

test('a file without front matter is a profile named after the file, with a warning', () => {
  const result = loadAgentFile(path.join(REAL_AGENTS, 'bmad-code-org__BMAD-METHOD__bmad-core__agents__analyst.md'));
  assert.is(result.agent!.name, 'bmad-code-org__BMAD-METHOD__bmad-core__agents__analyst');
  assert.match(result.warnings[0]!.message, /no front matter/);
});

test('lookup is case-insensitive and accepts the slug; the slug is derived from the name', () => {
  const set = loadAgents(resolveConfig({}, makeProject().root));
  assert.is(findAgent(set, 'backendmaster').name, 'BackendMaster');
  assert.is(findAgent(set, 'BACKENDMASTER').slug, 'backendmaster');
  const dotnet = loadAgentFile(
    path.join(REAL_AGENTS, 'github__awesome-copilot__agents__dotnet-self-learning-architect.agent.md'),
  ).agent!;
  assert.is(dotnet.slug, 'net-self-learning-architect');
});

test('an unknown agent name lists the known ones and suggests the closest', () => {
  const set = loadAgents(resolveConfig({}, makeProject().root));
  const error = thrown(() => findAgent(set, 'BackendMastr'));
  assert.is(error.code, 'NOT_FOUND');
  assert.match(error.message, /did you mean "BackendMaster"/);
  assert.match(error.message, /known: BackendMaster, DevOpsPro/);
});

test('two files with the same name: resolving it fails naming both files', () => {
  const project = makeProject({
    agents: { 'a.md': '---\nname: Twin\n---\n', 'b.md': '---\nname: twin\n---\n', 'c.md': '---\nname: Other\n---\n' },
  });
  const set = loadAgents(resolveConfig({}, project.root));
  assert.is(set.source, 'project');
  assert.is(findDuplicates(set.agents).length, 1);
  const error = thrown(() => findAgent(set, 'Twin'));
  assert.is(error.code, 'AMBIGUOUS');
  assert.match(error.message, /agents\/a\.md, agents\/b\.md/);
  assert.is(findAgent(set, 'other').name, 'Other');
});

test('a project agents folder replaces the built-ins; a configured folder that is missing is an error', () => {
  const project = makeProject({ agents: { 'solo.md': '---\nname: Solo\n---\n' } });
  assert.equal(
    loadAgents(resolveConfig({}, project.root)).agents.map((agent) => agent.name),
    ['Solo'],
  );
  const error = thrown(() => loadAgents(resolveConfig({ agentsDir: 'nope' }, project.root)));
  assert.is(error.code, 'NOT_FOUND');
  assert.is(error.where, 'agentsDir');
});

test('a broken file named like the agent explains why it cannot be used', () => {
  const project = makeProject({ agents: { 'Broken.md': '---\nname: [oops\n---\n' } });
  const set = loadAgents(resolveConfig({}, project.root));
  const error = thrown(() => findAgent(set, 'Broken'));
  assert.is(error.code, 'INVALID_FILE');
  assert.match(error.where!, /^agents\/Broken\.md:\d+$/);
});

test('README.md in an agents folder is not a profile', () => {
  const project = makeProject({ agents: { 'README.md': '# about', 'x.md': '---\nname: X\n---\n' } });
  assert.equal(
    listAgentFiles(project.path('agents')).map((file) => path.basename(file)),
    ['x.md'],
  );
  assert.ok(listAgentFiles(BUILTIN_AGENTS_DIR).length === 6);
});

test.run();
