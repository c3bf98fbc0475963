import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateSchemas } from '../scripts/schemas.js';
import { REPO } from './helpers.js';

test('the committed JSON Schemas are the ones the validation schemas make (npm run schemas rewrites them)', () => {
  const generated = generateSchemas();
  assert.equal(Object.keys(generated).sort(), [
    'agent.schema.json',
    'config.schema.json',
    'plan.schema.json',
    'state.schema.json',
    'verify.schema.json',
  ]);
  for (const [file, text] of Object.entries(generated)) {
    assert.fixture(readFileSync(path.join(REPO, 'schemas', file), 'utf8'), text, file);
  }
});

test('the plan schema keeps what editors need: required keys, the step definition, descriptions', () => {
  const plan = JSON.parse(generateSchemas()['plan.schema.json']!) as {
    $id: string;
    required: string[];
    properties: { steps: { items: { $ref: string } } };
    $defs: { step: { required: string[]; properties: Record<string, { description?: string }> } };
  };
  assert.is(plan.$id, 'urn:swarm-conductor:schemas:plan');
  assert.equal(plan.required, ['goal', 'steps']);
  assert.is(plan.properties.steps.items.$ref, '#/$defs/step');
  assert.equal(plan.$defs.step.required, ['stepNumber', 'agentName', 'task']);
  assert.match(plan.$defs.step.properties.dependencies!.description!, /completed/);
});

test('the config schema lists every setting with its allowed values', () => {
  const config = JSON.parse(generateSchemas()['config.schema.json']!) as {
    properties: Record<string, { enum?: string[] }>;
  };
  assert.ok(config.properties.contextBudget);
  assert.equal(config.properties.target!.enum, [
    'copilot',
    'claude',
    'codex',
    'copilot-delegate',
    'gemini',
    'opencode',
    'generic',
  ]);
});

test.run();
