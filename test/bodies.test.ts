/**
 * Bodies that fit a conductor session: instructions that would take it over (activation rituals,
 * greet-and-halt, protocols with other agents) are reported by `agents validate`, and the
 * sections `agentBodyExclude` names are left out of session prompts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { excludeRules, excludeSections } from '../src/agents/exclude.js';
import { listAgentFiles, loadAgentFile } from '../src/agents/load.js';
import { findTakeovers } from '../src/agents/takeover.js';
import { cleanup, cli, makeProject, pattern, planOf, REAL_AGENTS, refused } from './helpers.js';

test.after.each(cleanup);

const BMAD = 'bmad-code-org__BMAD-METHOD__bmad-core__agents__analyst.md';
const API_DESIGNER = 'VoltAgent__awesome-claude-code-subagents__categories__01-core-development__api-designer.md';
const real = (name: string) => readFileSync(path.join(REAL_AGENTS, name), 'utf8');
const bodyOf = (name: string) => loadAgentFile(path.join(REAL_AGENTS, name)).agent!.body;

/** A profile of our own with each kind of instruction, and look-alikes that are not one. */
const TAKEOVER_PROFILE = `---
name: Greeter
description: Greets people.
---
You are Greeter.

When activated, introduce yourself and list your commands.

## Working rules
- Without waiting for the user to ask, run the tests after each change.
- Low activation of new users is a product metric, not an instruction.
- Always await promises.

\`\`\`js
await client.call();
\`\`\`

## Start of session
- Greet the user by name.
- Wait for user instructions before doing anything.

## Coordination Protocol
Send this to the planner agent:
\`\`\`json
{
  "requesting_agent": "greeter",
  "request_type": "get_context"
}
\`\`\`

## Testing protocol
Run the unit tests, then the browser tests.
`;

test('the BMAD activation steps are found: the ritual and "greet user … then HALT"', () => {
  const findings = findTakeovers(bodyOf(BMAD));
  const halt = findings.find((finding) => finding.text.includes('ONLY greet user'));
  assert.ok(halt, 'the greet-and-halt line is found');
  assert.is(halt.kind, 'wait-for-user');
  assert.is(halt.section, 'COMPLETE AGENT DEFINITION FOLLOWS - NO EXTERNAL FILES NEEDED');
  assert.ok(findings.some((finding) => finding.kind === 'activation' && finding.text === 'activation-instructions:'));
  // Above every section but the title: no section to leave out, only the line to edit.
  const notice = findings.find((finding) => finding.text.startsWith('ACTIVATION-NOTICE'));
  assert.equal([notice?.kind, notice?.section], ['activation', undefined]);
});

test('the VoltAgent context-manager protocol is found, with its section to leave out', () => {
  const findings = findTakeovers(bodyOf(API_DESIGNER));
  assert.ok(findings.every((finding) => finding.kind === 'agent-protocol'));
  assert.equal(
    findings.map((finding) => [finding.text, finding.section]),
    [
      ['1. Query context manager for existing API patterns and conventions', undefined],
      ['## Communication Protocol', 'Communication Protocol'],
      ['"requesting_agent": "api-designer",', 'Communication Protocol'],
      ['"request_type": "get_api_context",', 'Communication Protocol'],
      // A status block inside a section of real content: the block is to go, not its section.
      ['"agent": "api-designer",', undefined],
    ],
  );
});

test('each kind is found in a profile of our own, and the look-alikes are not', () => {
  const findings = findTakeovers(TAKEOVER_PROFILE.slice(TAKEOVER_PROFILE.indexOf('You are')));
  assert.equal(
    findings.map((finding) => [finding.line, finding.kind, finding.section]),
    [
      [3, 'activation', undefined],
      [15, 'wait-for-user', 'Start of session'],
      [16, 'wait-for-user', 'Start of session'],
      [18, 'agent-protocol', 'Coordination Protocol'],
      [22, 'agent-protocol', 'Coordination Protocol'],
      [23, 'agent-protocol', 'Coordination Protocol'],
    ],
  );
});

test('of the public agent files, only those with such instructions have findings', () => {
  const found = listAgentFiles(REAL_AGENTS)
    .filter((file) => findTakeovers(loadAgentFile(file).agent!.body).length > 0)
    .map((file) => path.basename(file));
  assert.equal(found, [
    API_DESIGNER,
    'VoltAgent__awesome-claude-code-subagents__categories__01-core-development__backend-developer.md',
    BMAD,
    'github__awesome-copilot__agents__react19-commander.agent.md',
  ]);
});

