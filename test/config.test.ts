import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineConfig, DEFAULT_HARD_RULES, type ConductorConfig } from '../src/config/define.js';
import { CONFIG_KEYS } from '../src/config/validate.js';
import { loadConfig } from '../src/config/load.js';
import { validateConfig } from '../src/config/validate.js';
import { cleanup, makeProject, rejection } from './helpers.js';

test.after.each(cleanup);

test('defineConfig returns its argument and types the config', () => {
  const config = { target: 'claude', contextBudget: 100 } satisfies ConductorConfig;
  assert.is(defineConfig(config), config);
  // @ts-expect-error: target must be one of the known agent CLIs
  defineConfig({ target: 'emacs' });
  // @ts-expect-error: hardRules is a list of strings
  defineConfig({ hardRules: 'one' });
});

test('without a config file the defaults apply and the working folder is the root', async () => {
  const project = makeProject();
  const { config, warnings } = await loadConfig({ cwd: project.root });
  assert.is(config.configFile, undefined);
  assert.is(config.root, project.root);
  assert.is(config.proofDir, project.path('proof'));
  assert.is(config.plansDir, project.path('proof', 'plans'));
  assert.equal(config.hardRules, DEFAULT_HARD_RULES);
  assert.is(config.target, 'generic');
  assert.is(config.contextBudget, 8000);
  assert.equal(warnings, []);
});

test('a typed conductor.config.ts loads, importing defineConfig from swarm-conductor', async () => {
  const project = makeProject({
    'package.json': '{"name":"user-project"}',
    'conductor.config.ts': [
      "import { defineConfig, DEFAULT_HARD_RULES, type ConductorConfig } from 'swarm-conductor';",
      "const target: ConductorConfig['target'] = 'claude';",
      'export default defineConfig({ target, proofDir: "out/proof", hardRules: [...DEFAULT_HARD_RULES.slice(0, ' +
        '1)], extraHardRules: ["Run the linter."] });',
    ].join('\n'),
  });
  const { config } = await loadConfig({ cwd: project.root });
  assert.is(config.configFile, project.path('conductor.config.ts'));
  assert.is(config.target, 'claude');
  assert.is(config.proofDir, project.path('out', 'proof'));
  assert.equal(config.hardRules, [DEFAULT_HARD_RULES[0], 'Run the linter.']);
});

test('the config is found from a subfolder and its folder becomes the root', async () => {
  const project = makeProject({
    'package.json': '{"name":"p"}',
    '.conductorrc.json': '{"target":"codex"}',
    src: { deep: {} },
  });
  const { config } = await loadConfig({ cwd: project.path('src', 'deep') });
  assert.is(config.target, 'codex');
  assert.is(config.root, project.root);
});

test('package.json#conductor and .conductorrc.yaml are read', async () => {
  const fromPackage = makeProject({ 'package.json': '{"name":"p","conductor":{"target":"copilot"}}' });
  assert.is((await loadConfig({ cwd: fromPackage.root })).config.target, 'copilot');
  const fromYaml = makeProject({ '.conductorrc.yaml': 'target: claude\nagentsDir: [team-agents, my-agents]\n' });
  const { config } = await loadConfig({ cwd: fromYaml.root });
  assert.equal(config.agentsDirs, [fromYaml.path('team-agents'), fromYaml.path('my-agents')]);
});

test('--config loads that file; a missing one is NOT_FOUND', async () => {
  const project = makeProject({ 'settings.json': '{"contextBudget": 500}' });
  assert.is((await loadConfig({ cwd: project.root, configPath: 'settings.json' })).config.contextBudget, 500);
  const error = await rejection(() => loadConfig({ cwd: project.root, configPath: 'nope.json' }));
  assert.is(error.code, 'NOT_FOUND');
  assert.match(error.message, /config file not found/);
});

test('an unknown key warns with the closest valid key', async () => {
  const project = makeProject({ '.conductorrc.json': '{"agentDir":"x","frobnicate":1}' });
  const { warnings } = await loadConfig({ cwd: project.root });
  assert.equal(warnings, [
    '.conductorrc.json: agentDir: unknown key, ignored — did you mean "agentsDir"?',
    `.conductorrc.json: frobnicate: unknown key, ignored (valid keys: ${CONFIG_KEYS.join(', ')})`,
  ]);
});

test('an invalid value is an error naming the file and the key', async () => {
  const project = makeProject({ '.conductorrc.json': '{"target":"emacs","contextBudget":-3}' });
  const error = await rejection(() => loadConfig({ cwd: project.root }));
  assert.is(error.code, 'INVALID_CONFIG');
  assert.is(error.exitCode, 2);
  assert.is(error.where, '.conductorrc.json');
  assert.match(
    error.message,
    /^target: must be one of copilot, claude, codex, copilot-delegate, gemini, opencode, generic/,
  );
  assert.match(error.message, /contextBudget: must be a whole number/);
});

test('the default sections and the body budget are checked like every other key', async () => {
  const project = makeProject({
    '.conductorrc.json': '{"defaultBoundaries":"not a list","agentBodyBudget":1.5,"defaultRefusalRules":[""]}',
  });
  const before = project.snapshot();
  const error = await rejection(() => loadConfig({ cwd: project.root }));
  assert.match(error.message, /agentBodyBudget: must be a whole number of characters/);
  assert.match(error.message, /defaultBoundaries: must be a list of non-empty strings/);
  assert.match(error.message, /defaultRefusalRules: must be a list of non-empty strings/);
  assert.equal(project.snapshot(), before);
  const fine = makeProject({ '.conductorrc.json': '{"defaultScope":["Only the docs folder"],"agentBodyBudget":500}' });
  const { config } = await loadConfig({ cwd: fine.root });
  assert.equal([config.defaults.scope, config.agentBodyBudget], [['Only the docs folder'], 500]);
  assert.ok(config.defaults.refusalRules.length >= 3, 'unset defaults keep the built-in values');
});

test('a proof folder outside the project is refused', async () => {
  const project = makeProject({ '.conductorrc.json': '{"proofDir":"../elsewhere"}' });
  const error = await rejection(() => loadConfig({ cwd: project.root }));
  assert.match(error.message, /proofDir: .* is outside the project/);
});

test('a config file that throws is reported with its name, not a stack', async () => {
  const project = makeProject({ 'conductor.config.ts': 'throw new Error("boom from config");\nexport default {};' });
  const error = await rejection(() => loadConfig({ cwd: project.root }));
  assert.is(error.code, 'INVALID_CONFIG');
  assert.is(error.where, 'conductor.config.ts');
  assert.match(error.message, /boom from config/);
});

test('validateConfig returns errors as "key: message" and keeps the valid keys', () => {
  const result = validateConfig({ target: 'claude', hardRules: [1], proofDir: '' });
  assert.equal(result.value, { target: 'claude' });
  assert.equal(result.errors, [
    'hardRules: must be a list of non-empty strings',
    'proofDir: must be a folder path (a non-empty string)',
  ]);
});

test.run();
