import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's own folder (the one holding templates/, agents/ and schemas/).
 * Found by walking up from this module, so it is the same from src/ under tsx and from dist/.
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('swarm-conductor: cannot find its own package folder');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
export const BUILTIN_AGENTS_DIR = path.join(PACKAGE_ROOT, 'agents');
export const BUILTIN_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
/** Data files that ship with the package (the plan lexicon). */
export const DATA_DIR = path.join(PACKAGE_ROOT, 'data');

/** How a file is named in messages: `builtin:…` for the shipped agents and templates, else relative to the project. */
export function showPath(file: string, root: string): string {
  for (const dir of [BUILTIN_AGENTS_DIR, BUILTIN_TEMPLATES_DIR]) {
    if (file.startsWith(dir + path.sep) && !file.startsWith(root + path.sep))
      return `builtin:${path.relative(dir, file).split(path.sep).join('/')}`;
  }
  const relative = path.relative(root, file);
  return relative === '' ? path.basename(file) : relative.startsWith('..') ? file : relative;
}