test('agents validate warns at file:line about a body that would take over the session, and exits 0', async () => {
  const project = makeProject({ agents: { 'analyst.md': real(BMAD), 'greeter.md': TAKEOVER_PROFILE } });
  const result = await cli(project.root, 'agents', 'validate');
  assert.is(result.code, 0, result.stdout);
  const warnings = result.stdout.split('\n').filter((line) => line.includes('would take over the session'));
  assert.equal(
    warnings.map((line) => line.trim().replace(/ — a conductor session .*?;/, ' —')),
    [
      'warning: agents/analyst.md:5: would take over the session (an activation ritual): "ACTIVATION-NOTICE: This ' +
        'file contains your full agent operating guidelines. DO NOT load…" — remove or reword this line in the ' +
        'file (it is not under a heading agentBodyExclude could drop)',
      'warning: agents/analyst.md:7: would take over the session (an activation ritual): "CRITICAL: Read the full ' +
        'YAML BLOCK that FOLLOWS IN THIS FILE to understand your operating…" — remove or reword this line in the ' +
        'file (it is not under a heading agentBodyExclude could drop)',
      'warning: agents/analyst.md:19: would take over the session (an activation ritual; greet and wait for the ' +
        'user): "activation-instructions:" (also lines 23, 24, 31, 32) — leave the section out of prompts with ' +
        'agentBodyExclude: { "analyst": ["COMPLETE AGENT DEFINITION FOLLOWS - NO EXTERNAL FILES NEEDED"] } in the ' +
        'config, or remove it from the file',
      'warning: agents/greeter.md:7: would take over the session (an activation ritual): "When activated, introduce ' +
        'yourself and list your commands." — remove or reword this line in the file (it is not under ' +
        'a heading agentBodyExclude could drop)',
      'warning: agents/greeter.md:19: would take over the session (greet and wait for the user): "- Greet the user ' +
        'by name." (also line 20) — leave the section out of prompts with agentBodyExclude: { "Greeter": ' +
        '["Start of session"] } in the config, or remove it from the file',
      'warning: agents/greeter.md:22: would take over the session (a protocol with other agents): "## Coordination ' +
        'Protocol" (also lines 26, 27) — leave the section out of prompts with agentBodyExclude: { "Greeter": ' +
        '["Coordination Protocol"] } in the config, or remove it from the file',
    ],
  );
  assert.match(result.stdout, /2 files: 0 ok, 2 with warnings, 0 with errors/);
  const json = JSON.parse((await cli(project.root, 'agents', 'validate', 'agents/greeter.md', '--json')).stdout);
  assert.equal(
    json[0].warnings.map((warning: string) => warning.slice(0, warning.indexOf(':', 'agents/greeter.md:'.length))),
    ['agents/greeter.md:7', 'agents/greeter.md:19', 'agents/greeter.md:22'],
  );
});

const BODY = [
  'Intro line.',
  '## Keep',
  'kept',
  '## Drop me',
  'dropped',
  '```md',
  '## Not a heading: inside a code block',
  '```',
  '### Nested',
  'dropped too',
  '## Keep too',
  '# Top',
  '## drop ME',
  'dropped again',
].join('\n');

test('a dropped section runs from its heading to the next heading of its level or above, nested ones with it', () => {
  const { text, dropped } = excludeSections(BODY, excludeRules(['Drop me']));
  assert.is(text, 'Intro line.\n## Keep\nkept\n## Keep too\n# Top');
  assert.equal(
    dropped.map((part) => [part.heading, part.line, part.setting, part.entry]),
    [
      ['Drop me', 4, 'agentBodyExclude', 'Drop me'],
      ['drop ME', 13, 'agentBodyExclude', 'Drop me'],
    ],
  );
  // Headings in code blocks are text; a regex is tested on the heading's text.
  assert.is(excludeSections(BODY, excludeRules(['Not a heading: inside a code block'])).dropped.length, 0);
  assert.equal(
    excludeSections(BODY, excludeRules({ '*': ['/^keep/i'] })).dropped.map((part) => [part.heading, part.setting]),
    [
      ['Keep', 'agentBodyExclude["*"]'],
      ['Keep too', 'agentBodyExclude["*"]'],
    ],
  );
});

