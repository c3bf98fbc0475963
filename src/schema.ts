/**
 * The JSON Schemas in schemas/ are the one description of what a plan and an agent's front
 * matter may hold: editors use them through `$schema`, and the loaders check data against them
 * here. This applies the subset of JSON Schema those files use (type, required, properties,
 * additionalProperties, items, min/maxItems, min/maxProperties, minimum, maxLength, pattern, enum, anyOf,
 * local $ref) and reads an `errorMessage` keyword for a human message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMAS_DIR } from './util/package.js';

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
  errorMessage?: string;
}

export interface SchemaProblem {
  /** `steps[2].task`, or '' for the whole value. */
  path: string;
  message: string;
}

const cache = new Map<string, Schema>();

/** A schema shipped in schemas/ (read once per run). */
export function loadSchema(name: 'plan' | 'agent'): Schema {
  let schema = cache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, `${name}.schema.json`), 'utf8')) as Schema;
    cache.set(name, schema);
  }
  return schema;
}

export function schemaFile(name: 'plan' | 'agent'): string {
  return path.join(SCHEMAS_DIR, `${name}.schema.json`);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string | string[]): boolean {
  const actual = typeOf(value);
  return [type].flat().some((expected) => expected === actual || (expected === 'number' && actual === 'integer'));
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
};

/** Every problem of `value` against `schema`; an empty list means it fits. */
export function checkSchema(value: unknown, schema: Schema, root: Schema = schema, at = ''): SchemaProblem[] {
  if (schema.$ref) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? root.$defs?.[name] : undefined;
    if (!target) throw new Error(`schema reference ${schema.$ref} cannot be resolved`);
    const { $ref: _ref, ...rest } = schema;
    return [...checkSchema(value, target, root, at), ...checkSchema(value, rest, root, at)];
  }
  const fail = (fallback: string): SchemaProblem[] => [{ path: at, message: schema.errorMessage ?? fallback }];

  if (schema.anyOf && !schema.anyOf.some((option) => checkSchema(value, option, root, at).length === 0)) {
    return fail('does not match any allowed form');
  }
  if (schema.type && !matchesType(value, schema.type)) {
    return fail(
      `must be ${[schema.type]
        .flat()
        .map((type) => TYPE_WORDS[type] ?? type)
        .join(' or ')}`,
    );
  }
  if (schema.enum && !schema.enum.includes(value)) return fail(`must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength) {
    return [
      {
        path: at,
        message: `is ${value.length.toLocaleString('en')} characters; at most ${schema.maxLength.toLocaleString('en')} are allowed`,
      },
    ];
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value))
    return fail(`must match ${schema.pattern}`);
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum)
    return fail(`must be at least ${schema.minimum}`);

  const problems: SchemaProblem[] = [];
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return fail(`must have at least ${schema.minItems} items`);
    if (schema.items)
      value.forEach((item, index) => problems.push(...checkSchema(item, schema.items!, root, `${at}[${index}]`)));
    // A list whose items fail reports once, at the list, when the list has its own message.
    if (problems.length > 0 && schema.errorMessage && !schema.items?.$ref) return fail('');
    return problems;
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties)
      return fail(`must have at least ${schema.minProperties} keys`);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties)
      return fail(`must have at most ${schema.maxProperties} keys`);
    for (const key of schema.required ?? []) {
      if (object[key] === undefined) problems.push({ path: join(at, key), message: 'is required' });
    }
    for (const key of keys) {
      const property = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (property) problems.push(...checkSchema(object[key], property, root, join(at, key)));
      else if (schema.additionalProperties === false)
        problems.push({ path: join(at, key), message: 'is not a known key' });
      else if (typeof schema.additionalProperties === 'object')
        problems.push(...checkSchema(object[key], schema.additionalProperties, root, join(at, key)));
    }
  }
  return problems;
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}
