import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isStaticConfig } from '../src/config/cache.js';
import { loadConfig } from '../src/config/load.js';
import { TemplateRenderer } from '../src/render/environment.js';
import { cleanup, cli, makeProject, planOf } from './helpers.js';

// These tests look at where the caches go by default: without the test run's override.
const override = process.env.SWARM_CONDUCTOR_CACHE_DIR;
test.before.each(() => {
  delete process.env.SWARM_CONDUCTOR_CACHE_DIR;
});
test.after.each(() => {
  process.env.SWARM_CONDUCTOR_CACHE_DIR = override;
  cleanup();
});

const configCache = (root: string) => {
  const dir = path.join(root, 'node_modules', '.cache', 'swarm-conductor');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('config-')) : [];
};

test('a config that is plain data is recognised as static; one that reads the environment or files is not', () => {
  const yes = [
    "import { defineConfig } from 'swarm-conductor';\nexport default defineConfig({ target: 'claude', hardRules: ['Follow the review process'] });",
    "import { defineConfig, DEFAULT_HARD_RULES } from 'swarm-conductor';\n// process is only mentioned in this comment\nexport default defineConfig({ hardRules: [...DEFAULT_HARD_RULES, 'x'] });",
  ];
  const no = [
    'export default { target: process.env.TARGET };',
    "import fs from 'node:fs';\nexport default { target: fs.readFileSync('t', 'utf8') };",
    "export default { proofDir: `${'p'}roof` };",
    "const t = await import('./x.js');\nexport default t;",
    'export default { contextBudget: Date.now() % 10 };',
  ];
  for (const source of yes) assert.ok(isStaticConfig(source), source);
  for (const source of no) assert.not.ok(isStaticConfig(source), source);
});

test('a static TypeScript config is served from the cache; editing it gives the new value', async () => {
  const project = makeProject({ node_modules: {}, 'conductor.config.ts': "import { defineConfig } from 'swarm-conductor';\nexport default defineConfig({ target: 'claude' });" });
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'claude');
  assert.is(configCache(project.root).length, 1);
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'claude');
  project.write('conductor.config.ts', "import { defineConfig } from 'swarm-conductor';\nexport default defineConfig({ target: 'codex' });");
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'codex');
});

test('a config that reads the environment is never cached', async () => {
  const project = makeProject({ node_modules: {}, 'conductor.config.ts': "export default { target: process.env.SC_TEST_TARGET ?? 'generic' };" });
  process.env.SC_TEST_TARGET = 'copilot';
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'copilot');
  process.env.SC_TEST_TARGET = 'claude';
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'claude');
  delete process.env.SC_TEST_TARGET;
  assert.equal(configCache(project.root), []);
});

test('compiled templates are cached by their text: a changed template is compiled again', () => {
  const project = makeProject({ node_modules: {}, templates: { 'x.njk': 'one {{ v }}' } });
  const render = () => new TemplateRenderer({ userDir: project.path('templates'), root: project.root }).render('x.njk', { v: 1 });
  assert.is(render(), 'one 1');
  assert.ok(readdirSync(project.path('node_modules/.cache/swarm-conductor')).some((name) => name.startsWith('template-')));
  project.write('templates/x.njk', 'two {{ v }}');
  assert.is(render(), 'two 1');
});

test('a broken template is not cached and keeps its usual error', () => {
  const project = makeProject({ node_modules: {}, templates: { 'bad.njk': 'a\n{% if %}' } });
  const renderer = new TemplateRenderer({ userDir: project.path('templates'), root: project.root });
  assert.throws(() => renderer.render('bad.njk', {}), /unexpected token/);
});

test('the command line works through the launcher: --help, --version, a JavaScript config', () => {
  const project = makeProject({ 'conductor.config.mjs': "export default { target: 'codex' };", 'plan.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  assert.match(cli(project.root, '--help').stdout, /swarm-conductor <command> \[options\]/);
  assert.match(cli(project.root, '--version').stdout, /^\d+\.\d+\.\d+\n$/);
  assert.match(cli(project.root, 'execute', 'plan.json').stdout, /Start a session in Codex CLI/);
  assert.ok(readdirSync(path.join(os.tmpdir(), 'swarm-conductor-v8-cache')).length > 0, 'the V8 code cache was written');
});

test('prompts of large plans give the step\'s place in the order instead of the whole order', () => {
  const project = makeProject({ 'plan.json': JSON.stringify(planOf('big', Array.from({ length: 40 }, (_, i) => ['BackendMaster', i ? [i] : []] as [string, number[]]))) });
  cli(project.root, 'execute', 'plan.json');
  const prompt = cli(project.root, 'prompt').stdout;
  assert.match(prompt, /- Step: 1 of 40; number 1 in execution order\n/);
  assert.not.match(prompt, /1 → 2 → 3/);
});

test.run();
