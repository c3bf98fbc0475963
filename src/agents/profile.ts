import path from 'node:path';
import type { AgentProfile } from '../types.js';
import { slugify } from '../util/text.js';
import type { Diagnostic, FrontMatterFile } from './parse.js';

/** Our list fields, and the spellings accepted for each (the first is the canonical one). */
const LIST_FIELDS = {
  scope: ['scope'],
  boundaries: ['boundaries'],
  doneDefinition: ['doneDefinition', 'done_definition'],
  outputs: ['outputs', 'output_contract'],
  refusalRules: ['refusalRules', 'refusal_rules'],
  keywords: ['keywords'],
} as const;

type ListField = keyof typeof LIST_FIELDS;

const TEXT_FIELDS = { name: ['name'], description: ['description', 'purpose'] } as const;

/** Every front matter key the profile reads itself; the rest goes to `meta`. */
export const PROFILE_KEYS: ReadonlySet<string> = new Set(
  [...Object.values(LIST_FIELDS), ...Object.values(TEXT_FIELDS)].flat(),
);

export interface ProfileResult {
  agent: AgentProfile | undefined;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** `agents/backend.agent.md` → `backend`: the name a file gives a profile that has none. */
export function nameFromFile(file: string): string {
  return path.basename(file).replace(/(\.agent|\.chatmode)?\.md$/i, '');
}

/**
 * Turns parsed front matter into a profile: aliases folded in, types checked (errors and
 * warnings carry the key's line), every key we do not own kept in `meta`.
 */
export function toProfile(parsed: FrontMatterFile, file: string): ProfileResult {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [...parsed.warnings];
  const { data, keyLines } = parsed;
  const at = (key: string): number | undefined => keyLines[key] ?? (parsed.hasFrontMatter ? 2 : undefined);
  const problem = (list: Diagnostic[], key: string, message: string) =>
    list.push({ ...(at(key) === undefined ? {} : { line: at(key)! }), message: `${key}: ${message}` });

  /** The value under the first spelling present; a second spelling is an error. */
  const pick = (spellings: readonly string[]): [string, unknown] | undefined => {
    const present = spellings.filter((key) => data[key] !== undefined);
    if (present.length > 1) problem(errors, present[1]!, `both "${present[0]}" and "${present[1]}" are set; keep one`);
    return present.length > 0 ? [present[0]!, data[present[0]!]] : undefined;
  };

  const text = (spellings: readonly string[]): string | undefined => {
    const entry = pick(spellings);
    if (!entry) return undefined;
    const [key, value] = entry;
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    problem(errors, key, `must be text, not ${describe(value)}`);
    return undefined;
  };

  const list = (field: ListField): string[] => {
    const entry = pick(LIST_FIELDS[field]);
    if (!entry) return [];
    const [key, value] = entry;
    if (key === 'output_contract' && isObject(value)) return listFromContract(value, key);
    if (typeof value === 'string') {
      if (field === 'keywords') return value.split(',').map((word) => word.trim()).filter(Boolean);
      problem(warnings, key, 'expected a list; read as a one-item list');
      return value.trim() ? [value.trim()] : [];
    }
    if (Array.isArray(value)) {
      const items = value.map((item, index) => listItem(item, `${key}[${index}]`));
      if (items.every((item) => item !== undefined)) return items.filter(Boolean);
    }
    problem(errors, key, `must be a list of text items, not ${describe(value)}`);
    return [];
  };

  /**
   * A list item. `- Docs: README and changelog` is a one-key mapping to YAML, but the writer
   * meant text: it is read back as text, with a warning.
   */
  const listItem = (item: unknown, at: string): string | undefined => {
    if (typeof item === 'string' || typeof item === 'number') return String(item).trim();
    if (isObject(item) && Object.keys(item).length === 1) {
      const [itemKey, itemValue] = Object.entries(item)[0]!;
      if (typeof itemValue === 'string' || typeof itemValue === 'number') {
        const text = `${itemKey}: ${itemValue}`;
        problem(warnings, at.replace(/\[.*$/, ''), `item ${JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text)} has an unquoted ": " and was read as text; put it in quotes to silence this`);
        return text;
      }
    }
    return undefined;
  };

  /** The original conductor's `output_contract: { transcript, artifacts: [...] }`. */
  const listFromContract = (value: Record<string, unknown>, key: string): string[] => {
    const artifacts = value.artifacts;
    if (Array.isArray(artifacts) && artifacts.every((item) => typeof item === 'string')) return artifacts;
    problem(errors, key, 'must be a list, or an object with an "artifacts" list');
    return [];
  };

  const name = text(TEXT_FIELDS.name) || nameFromFile(file);
  const profile: AgentProfile = {
    name,
    slug: slugify(name),
    description: text(TEXT_FIELDS.description) ?? '',
    scope: list('scope'),
    boundaries: list('boundaries'),
    doneDefinition: list('doneDefinition'),
    outputs: list('outputs'),
    refusalRules: list('refusalRules'),
    keywords: list('keywords'),
    meta: Object.fromEntries(Object.entries(data).filter(([key]) => !PROFILE_KEYS.has(key))),
    body: parsed.body.trim(),
    file,
  };
  if (!parsed.hasFrontMatter) {
    warnings.push({ line: 1, message: `no front matter: read as a profile named "${name}" with only a body` });
  }
  return { agent: errors.length === 0 ? profile : undefined, errors, warnings };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list containing non-text items';
  if (isObject(value)) return 'a nested mapping';
  return `a ${typeof value}`;
}
