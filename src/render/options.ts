/** How every nunjucks Environment is made, and which template files a folder holds. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { isErrno } from '../errors.js';

/** The options every environment is made with; compiled code depends on them. */
export const RENDER_OPTIONS = {
  autoescape: false,
  throwOnUndefined: true,
  trimBlocks: true,
  lstripBlocks: true,
} as const;

/** The parts of nunjucks that turn a template's text into code (not in its type declarations). */
interface NunjucksCompiler {
  compiler: {
    compile(source: string, asyncFilters: string[], extensions: unknown[], name: string, options: object): string;
  };
}

/**
 * A template's text as nunjucks compiles it: the body of a function that returns the root
 * render function and one per block. Throws nunjucks' error for a template that does not compile.
 */
export function compiledCode(source: string, name: string): string {
  return (nunjucks as unknown as NunjucksCompiler).compiler.compile(source, [], [], name, RENDER_OPTIONS);
}

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
