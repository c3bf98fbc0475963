import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { ConductorError } from '../errors.js';
import { cacheSubfolder } from '../util/cache.js';
import { importOutside } from '../util/import.js';
import { readCachedConfig, writeCachedConfig } from './cache.js';
import { CONFIG_SEARCH_PLACES } from './places.js';
import { checkWritableFolders, resolveConfig, validateConfig, type ResolvedConfig } from './validate.js';

export interface LoadConfigOptions {
  /** Where the search starts; also the project root when no config file is found. */
  cwd: string;
  /** An explicit config file (`--config`), relative to `cwd`. */
  configPath?: string | undefined;
}

export interface LoadConfigResult {
  config: ResolvedConfig;
  /** `file: key: message` lines to show the user. */
  warnings: string[];
}

const MODULE_NAME = 'conductor';

/** A JavaScript config (.js, .mjs, .cjs): its default export, or module.exports. */
const loadJavaScript: Loader = async (filepath) => {
  const module = await importOutside(pathToFileURL(filepath).href);
  return module.default ?? module;
};

/**
 * Loads a TypeScript config on Node 20. jiti is imported here, lazily: it costs tens of
 * milliseconds and only a .ts config needs it; a config that is plain data is served from a
 * cache keyed by its text (config/cache.ts) and needs no jiti at all. Inside the config, `swarm-conductor` is the
 * small `define` module, so `defineConfig` resolves even without a local install.
 */
const loadTypeScript: Loader = async (filepath, content) => {
  const cached = readCachedConfig(filepath, content);
  if (cached) return cached.value;
  const value = await transpileAndRun(filepath);
  writeCachedConfig(filepath, content, value);
  return value;
};

async function transpileAndRun(filepath: string): Promise<unknown> {
  const [jiti, define] = await Promise.all([importOutside('jiti'), import('./define.js')]);
  const createJiti = jiti.createJiti as typeof import('jiti').createJiti;
  const instance = createJiti(import.meta.url, {
    interopDefault: true,
    moduleCache: false,
    // jiti runs what it finds in its cache: only the checked per-user folder will do (util/cache.ts).
    fsCache: cacheSubfolder('jiti') ?? false,
    virtualModules: { 'swarm-conductor': define, 'swarm-conductor/config': define },
  });
  return instance.import(filepath, { default: true });
}

/** Finds, loads and validates the config. Throws a ConductorError naming the file and key. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadConfigResult> {
  const cwd = path.resolve(options.cwd);
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'project',
    loaders: {
      '.ts': loadTypeScript,
      '.mts': loadTypeScript,
      '.cts': loadTypeScript,
      '.js': loadJavaScript,
      '.mjs': loadJavaScript,
      '.cjs': loadJavaScript,
    },
    cache: false,
  });

  const explicit = options.configPath ? path.resolve(cwd, options.configPath) : undefined;
  let found: { config: unknown; filepath: string } | null;
  try {
    found = explicit ? await explorer.load(explicit) : await explorer.search(cwd);
  } catch (error) {
    throw configLoadError(error, explicit, cwd);
  }

  const configFile = found?.filepath;
  const root = configFile ? path.dirname(configFile) : cwd;
  const shown = configFile ? path.relative(cwd, configFile) || path.basename(configFile) : '(defaults)';
  const { value, warnings, errors } = validateConfig(found?.config);
  const config = resolveConfig(value, root, configFile);
  errors.push(...checkWritableFolders(config));
  if (errors.length > 0) {
    throw new ConductorError('INVALID_CONFIG', errors.join(`\n  ${shown}: `), {
      where: shown,
      hint: `fix ${errors.length === 1 ? 'this key' : 'these keys'} in ${shown}`,
    });
  }
  return { config, warnings: warnings.map((warning) => `${shown}: ${warning}`) };
}

function configLoadError(error: unknown, explicit: string | undefined, cwd: string): ConductorError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (explicit && (code === 'ENOENT' || code === 'EISDIR')) {
    return new ConductorError('NOT_FOUND', `config file not found: ${explicit}`, {
      hint: 'check the config path',
      remedies: [{ omit: 'config', why: 'to search for conductor.config.ts' }],
    });
  }
  const file = (error as { filepath?: string } | undefined)?.filepath ?? explicit;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ConductorError('INVALID_CONFIG', `cannot load config: ${message}`, {
    where: file ? path.relative(cwd, file) || file : undefined,
    hint: 'fix the file, or use another one',
    remedies: [
      { flag: 'verbose', why: 'shows the full error' },
      { flag: 'config', why: '<file> uses another one' },
    ],
    cause: error,
  });
}
