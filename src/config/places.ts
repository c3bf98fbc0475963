/** Where the config is looked for, in each folder from the working one up to the project's package.json. */
export const CONFIG_SEARCH_PLACES = [
  'conductor.config.ts',
  'conductor.config.mts',
  'conductor.config.cts',
  'conductor.config.js',
  'conductor.config.mjs',
  'conductor.config.cjs',
  'conductor.config.json',
  '.conductorrc',
  '.conductorrc.json',
  '.conductorrc.yaml',
  '.conductorrc.yml',
  'package.json',
];
