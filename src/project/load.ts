/**
 * A project as the light commands see it: the loaded config and the execution store, nothing
 * that parses agents or compiles templates. `status` and `list` need no more than this, so they
 * never load nunjucks or gray-matter.
 */
import { loadConfig, type LoadConfigOptions } from '../config/load.js';
import type { ResolvedConfig } from '../config/validate.js';
import { ExecutionStore } from '../state/store.js';

export interface Project {
  config: ResolvedConfig;
  store: ExecutionStore;
  /** Config warnings (unknown keys) for the caller to show. */
  warnings: string[];
}

export async function loadProject(options: LoadConfigOptions): Promise<Project> {
  const { config, warnings } = await loadConfig(options);
  return { config, store: new ExecutionStore(config.proofDir, config.root, config.stateSizeLimit), warnings };
}