/** A project with VoltAgent's api-designer and BMAD's analyst, a plan with a step for each, and this config. */
async function executed(config: object | undefined) {
  const project = makeProject({
    agents: { 'api-designer.md': real(API_DESIGNER), 'analyst.md': real(BMAD) },
    'plan.json': JSON.stringify(
      planOf('Design the orders API', [
        ['api-designer', []],
        ['analyst', []],
      ]),
    ),
    ...(config ? { '.conductorrc.json': JSON.stringify(config) } : {}),
  });
  const execute = await cli(project.root, 'execute', 'plan.json');
  assert.is(execute.code, 0, execute.stderr);
  const prompt = async (step: number) => {
    const result = await cli(project.root, 'prompt', 'latest', String(step));
    assert.is(result.code, 0, result.stderr);
    return result.stdout;
  };
  return { project, prompt };
}

test('agentBodyExclude leaves sections out of session prompts, for every agent ("*") or for one', async () => {
  const before = await executed(undefined);
  assert.match(await before.prompt(1), /"requesting_agent": "api-designer"/);
  assert.match(await before.prompt(2), /activation-instructions:/);
  const { project, prompt } = await executed({
    agentBodyExclude: { '*': ['communication protocol'], analyst: ['/^complete agent definition/i'] },
  });
  const api = await prompt(1);
  assert.not.match(api, /Communication Protocol|requesting_agent|API Landscape Assessment/);
  assert.match(api, /\n## Design Workflow\n[\s\S]*\n### 1\. Domain Analysis\n/);
  const analyst = await prompt(2);
  assert.not.match(analyst, /activation-instructions:|COMPLETE AGENT DEFINITION|HALT to await/);
  // Not under a section the setting names: the line stays (agents validate says to edit it).
  assert.match(analyst, /ACTIVATION-NOTICE/);
  const explain = await cli(project.root, 'prompt', 'latest', '1', '--explain');
  assert.is(explain.code, 0, explain.stderr);
  assert.match(
    explain.stdout,
    /dropped: "Communication Protocol" \([\d,]+ characters; agentBodyExclude\["\*"\] "communication protocol"\)/,
  );
});

test('agents validate is quiet about a section agentBodyExclude leaves out, not about the rest', async () => {
  const project = makeProject({
    agents: { 'api-designer.md': real(API_DESIGNER) },
    '.conductorrc.json': JSON.stringify({ agentBodyExclude: ['Communication Protocol'] }),
  });
  const result = await cli(project.root, 'agents', 'validate');
  assert.is(result.code, 0, result.stdout);
  const warned = result.stdout.split('\n').filter((line) => line.includes('would take over'));
  assert.equal(
    warned.map((line) => /api-designer\.md:(\d+)/.exec(line)?.[1]),
    ['12', '159'],
  );
});

test('agentBodyExclude must be a list of headings or an object of lists; a bad regex is named', async () => {
  const cases: [unknown, RegExp][] = [
    [
      'Communication Protocol',
      pattern(
        /agentBodyExclude: must be a list of section headings \(text, or \/regex\/flags\), or an object of agent /,
        /names \("\*" for every agent\) to such lists/,
      ),
    ],
    [{ analyst: 'Boot Sequence' }, /agentBodyExclude: must be a list of section headings/],
    [[''], /agentBodyExclude: must be a list of section headings/],
    [
      { '*': ['/(/'] },
      pattern(
        /agentBodyExclude: "\/\(\/" is not a valid regular expression \(Unterminated group\); write it as /,
        /\/pattern\/flags, or without the slashes to match a heading as written/,
      ),
    ],
    [['/boot/q'], /agentBodyExclude: "\/boot\/q" is not a valid regular expression \(unknown flags "q"\)/],
  ];
  for (const [value, message] of cases) {
    const project = makeProject({
      agents: { 'api-designer.md': real(API_DESIGNER) },
      'plan.json': JSON.stringify(planOf('Design the orders API', [['api-designer', []]])),
      '.conductorrc.json': JSON.stringify({ agentBodyExclude: value }),
    });
    await refused(project, ['execute', 'plan.json'], message);
  }
});

test('validate notes agentBodyExclude entries that leave nothing out', async () => {
  const project = makeProject({
    agents: { 'api-designer.md': real(API_DESIGNER) },
    '.conductorrc.json': JSON.stringify({
      agentBodyExclude: { '*': ['Comunication Protocol', 'Design Workflow'], 'api-desinger': ['Boot Sequence'] },
    }),
  });
  const result = await cli(project.root, 'validate');
  assert.is(result.code, 0, result.stdout);
  const warnings = result.stdout.split('\n').filter((line) => line.startsWith('  warning: agentBodyExclude'));
  assert.equal(warnings, [
    '  warning: agentBodyExclude["*"]: "Comunication Protocol" matches no heading of the agents\' bodies',
    '  warning: agentBodyExclude["api-desinger"]: no agent is named "api-desinger" (known: api-designer)',
  ]);
});

test.run();
