/**
 * How every nunjucks Environment is made, and which template files a folder holds. Loaded by
 * `status` and `list` (through the config cache), so it must not load nunjucks itself.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../errors.js';

/** The options every environment is made with; compiled code depends on them. */
export const RENDER_OPTIONS = {
  autoescape: false,
  throwOnUndefined: true,
  trimBlocks: true,
  lstripBlocks: true,
} as const;

/** Template files (`*.njk`) below a folder, as names relative to it. */
export function templateNames(dir: string): string[] {
  const names: string[] = [];
  const walk = (current: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.njk')) names.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return names.sort();
}
