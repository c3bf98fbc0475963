import path from 'node:path';
import { isErrno } from '../errors.js';
import type { ExecutionPlan } from '../types.js';
import { createFileAtomic, ensureDir } from '../util/fs.js';
import { schemaReference } from '../util/package.js';
import { fileTimestamp, slugify } from '../util/text.js';

/** A goal's slug for a file name: at most 40 characters, cut at a word. */
function goalSlug(goal: string): string {
  const slug = slugify(goal);
  if (slug.length <= 40) return slug;
  const cut = slug.slice(0, 41);
  return cut.slice(0, Math.max(cut.lastIndexOf('-'), 20)).replace(/-+$/, '');
}

/** The plan as written: `$schema` first (when there is one to name, see schemaReference), then the plan. */
function withSchema(plan: ExecutionPlan, plansDir: string, root: string): ExecutionPlan {
  const { $schema: _old, ...rest } = plan;
  const $schema = schemaReference('plan.schema.json', plansDir, root);
  return $schema === undefined ? rest : { $schema, ...rest };
}

/**
 * Writes `plan-<ISO>-<slug>.json` (or `<prefix>-…` with another extension) into `dir`,
 * never replacing a file: a second one in the same millisecond gets `-2`.
 */
export function writeNewFile(
  dir: string,
  prefix: string,
  goal: string,
  date: Date,
  extension: string,
  content: string,
): string {
  ensureDir(dir);
  const base = `${prefix}-${fileTimestamp(date)}-${goalSlug(goal)}`;
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}${extension}`);
    try {
      createFileAtomic(file, content);
      return file;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
  }
}

export function writePlanFile(plansDir: string, root: string, plan: ExecutionPlan, date: Date): string {
  return writeNewFile(
    plansDir,
    'plan',
    plan.goal,
    date,
    '.json',
    `${JSON.stringify(withSchema(plan, plansDir, root), null, 2)}\n`,
  );
}
