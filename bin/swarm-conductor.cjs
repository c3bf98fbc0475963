#!/usr/bin/env node
'use strict';
/**
 * The swarm-conductor command. It runs the bundled CLI (dist/cli.cjs, one file built by esbuild)
 * with a V8 code cache, because compiling that file is a third of a short command's start-up.
 * Node 22 has this built in (module.enableCompileCache); on Node 20 the bundle is compiled
 * through vm.Script with the cached data kept in the temp folder, keyed by Node's version and
 * the bundle's size and time. A cache that cannot be read or written just means no cache.
 */
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');

if (typeof Module.enableCompileCache === 'function') {
  Module.enableCompileCache();
  require(bundle);
} else {
  runWithCodeCache(bundle);
}

/** Errors that only mean "no cache here": the folder is missing, read-only or full. */
function cacheUnavailable(error) {
  return ['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EEXIST'].includes(error && error.code);
}

function runWithCodeCache(file) {
  const stat = fs.statSync(file);
  const key = `${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}`.replace(/[^\w.-]/g, '_');
  const cacheFile = path.join(os.tmpdir(), 'swarm-conductor-v8-cache', `${key}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch (error) {
    if (!cacheUnavailable(error)) throw error;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
  });
  // Node 20 cannot run import() inside a vm.Script without an experimental flag; the bundle
  // asks for this one instead (src/config/load.ts) to load jiti and JavaScript configs.
  globalThis[Symbol.for('swarm-conductor.import')] = (specifier) => import(specifier);
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at exit, so the functions the command compiled while it ran are in the cache too.
    process.once('exit', () => saveCache(cacheFile, script.createCachedData()));
  }
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
}

function saveCache(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch (error) {
    if (!cacheUnavailable(error)) throw error;
  }
}
