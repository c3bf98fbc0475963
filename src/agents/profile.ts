import path from 'node:path';
import type { AgentProfile } from '../types.js';
import { quote, slugify } from '../util/text.js';
import { agentFrontMatterSchema } from './schema.js';
import { check } from '../util/schema-issues.js';
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
const PROFILE_KEYS: ReadonlySet<string> = new Set(
  [...Object.values(LIST_FIELDS), ...Object.values(TEXT_FIELDS)].flat(),
);

export interface ProfileResult {
  agent: AgentProfile | undefined;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** `agents/backend.agent.md` → `backend`: the name a file gives a profile that has none. */
export function nameFromFile(file: string): string {
  return path.basename(file).replace(/(\.agent|\.chatmode)?\.md$|\.toml$/i, '');
}

/**
 * Turns parsed front matter into a profile: types checked against `agentFrontMatterSchema`
 * (errors carry the key's line), aliases folded in, lenient forms read with a warning, every
 * key we do not own kept in `meta`.
 */
export function toProfile(parsed: FrontMatterFile, file: string): ProfileResult {
  const { data, keyLines } = parsed;
  const warnings: Diagnostic[] = [...parsed.warnings];
  const lineOf = (key: string): number | undefined => keyLines[key] ?? (parsed.hasFrontMatter ? 2 : undefined);
  const at = (list: Diagnostic[], key: string, message: string) => {
    const line = lineOf(key);
    list.push({ ...(line === undefined ? {} : { line }), message: `${key}: ${message}` });
  };

  const errors: Diagnostic[] = [];
  for (const problem of check(agentFrontMatterSchema, data)) {
    const key = problem.path.replace(/[.[].*$/, '');
    if (key) at(errors, key, problem.message);
    else errors.push({ line: 1, message: `front matter ${problem.message}` });
  }
  for (const spellings of [...Object.values(LIST_FIELDS), ...Object.values(TEXT_FIELDS)]) {
    const present = spellings.filter((key) => data[key] !== undefined);
    if (present.length > 1) at(errors, present[1]!, `both "${present[0]}" and "${present[1]}" are set; keep one`);
  }
  if (errors.length > 0) return { agent: undefined, errors, warnings };

  /** The value under whichever spelling is present. */
  const pick = (spellings: readonly string[]): [string, unknown] | undefined => {
    const key = spellings.find((candidate) => data[candidate] !== undefined);
    return key === undefined ? undefined : [key, data[key]];
  };

  const text = (spellings: readonly string[]): string | undefined => {
    const entry = pick(spellings);
    return entry === undefined ? undefined : String(entry[1]).trim();
  };

  /**
   * A list field. A single string is a one-item list (keywords: comma-separated), and an item
   * like `- Docs: README and changelog`, a one-key mapping to YAML, is read back as the text
   * its writer meant; both with a warning.
   */
  const list = (field: ListField): string[] => {
    const entry = pick(LIST_FIELDS[field]);
    if (!entry) return [];
    const [key, value] = entry;
    if (typeof value === 'string') {
      if (field === 'keywords')
        return value
          .split(',')
          .map((word) => word.trim())
          .filter(Boolean);
      at(warnings, key, 'expected a list; read as a one-item list');
      return value.trim() ? [value.trim()] : [];
    }
    if (!Array.isArray(value)) return [...(value as { artifacts: string[] }).artifacts]; // output_contract object
    return value
      .map((item: unknown) => {
        if (typeof item !== 'object' || item === null) return String(item).trim();
        const [itemKey, itemValue] = Object.entries(item)[0]!;
        const joined = `${itemKey}: ${String(itemValue)}`;
        at(
          warnings,
          key,
          `item ${quote(joined, 40)} has an unquoted ": " and was read as text; put it in quotes to silence this`,
        );
        return joined;
      })
      .filter(Boolean);
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
  return { agent: profile, errors, warnings };
}
