import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportAgentsMd, formatProfile, importProfile } from '../src/agents/formats.js';
import { exportClaude } from '../src/targets/claude.js';
import { exportCopilot } from '../src/targets/copilot.js';
import { capabilitySet, claudeModelAlias, toolList } from '../src/agents/tools.js';
import { detectFormat, cliNotes } from '../src/agents/lint.js';
import { listAgentFiles, loadAgentFile, loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { check } from '../src/util/schema-issues.js';
import { agentFrontMatterSchema } from '../src/agents/schema.js';
import { planSchema } from '../src/plan/schema.js';
import type { AgentProfile } from '../src/types.js';
import { cleanup, makeProject, readJson, REAL_AGENTS, REPO, pattern } from './helpers.js';

test.after.each(cleanup);

const BUILTINS = loadAgents(resolveConfig({}, REPO)).agents;

/** Writes an exported file into a temp folder at its own path and loads it back as one of ours. */
function reload(file: { path: string; content: string }): AgentProfile {
  const project = makeProject({ [file.path]: file.content });
  const result = loadAgentFile(project.path(file.path));
  assert.equal(result.errors, [], file.path);
  return importProfile(result.agent!);
}

/** The capabilities a tool list grants, as Copilot aliases (what both formats can hold). */
const capabilities = (tools: unknown) => capabilitySet(toolList(tools) ?? []);

test('every real-world file exports to the other format and back, keeping what it may do', () => {
  let withTools = 0;
  for (const file of listAgentFiles(REAL_AGENTS)) {
    const original = importProfile(loadAgentFile(file).agent!);
    const isCopilot = detectFormat(file) === 'copilot';
    const [there, back] = isCopilot ? [exportClaude, exportCopilot] : [exportCopilot, exportClaude];
    const other = reload(there(original));
    const home = reload(back(other));
    const label = path.basename(file);
    assert.is(home.slug, original.slug, `${label}: name`);
    if (original.description) assert.is(home.description, original.description, `${label}: description`);
    assert.is(home.body, original.body, `${label}: body`);
    if (original.meta.tools === undefined) continue;
    withTools++;
    const wanted = capabilities(original.meta.tools);
    for (const [where, profile] of [
      ['exported', other],
      ['round trip', home],
    ] as const) {
      const granted = capabilities(profile.meta.tools);
      for (const capability of wanted)
        assert.ok(
          granted.includes(capability),
          `${label} ${where}: lost ${capability} (${JSON.stringify(profile.meta.tools)})`,
        );
      if (granted.includes('edit')) assert.ok(granted.includes('read'), `${label} ${where}: can edit but not read`);
    }
  }
  assert.ok(withTools >= 10, `${withTools} fixtures with tools`);
});

test('Copilot and VS Code tool names map to the Claude Code tools that do the same', () => {
  const agent: AgentProfile = {
    ...BUILTINS[0]!,
    meta: {
      tools: [
        'runCommands',
        'runTests',
        'codebase',
        'search',
        'fetch',
        'editFiles',
        'execute/runInTerminal',
        'read/problems',
      ],
    },
  };
  assert.match(exportClaude(agent).content, /\ntools: Bash, Read, Grep, Glob, WebFetch, Edit, Write, MultiEdit\n/);
  const editOnly: AgentProfile = { ...BUILTINS[0]!, meta: { tools: ['editFiles'] } };
  assert.match(
    exportClaude(editOnly).content,
    /\ntools: Read, Edit, Write, MultiEdit\n/,
    'an agent that can edit can read',
  );
  const writer: AgentProfile = { ...BUILTINS[0]!, meta: { tools: 'Write, Bash' } };
  assert.match(exportCopilot(writer).content, /\ntools: \[read, edit, execute\]\n/);
});

test('Claude model names map to Claude Code aliases; other models are left out with a note', () => {
  assert.equal(
    [
      'Claude Sonnet 4.6 (copilot)',
      'claude-3-5-sonnet-20241022',
      'claude-opus-4-1',
      'Claude Haiku 4.5',
      'haiku',
      'GPT-4.1',
      'gemini-2.5-pro',
    ].map(claudeModelAlias),
    ['sonnet', 'sonnet', 'opus', 'haiku', 'haiku', undefined, undefined],
  );
  assert.is(claudeModelAlias(['GPT-5.3-Codex', 'Claude Sonnet 4.6 (copilot)', 'Claude Opus 4.6 (copilot)']), 'sonnet');
  const listed = exportClaude({ ...BUILTINS[0]!, meta: { model: ['GPT-5.3-Codex', 'Claude Opus 4.6 (copilot)'] } });
  assert.match(listed.content, /\nmodel: opus\n/);
  assert.match(listed.notes.join('\n'), /became the Claude Code alias "opus"/);
  assert.match(
    exportClaude({ ...BUILTINS[0]!, meta: { model: 'claude-sonnet-4-5' } }).content,
    /\nmodel: claude-sonnet-4-5\n/,
    'a full Claude id is kept as it is',
  );
});

test('our profiles survive a trip through Claude Code and through Copilot, every field included', () => {
  for (const agent of BUILTINS) {
    for (const format of [exportClaude, exportCopilot]) {
      const back = reload(format(agent));
      for (const field of [
        'name',
        'description',
        'scope',
        'boundaries',
        'doneDefinition',
        'outputs',
        'refusalRules',
        'keywords',
        'body',
      ] as const) {
        assert.equal(back[field], agent[field], `${agent.name} via ${format.name}: ${field}`);
      }
      assert.equal(capabilities(back.meta.tools), capabilities(agent.meta.tools));
    }
  }
});

test('Claude export: lowercase-hyphen name, tool names mapped, Copilot-only model and keys left out with notes', () => {
  const agent: AgentProfile = {
    ...BUILTINS[0]!,
    name: 'C# Expert',
    slug: 'c-expert',
    meta: { tools: ['read', 'edit/editFiles', 'vscode/runCommand'], model: 'GPT-4.1', 'mcp-servers': {} },
  };
  const exported = exportClaude(agent);
  assert.is(exported.path, '.claude/agents/c-expert.md');
  assert.match(
    exported.content,
    /^---\nname: c-expert\ndescription: Server-side engineer[^\n]*\ntools: Read, Edit, Write, MultiEdit\n---\n/,
  );
  assert.match(exported.content, /<!-- swarm-conductor profile fields: C# Expert -->/);
  assert.equal(exported.notes, [
    'C# Expert: tools vscode/runCommand have no Claude Code equivalent and were left out',
    'C# Expert: model "GPT-4.1" is not a Claude model (Claude Code takes haiku, sonnet, opus, inherit or a ' +
      'claude-… id) and was left out',
    'C# Expert: mcp-servers left out (not a Claude Code front matter key)',
  ]);
});

test('Copilot export: display name kept, Claude tool names become aliases, a long body is flagged', () => {
  const agent: AgentProfile = {
    ...BUILTINS[0]!,
    meta: { tools: 'Read, Write, Bash, Grep, mcp__github__create_issue', model: 'sonnet', color: 'blue' },
    body: 'x'.repeat(31_000),
  };
  const exported = exportCopilot(agent);
  assert.is(exported.path, '.github/agents/backendmaster.agent.md');
  assert.match(
    exported.content,
    pattern(
      /^---\nname: BackendMaster\ndescription: [^\n]+\ntools: \[read, edit, execute, search, mcp__github__creat/,
      /e_issue\]\n---/,
    ),
  );
  assert.match(exported.notes.join('\n'), /model "sonnet" is a Claude Code alias/);
  assert.match(exported.notes.join('\n'), /color left out/);
  assert.match(exported.notes.join('\n'), /Copilot reads at most 30000/);
});

test('an export of a profile without a description uses the first sentence of its body, and says so', () => {
  const agent: AgentProfile = { ...BUILTINS[0]!, description: '', body: 'You review code. Carefully.' };
  const exported = exportClaude(agent);
  assert.match(exported.content, /\ndescription: You review code\.\n/);
  assert.match(exported.notes[0]!, /no description; the export uses "You review code\."/);
});

test('AGENTS.md lists every agent with its sections', () => {
  const { path: file, content } = exportAgentsMd(BUILTINS);
  assert.is(file, 'AGENTS.md');
  for (const agent of BUILTINS) assert.ok(content.includes(`\n## ${agent.name}\n`), agent.name);
  assert.match(content, /\*\*Refusal rules:\*\*\n- Stop and ask/);
});

test('formatProfile writes a file that loads back to the same profile', () => {
  for (const agent of BUILTINS) {
    const project = makeProject();
    const file = project.path('agents', `${agent.slug}.md`);
    project.write(`agents/${agent.slug}.md`, formatProfile(agent));
    const back = loadAgentFile(file).agent!;
    assert.equal({ ...back, file: '' }, { ...agent, file: '' }, agent.name);
  }
});

test('CLI notes: what Claude Code and Copilot would do with a file', () => {
  const project = makeProject({
    '.claude/agents/Bad Name.md': '---\nname: Bad Name\ntools: read, Bash\nmodel: GPT-4.1\n---\nbody',
    '.github/agents/x.agent.md':
      `---\nname: X\ntools: [codebase, read, github/*, ` + `frobnicate]\n---\n${'y'.repeat(30_001)}`,
  });
  const claude = cliNotes(loadAgentFile(project.path('.claude/agents/Bad Name.md')));
  assert.equal(claude, [
    'claude: no description — Claude Code requires one and does not load this agent without it',
    'claude: name "Bad Name" is not lowercase letters and hyphens, which Claude Code expects',
    'claude: "read" is not a Claude Code tool name',
    'claude: model "GPT-4.1" is not a Claude Code model (haiku, sonnet, opus, inherit or a claude-… id)',
  ]);
  const copilot = cliNotes(loadAgentFile(project.path('.github/agents/x.agent.md')));
  assert.equal(copilot, [
    'copilot: no description — Copilot requires one for a custom agent',
    'copilot: the body is 30001 characters; Copilot reads at most 30000 and cuts the rest',
    'copilot: "frobnicate" is not a Copilot tool name; Copilot ignores tool names it does not recognise',
  ]);
});

test('the plan and front matter schemas accept the example plan and every real-world front matter', () => {
  const plan = readJson(path.join(REPO, 'examples/user-auth.json'));
  assert.equal(check(planSchema, plan), []);
  for (const file of listAgentFiles(REAL_AGENTS)) {
    const result = loadAgentFile(file);
    assert.equal(result.errors, [], path.basename(file));
  }
  assert.equal(
    check(planSchema, { goal: 'g', steps: [{ stepNumber: 1.5, agentName: '', task: 't', dependencies: ['x'] }] }),
    [
      { path: 'steps[0].stepNumber', message: 'must be a whole number from 1' },
      { path: 'steps[0].agentName', message: 'must be a non-empty string' },
      { path: 'steps[0].dependencies', message: 'must be a list of step numbers' },
    ],
  );
  assert.equal(check(agentFrontMatterSchema, { scope: [{ a: 1, b: 2 }] }), [
    { path: 'scope', message: 'must be a list of text items' },
  ]);
});

test.run();
