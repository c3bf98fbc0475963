/**
 * Built-in templates, compiled when the package is built: saves ~40 ms of every `prompt` (nunjucks
 * need not parse and compile session.md.njk). Compiled user templates are never written to disk
 * (a compiled-template disk cache was retired for that reason): they compile in memory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isErrno } from '../errors.js';
import { PACKAGE_ROOT } from '../util/package.js';
import { RENDER_OPTIONS, templateNames } from './options.js';

// dist/builtin-templates.cjs (written by scripts/build.mjs) ships with the package like the CLI
// bundle itself. Each entry keeps the source it was compiled from: when the template on disk
// differs (a checkout after an edit, before the next build) it is compiled in memory instead.

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

/** The text of `dist/builtin-templates.cjs` for the templates in `dir` (used by the build). */
export async function precompileBuiltins(dir: string): Promise<string> {
  // Imported here, not above: this module is loaded by every command, nunjucks only by some.
  const { compiledCode } = await import('./environment.js');
  const entries = templateNames(dir).map((name) => {
    const source = readFileSync(path.join(dir, name), 'utf8');
    const code = compiledCode(source, name);
    return (
      `  ${JSON.stringify(name)}: {\n    source: ${JSON.stringify(source)},\n    code: function () ` +
      `{\n${code}\n    },\n  },`
    );
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
