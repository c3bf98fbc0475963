/**
 * The speed tricks, all in one place. A short command is mostly start-up, so each one is kept
 * only while it saves what it says (Node 20, measured against the same command without it):
 *
 *   trick                                                      saves per command   where
 *   one bundled file (dist/cli.cjs) instead of ~150 modules    most of start-up    scripts/build.mjs
 *   a V8 code cache for the bundle, HMAC-verified              ~30 ms              src/launch.ts
 *   an ASCII-only bundle read as latin1, not decoded as UTF-8  ~5-8 ms             scripts/build.mjs
 *   built-in templates compiled when the package is built      ~40 ms (`prompt`)   below
 *   a TypeScript config that is plain data kept as JSON        ~33 ms (no jiti)    below
 *   jiti, jsonc-parser and the browser/terminal libraries      their load time     import() where used
 *   imported only by what needs them
 *   nunjucks kept out of what status, list and next load       ~10 ms              render/options.ts
 *   yargs not rendering the command's help after each parse    ~4 ms               below
 *
 * Native import() of a .ts config (c12's first try) would retire jiti and the config cache, but
 * Node 20 cannot strip types; it becomes the first try when the floor is Node 22.18.
 *
 * Every cache that holds code V8 or nunjucks would run lives in the checked per-user folder
 * (util/cache.ts), never a shared temp folder; compiled user templates are never written to
 * disk (the compiled-template disk cache was retired for that reason).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isErrno } from './errors.js';
import { RENDER_OPTIONS, templateNames } from './render/options.js';
import { cacheFolder, entryName, readEntry, writeEntry } from './util/cache.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from './util/package.js';

// ── Built-in templates, compiled when the package is built ──────────────────────────────────
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
  const { compiledCode } = await import('./render/environment.js');
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

// ── A TypeScript config that is plain data, kept as JSON ────────────────────────────────────
// Such a config imports nothing but swarm-conductor and reads no environment, clock or file,
// so it gives the same value whenever its text is the same. Its value is kept keyed by the text
// (and this package's version), so later commands skip loading jiti and transpiling. A config
// that could give a different value on another run is never cached: it goes through jiti.

/** Words that make a config's value depend on more than its own text. */
const DYNAMIC = new RegExp(
  String.raw`\b(process|globalThis|global|require|Date|Math|fetch|eval|Function|Reflect|Symbol|__dirname|` +
    String.raw`__filename|await|new|import\s*\(|import\.meta)\b|\bimport\s*\(`,
);
const IMPORTS = /\bimport\b[^;'"]*?from\s*(['"])([^'"]+)\1|\bimport\s*(['"])([^'"]+)\3/g;

export function isStaticConfig(source: string): boolean {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  for (const match of code.matchAll(IMPORTS)) {
    const specifier = match[2] ?? match[4];
    if (specifier !== 'swarm-conductor' && specifier !== 'swarm-conductor/config') return false;
  }
  if (/`[^`]*\$\{/.test(code)) return false; // a template literal with code in it
  const withoutStrings = code.replace(IMPORTS, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`/g, '""');
  return !DYNAMIC.test(withoutStrings);
}

const entry = (configFile: string, source: string) =>
  entryName('config', [PACKAGE_VERSION, configFile, source], 'json');

/** The cached value of a static config, if there is a verified one for exactly this text. */
export function readCachedConfig(configFile: string, source: string): { value: unknown } | undefined {
  const folder = isStaticConfig(source) ? cacheFolder() : undefined;
  const text = folder && readEntry(folder, entry(configFile, source));
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text.toString('utf8')) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // verified but not JSON: load the config instead
    throw error;
  }
}

/** Keeps a static config's value for next time, when it is plain data. */
export function writeCachedConfig(configFile: string, source: string, value: unknown): void {
  const folder = isStaticConfig(source) && isPlainData(value) ? cacheFolder() : undefined;
  if (folder) writeEntry(folder, entry(configFile, source), JSON.stringify(value));
}

function isPlainData(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value as object).every(isPlainData);
  return false;
}

/**
 * yargs renders the whole help text of every command it runs, right after parsing, so that a
 * handler failing later could show it (`showHelp`); commands here run after yargs is done and
 * never ask it for help, so that text is thrown away each time. Switched off where yargs has the
 * method (its internal API); where it has not, nothing changes.
 */
export function skipYargsHelpCache(parser: unknown): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } };
  const usage = (parser as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
