/**
 * Front matter keys: ours, and every agent CLI's (each kept in its file in `targets/`), so a
 * front matter line that starts with one is read as a key.
 */
import { TARGET_LIST } from '../targets/index.js';

/** Our fields, with the snake_case spellings accepted for them. */
export const PROFILE_KEYS: readonly string[] = [
  'name',
  'description',
  'purpose',
  'scope',
  'boundaries',
  'doneDefinition',
  'done_definition',
  'outputs',
  'output_contract',
  'refusalRules',
  'refusal_rules',
  'keywords',
];

/** Every key a front matter line can start with that is known to stand for itself. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set([
  ...PROFILE_KEYS,
  ...TARGET_LIST.flatMap((target) => target.agentFiles?.keys ?? []),
  'version',
  'author',
  'license',
  'tags',
  'category',
]);
