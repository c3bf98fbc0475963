// Writes schemas/*.schema.json, the published contract editors use through `$schema`, from the
// valibot schemas the loaders check with (each beside its owner: src/plan/schema.ts,
// src/agents/schema.ts, src/config/schema.ts, src/state/schema.ts). test/schemas.test.ts keeps the
// committed files equal to what this makes.
//   node --import tsx scripts/schemas.ts     (npm run schemas)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConversionConfig, toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { agentFrontMatterSchema, listSchema, textSchema } from '../src/agents/schema.js';
import { configSchema } from '../src/config/schema.js';
import { verifyJsonSchema } from '../src/evidence/json.js';
import { planSchema, planStepSchema } from '../src/plan/schema.js';
import {
  attemptSchema,
  headlessSchema,
  pullRequestSchema,
  sideSchema,
  stateSchema,
  stepResultSchema,
  verificationSchema,
} from '../src/state/schema.js';

const SCHEMAS: Record<string, { schema: v.GenericSchema; definitions?: Record<string, v.GenericSchema> }> = {
  plan: { schema: planSchema, definitions: { step: planStepSchema } },
  agent: { schema: agentFrontMatterSchema, definitions: { text: textSchema, list: listSchema } },
  config: { schema: configSchema },
  verify: { schema: verifyJsonSchema },
  state: {
    schema: stateSchema,
    definitions: {
      plan: planSchema,
      stepResult: stepResultSchema,
      side: sideSchema,
      attempt: attemptSchema,
      verification: verificationSchema,
      pullRequest: pullRequestSchema,
      headless: headlessSchema,
    },
  },
};

/**
 * Writes `{ $ref: "#/$defs/list", description }` where a definition was inlined with a
 * description of its own: the converter only refers to a definition used bare.
 */
function referTo(node: unknown, defs: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => referTo(item, defs));
  if (typeof node !== 'object' || node === null) return node;
  const { description, ...rest } = node as Record<string, unknown>;
  const text = JSON.stringify(rest);
  const name = Object.keys(defs).find((key) => JSON.stringify(defs[key]) === text);
  if (name) return { $ref: `#/$defs/${name}`, ...(description === undefined ? {} : { description }) };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, referTo(value, defs)]));
}

/** Each schema file's name and text. */
export function generateSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SCHEMAS).map(([name, { schema, definitions }]) => {
      const config: ConversionConfig = {
        target: 'draft-2020-12',
        typeMode: 'output',
        // Path checks (no NUL byte, names of 255 bytes at most) have no JSON Schema form.
        ignoreActions: ['check'],
        ...(definitions ? { definitions } : {}),
      };
      const { $schema, $defs = {}, ...rest } = toJsonSchema(schema, config);
      const body = { ...(referTo(rest, $defs) as object), ...(definitions ? { $defs } : {}) };
      const json = { $schema, $id: `urn:swarm-conductor:schemas:${name}`, ...body };
      return [`${name}.schema.json`, `${JSON.stringify(json, null, 2)}\n`];
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'schemas');
  for (const [file, text] of Object.entries(generateSchemas())) {
    writeFileSync(path.join(folder, file), text);
    console.log(`wrote schemas/${file}`);
  }
}
