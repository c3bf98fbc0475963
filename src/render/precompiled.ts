/**
 * The built-in templates, compiled to JavaScript when the package is built
 * (`dist/builtin-templates.cjs`, written by scripts/build.mjs) and shipped with it, so a command
 * never compiles them (about 14 ms each) and never reads compiled code from a cache. The file is
 * part of the package, like the CLI bundle itself. Each entry keeps the source it was compiled
 * from: when the template on disk differs (a development checkout after an edit, before the next
 * build), that template is compiled in memory instead.
 *
 * Your own templates are compiled in memory on every run; compiled code is never written to disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { isErrno } from '../errors.js';
import { PACKAGE_ROOT } from '../util/package.js';

/** The options every environment is made with; compiled code depends on them. */
export const RENDER_OPTIONS = {
  autoescape: false,
  throwOnUndefined: true,
  trimBlocks: true,
  lstripBlocks: true,
} as const;

export const PRECOMPILED_FILE = path.join(PACKAGE_ROOT, 'dist', 'builtin-templates.cjs');

export interface PrecompiledTemplate {
  source: string;
  /** nunjucks' compiled form: the root render function and one function per block. */
  code: () => unknown;
}

interface PrecompiledModule {
  options: string;
  templates: Record<string, PrecompiledTemplate>;
}

/** The parts of nunjucks that turn a template's text into code (not in its type declarations). */
interface NunjucksCompiler {
  compiler: {
    compile(source: string, asyncFilters: string[], extensions: unknown[], name: string, options: object): string;
  };
}

let shipped: Record<string, PrecompiledTemplate> | null | undefined;

/** The shipped compiled form of a built-in template, when it was compiled from exactly this source. */
export function precompiledBuiltin(name: string, source: string): PrecompiledTemplate | undefined {
  if (shipped === undefined) shipped = loadShipped();
  const entry = shipped && Object.hasOwn(shipped, name) ? shipped[name] : undefined;
  return entry && entry.source === source ? entry : undefined;
}

function loadShipped(): Record<string, PrecompiledTemplate> | null {
  let module: PrecompiledModule;
  try {
    module = createRequire(import.meta.url)(PRECOMPILED_FILE) as PrecompiledModule;
  } catch (error) {
    if (isErrno(error, 'MODULE_NOT_FOUND') || isErrno(error, 'ENOENT')) return null; // not built yet
    throw error;
  }
  return module.options === JSON.stringify(RENDER_OPTIONS) ? module.templates : null;
}

/** Template files (`*.njk`) below a folder, as names relative to it. */
export function templateNames(dir: string): string[] {
  const names: string[] = [];
  const walk = (current: string) => {
    let entries;
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

/** The text of `dist/builtin-templates.cjs` for the templates in `dir` (used by the build). */
export function precompileBuiltins(dir: string): string {
  const compile = (nunjucks as unknown as NunjucksCompiler).compiler.compile;
  const entries = templateNames(dir).map((name) => {
    const source = readFileSync(path.join(dir, name), 'utf8');
    const code = compile(source, [], [], name, RENDER_OPTIONS);
    return `  ${JSON.stringify(name)}: {\n    source: ${JSON.stringify(source)},\n    code: function () {\n${code}\n    },\n  },`;
  });
  return [
    '// Written by scripts/build.mjs from templates/*.njk: the built-in templates, compiled by nunjucks.',
    "'use strict';",
    `module.exports = { options: ${JSON.stringify(JSON.stringify(RENDER_OPTIONS))}, templates: {`,
    ...entries,
    '} };',
    '',
  ].join('\n');
}
