/**
 * valibot's issues as the conductor reports problems: `steps[0].stepNumber: must be a whole
 * number from 1`. A missing key says "is required"; a list whose items fail says so once, at
 * the list, when its items carry the list's own message (`listMessage`).
 */
import * as v from 'valibot';

export interface Problem {
  /** `steps[2].task`, or '' for the whole value. */
  path: string;
  message: string;
}

const LIST = '\u0001';

/** A message for the items of a list that is reported at the list, not at the item. */
export function listMessage(message: string): string {
  return `${LIST}${message}`;
}

function pathOf(keys: readonly (string | number)[]): string {
  return keys.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}

export function problemsOf(issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const keys = (issue.path ?? []).map((item) => item.key as string | number);
    let message = issue.message;
    if (
      (issue.type === 'object' || issue.type === 'loose_object' || issue.type === 'strict_object') &&
      issue.received === 'undefined' &&
      keys.length > 0
    ) {
      message = 'is required';
    }
    if (message.startsWith(LIST)) {
      message = message.slice(LIST.length);
      while (typeof keys[keys.length - 1] === 'number') keys.pop();
    }
    const path = pathOf(keys);
    if (!problems.some((problem) => problem.path === path && problem.message === message))
      problems.push({ path, message });
  }
  return problems;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An object with these keys (others allowed). valibot's own object schemas take a list as an
 * object; this one does not. The first schema of the pipe is left out of the JSON Schema
 * (`typeMode: 'output'`).
 */
export function objectOf<const Entries extends v.ObjectEntries>(entries: Entries, message: string) {
  return v.pipe(v.custom<Record<string, unknown>>(isRecord, message), v.looseObject(entries, message));
}

/**
 * Closes an object in the JSON Schema only (`additionalProperties: false`), so an editor flags a
 * key the CLI will not read. For the objects whose unknown keys the CLI refuses or warns about:
 * the plan and its steps (a look-alike key such as `dependsOn` is refused, with the key it
 * meant, by plan/schema.ts; any other is not read) and the config (config/validate.ts warns and
 * ignores it). valibot's own check stays loose, so the CLI's messages, with their did-you-mean,
 * are the ones a person sees. Agent front matter stays open: its other keys are the profile's meta.
 */
export function unknownKeysFlagged<Input>() {
  return v.metadata<Input, { additionalProperties: false }>({ additionalProperties: false });
}

/** A mapping of text keys to values of one schema, which is not a list. */
export function recordOf<const Value extends v.GenericSchema>(value: Value, message: string) {
  return v.pipe(v.custom<Record<string, unknown>>(isRecord, message), v.record(v.string(), value, message));
}

/** Every problem of a value against a schema; an empty list means it fits. */
export function check(schema: v.GenericSchema, value: unknown): Problem[] {
  const result = v.safeParse(schema, value, { abortPipeEarly: true });
  return result.success ? [] : problemsOf(result.issues);
}
