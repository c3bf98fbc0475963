/**
 * Starts the bundled CLI (dist/cli.cjs, one file built by esbuild) with a V8 code cache,
 * because compiling that file is a third of a short command's start-up. Bundled on its own into
 * dist/launch.cjs, which bin/swarm-conductor.cjs requires.
 *
 * The code cache is code V8 runs, so it is kept only in the checked per-user cache folder
 * (util/cache.ts), never in a shared temp folder. Node 22 and later have a compile cache built in
 * (module.enableCompileCache), pointed at that folder; on Node 20 the bundle is compiled through
 * vm.Script and the cached data is an entry of that folder, HMAC-verified before V8 sees it.
 * Without a safe folder the CLI simply starts without a cache.
 */
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { cacheFolder, cacheSubfolder, readEntry, writeEntry, type CacheFolder } from './util/cache.js';

interface ModuleInternals {
  enableCompileCache?: (dir?: string) => unknown;
  wrap(code: string): string;
  _nodeModulePaths(dir: string): string[];
}

const ModuleStatic = Module as unknown as ModuleInternals & typeof Module;
const bundle = path.join(__dirname, 'cli.cjs');

if (typeof ModuleStatic.enableCompileCache === 'function') {
  const dir = cacheSubfolder('node-compile-cache');
  if (dir) ModuleStatic.enableCompileCache(dir);
  require(bundle);
} else {
  runWithCodeCache(bundle, cacheFolder());
}

function runWithCodeCache(file: string, folder: CacheFolder | undefined): void {
  const stat = statSync(file);
  // The entry is named after what the cached data depends on: Node, the bundle's size and time.
  const name = `v8/${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.bin`.replace(
    /[^\w./-]/g,
    '_',
  );
  const cachedData = folder ? readEntry(folder, name) : undefined;
  // latin1: the build leaves the bundle pure ASCII (scripts/build.mjs, asciiOnly), so this is a
  // copy of the bytes, where UTF-8 decoding of a 742 KB file took ~8 ms.
  const script = new vm.Script(ModuleStatic.wrap(readFileSync(file, 'latin1')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  // Node 20 cannot run import() inside a vm.Script without an experimental flag; the bundle
  // asks for this one instead (src/config/load.ts) to load jiti and JavaScript configs.
  (globalThis as Record<symbol, unknown>)[Symbol.for('swarm-conductor.import')] = (specifier: string) =>
    import(specifier);
  if (folder && (cachedData === undefined || script.cachedDataRejected)) {
    // Written at exit, so the functions the command compiled while it ran are in the cache too;
    // the entries of earlier builds go then (one entry per Node version and bundle).
    process.once('exit', () => {
      writeEntry(folder, name, script.createCachedData());
      removeOtherEntries(path.join(folder.dir, 'v8'), path.basename(name));
    });
  }
  const module = new Module(file);
  module.filename = file;
  module.paths = ModuleStatic._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, Module.createRequire(file), module, file, path.dirname(file));
}

/** Deletes the code cache entries of other bundles; one that cannot be listed or removed just stays. */
function removeOtherEntries(dir: string, keep: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of names) {
    if (entry === keep || !entry.endsWith('.bin')) continue;
    try {
      unlinkSync(path.join(dir, entry));
    } catch (error) {
      if (!['ENOENT', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}
