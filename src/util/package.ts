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

/** Where npm puts this package in a project that installs it. */
const INSTALLED = path.join('node_modules', 'swarm-conductor', 'schemas');

/**
 * The `$schema` of a file written into `folder` for the shipped schemas/<name>: always a path
 * relative to that folder, so an editor finds the schema offline and on every clone — never a
 * URL (nothing is published to serve it from) and never a path that exists only on this machine.
 *
 * 1. The package as the project installs it: node_modules/swarm-conductor in the project root,
 *    or in a folder above it within the same git repository (a workspace that hoists packages).
 * 2. Else the running package's own file, when it lies inside the project (this repository, a
 *    copy kept in the project).
 * 3. Else none: run through npx or a global install, the schema is somewhere only this machine
 *    has, so `$schema` is left out; the file is read the same without it.
 */
export function schemaReference(name: string, folder: string, root: string, own = SCHEMAS_DIR): string | undefined {
  const relative = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  for (const dir of installRoots(root)) {
    const file = path.join(dir, INSTALLED, name);
    if (existsSync(file)) return relative(file);
  }
  const file = path.join(own, name);
  const inside = !path.relative(root, file).startsWith('..') && !path.isAbsolute(path.relative(root, file));
  return inside && existsSync(file) ? relative(file) : undefined;
}

/** The project root, then the folders above it up to the one holding `.git` (none without a repository). */
function installRoots(root: string): string[] {
  const dirs = [root];
  for (let dir = root; !existsSync(path.join(dir, '.git')); ) {
    const parent = path.dirname(dir);
    if (parent === dir) return [root];
    dirs.push((dir = parent));
  }
  return dirs;
}
