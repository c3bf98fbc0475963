/**
 * A TypeScript config that is plain data, kept as JSON: saves ~33 ms of every command with such a
 * config (jiti is not loaded and nothing is transpiled). The entries live in the checked per-user
 * cache folder (util/cache.ts), each HMAC-verified, never in a shared temp folder.
 *
 * Native import() of a .ts config (c12's first try) would retire jiti and this cache, but Node 20
 * cannot strip types; it becomes the first try when the floor is Node 22.18.
 */
import { cacheFolder, entryName, readEntry, writeEntry } from '../util/cache.js';
import { PACKAGE_VERSION } from '../util/package.js';

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
