/**
 * Bodies that fit a conductor session: instructions that would take it over (activation rituals,
 * greet-and-halt, protocols with other agents) are reported by `agents validate`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listAgentFiles, loadAgentFile } from '../src/agents/load.js';
import { findTakeovers } from '../src/agents/takeover.js';
import { cleanup, cli, makeProject, REAL_AGENTS } from './helpers.js';

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
        'file contains your full agent operating guidelines. DO NOT load…" — remove or reword this line in the file',
      'warning: agents/analyst.md:7: would take over the session (an activation ritual): "CRITICAL: Read the full ' +
        'YAML BLOCK that FOLLOWS IN THIS FILE to understand your operating…" — remove or reword this line in the file',
      'warning: agents/analyst.md:19: would take over the session (an activation ritual; greet and wait for the ' +
        'user): "activation-instructions:" (also lines 23, 24, 31, 32) — leave out the section "COMPLETE AGENT ' +
        'DEFINITION FOLLOWS - NO EXTERNAL FILES NEEDED" (remove it from the file)',
      'warning: agents/greeter.md:7: would take over the session (an activation ritual): "When activated, introduce ' +
        'yourself and list your commands." — remove or reword this line in the file',
      'warning: agents/greeter.md:19: would take over the session (greet and wait for the user): "- Greet the user ' +
        'by name." (also line 20) — leave out the section "Start of session" (remove it from the file)',
      'warning: agents/greeter.md:22: would take over the session (a protocol with other agents): "## Coordination ' +
        'Protocol" (also lines 26, 27) — leave out the section "Coordination Protocol" (remove it from the file)',
    ],
  );
  assert.match(result.stdout, /2 files: 0 ok, 2 with warnings, 0 with errors/);
  const json = JSON.parse((await cli(project.root, 'agents', 'validate', 'agents/greeter.md', '--json')).stdout);
  assert.equal(
    json[0].warnings.map((warning: string) => warning.slice(0, warning.indexOf(':', 'agents/greeter.md:'.length))),
    ['agents/greeter.md:7', 'agents/greeter.md:19', 'agents/greeter.md:22'],
  );
});

test.run();
