import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isStaticConfig } from '../src/config/cache.js';
import { loadConfig } from '../src/config/load.js';
import { RENDER_OPTIONS } from '../src/render/options.js';
import { TemplateRenderer } from '../src/render/environment.js';
import { cacheFolder, entryName, readEntry, writeEntry } from '../src/util/cache.js';
import { BUILTIN_TEMPLATES_DIR, PACKAGE_VERSION } from '../src/util/package.js';
import { cleanup, spawnCli, cliWithEnv, makeProject, makeTempDir, planOf, REPO, TEST_CACHE_DIR } from './helpers.js';

test.after.each(cleanup);

const SPY = path.join(REPO, 'test/fixtures/support/fs-spy.cjs');
const CLAUDE_CONFIG =
  "import { defineConfig } from 'swarm-conductor';\nexport default defineConfig({ target: 'claude' });\n";
const plan = JSON.stringify(planOf('g', [['BackendMaster', []]]));

/** A private, empty cache folder (0700, ours), as the platform's cache folder would be. */
function privateCache(): string {
  return makeTempDir('swarm-conductor-user-cache-');
}

const entries = (dir: string, prefix: string) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(prefix)) : [];

/** How the conductor named cache entries before 0.1.1, when they lived in shared folders. */
function oldEntryName(kind: string, parts: string[], extension: string): string {
  const fnv = (text: string) => {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
      b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995);
    }
    return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
  };
  const material = [PACKAGE_VERSION, ...parts].join('\0');
  return `${kind}-${fnv(material)}${fnv(`${material}\0${material.length}`)}.${extension}`;
}

test(
  'a config that is plain data is recognised as static; one that reads the environment or files is ' + 'not',
  async () => {
    const yes = [
      "import { defineConfig } from 'swarm-conductor';\nexport default defineConfig({ target: 'claude', " +
        "hardRules: ['Follow the review process'] });",
      "import { defineConfig, DEFAULT_HARD_RULES } from 'swarm-conductor';\n// process is only mentioned in this " +
        "comment\nexport default defineConfig({ hardRules: [...DEFAULT_HARD_RULES, 'x'] });",
    ];
    const no = [
      'export default { target: process.env.TARGET };',
      "import fs from 'node:fs';\nexport default { target: fs.readFileSync('t', 'utf8') };",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own template literal, as text
      "export default { proofDir: `${'p'}roof` };",
      "const t = await import('./x.js');\nexport default t;",
      'export default { contextBudget: Date.now() % 10 };',
    ];
    for (const source of yes) assert.ok(isStaticConfig(source), source);
    for (const source of no) assert.not.ok(isStaticConfig(source), source);
  },
);

test('a static TypeScript config is served from the per-user cache; editing it gives the new value', async () => {
  const project = makeProject({ 'conductor.config.ts': CLAUDE_CONFIG });
  const before = entries(TEST_CACHE_DIR, 'config-').length;
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'claude');
  assert.is(entries(TEST_CACHE_DIR, 'config-').length, before + 1);
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'claude');
  project.write('conductor.config.ts', CLAUDE_CONFIG.replace('claude', 'codex'));
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'codex');
});

test('a config that reads the environment is never cached', async () => {
  const project = makeProject({
    'conductor.config.ts': "export default { target: process.env.SC_TEST_TARGET ?? 'generic' };",
  });
  const before = entries(TEST_CACHE_DIR, 'config-').length;
  process.env.SC_TEST_TARGET = 'copilot';
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'copilot');
  process.env.SC_TEST_TARGET = 'claude';
  assert.is((await loadConfig({ cwd: project.root })).config.target, 'claude');
  delete process.env.SC_TEST_TARGET;
  assert.is(entries(TEST_CACHE_DIR, 'config-').length, before);
});

test('an entry verifies only with the folder key: a changed byte or a forged entry is not read', async () => {
  const folder = cacheFolder({ SWARM_CONDUCTOR_CACHE_DIR: privateCache() })!;
  assert.ok(folder, 'a private folder is usable');
  writeEntry(folder, 'config-x.json', '{"target":"claude"}');
  assert.is(readEntry(folder, 'config-x.json')?.toString(), '{"target":"claude"}');
  const file = path.join(folder.dir, 'config-x.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('claude', 'codex'));
  assert.is(readEntry(folder, 'config-x.json'), undefined);
  writeFileSync(file, `${'0'.repeat(64)}\n{"target":"codex"}`);
  assert.is(readEntry(folder, 'config-x.json'), undefined);
});

test(
  'built-in templates come compiled with the package; user templates compile in memory and nothing is ' + 'cached',
  async () => {
    const project = makeProject({ templates: { 'x.njk': 'one {{ v }}' } });
    const before = readdirSync(TEST_CACHE_DIR).sort();
    const render = () =>
      new TemplateRenderer({ userDir: project.path('templates'), root: project.root }).render('x.njk', { v: 1 });
    assert.is(render(), 'one 1');
    project.write('templates/x.njk', 'two {{ v }}');
    assert.is(render(), 'two 1');
    assert.ok(existsSync(path.join(REPO, 'dist/builtin-templates.cjs')), 'the build ships the compiled built-ins');
    assert.equal(readdirSync(TEST_CACHE_DIR).sort(), before, 'no compiled template was written to the cache');
  },
);

test('a built-in template that differs from what was compiled at build time is compiled from its text', async () => {
  const project = makeProject();
  const builtin = makeTempDir('swarm-conductor-builtins-');
  writeFileSync(path.join(builtin, 'session.md.njk'), 'edited {{ v }}');
  const renderer = new TemplateRenderer({ builtinDir: builtin, root: project.root });
  assert.is(renderer.render('session.md.njk', { v: 2 }), 'edited 2');
});

test('a broken template keeps its usual error', async () => {
  const project = makeProject({ templates: { 'bad.njk': 'a\n{% if %}' } });
  const renderer = new TemplateRenderer({ userDir: project.path('templates'), root: project.root });
  assert.throws(() => renderer.render('bad.njk', {}), /unexpected token/);
});

test(
  'entries planted where the old caches lived (temp folder, node_modules/.cache) are never read or ' + 'run',
  async () => {
    const project = makeProject({ node_modules: {}, 'conductor.config.ts': CLAUDE_CONFIG, 'plan.json': plan });
    const shared = makeTempDir('swarm-conductor-shared-tmp-');
    const marker = path.join(shared, 'PLANTED-CODE-RAN');
    const hostile =
      `process.mainModule.require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return ` +
      `{ root: function (e, c, f, r, cb) { cb(null, 'PLANTED PROMPT'); } };`;
    const session = readFileSync(path.join(BUILTIN_TEMPLATES_DIR, 'session.md.njk'), 'utf8');
    const opts = JSON.stringify(
      (new nunjucks.Environment(null, { ...RENDER_OPTIONS }) as unknown as { opts: object }).opts,
    );
    const templateEntry = oldEntryName(
      'template',
      [path.join(BUILTIN_TEMPLATES_DIR, 'session.md.njk'), session, opts],
      'js',
    );
    const configEntry = oldEntryName('config', [project.path('conductor.config.ts'), CLAUDE_CONFIG], 'json');
    for (const dir of [
      path.join(shared, 'swarm-conductor-cache'),
      project.path('node_modules/.cache/swarm-conductor'),
    ]) {
      mkdirSync(path.join(dir, 'jiti'), { recursive: true });
      writeFileSync(path.join(dir, templateEntry), hostile);
      writeFileSync(path.join(dir, configEntry), '{"target":"codex","hardRules":[]}');
    }
    mkdirSync(path.join(shared, 'swarm-conductor-v8-cache'));
    writeFileSync(
      path.join(shared, 'swarm-conductor-v8-cache', `${process.version}-${process.arch}-1-1.bin`),
      'not V8 data',
    );
    const log = `${shared}.spy.log`;
    // No override: the cache goes where it goes by default (here, a home folder of the test's own).
    const home = makeTempDir('swarm-conductor-home-');
    const env = {
      TMPDIR: shared,
      FS_SPY_LOG: log,
      NODE_OPTIONS: `--require ${SPY}`,
      SWARM_CONDUCTOR_CACHE_DIR: undefined,
      XDG_CACHE_HOME: undefined,
      HOME: home,
    };
    const run = cliWithEnv(env, project.root, 'execute', 'plan.json');
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /Start a session in Claude Code/, 'the config was loaded, not a planted value');
    assert.not.ok(existsSync(marker), 'planted code did not run');
    const prompt = cliWithEnv(env, project.root, 'prompt');
    assert.match(prompt.stdout, /## Hard rules/);
    assert.not.match(prompt.stdout, /PLANTED PROMPT/);
    const touched = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const shared_ = touched.filter(
      (file) => file.startsWith(shared) || file.includes(`${path.sep}node_modules${path.sep}.cache`),
    );
    assert.equal(shared_, [], 'nothing in the temp folder or node_modules/.cache was looked at');
  },
);

test(
  'an entry with a bad signature in the per-user cache is not believed: the config is loaded from its ' + 'file',
  async () => {
    const cache = privateCache();
    const project = makeProject({ 'conductor.config.ts': CLAUDE_CONFIG, 'plan.json': plan });
    const name = entryName('config', [PACKAGE_VERSION, project.path('conductor.config.ts'), CLAUDE_CONFIG], 'json');
    const first = cliWithEnv({ SWARM_CONDUCTOR_CACHE_DIR: cache }, project.root, 'list');
    assert.is(first.code, 0, first.stderr);
    assert.ok(existsSync(path.join(cache, name)), 'the config was cached under its name');
    writeFileSync(path.join(cache, name), `${'f'.repeat(64)}\n{"target":"codex"}`);
    const v8 = path.join(cache, 'v8');
    for (const file of readdirSync(v8)) writeFileSync(path.join(v8, file), `${'a'.repeat(64)}\nnot V8 data`);
    const run = cliWithEnv({ SWARM_CONDUCTOR_CACHE_DIR: cache }, project.root, 'execute', 'plan.json');
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /Start a session in Claude Code/);
    const folder = cacheFolder({ SWARM_CONDUCTOR_CACHE_DIR: cache })!;
    assert.is(
      readEntry(folder, name)?.toString(),
      '{"target":"claude"}',
      'the forged entry was replaced by a signed one',
    );
    for (const file of readdirSync(v8))
      assert.ok(readEntry(folder, `v8/${file}`), 'the forged code cache was replaced by a signed one');
  },
);

/**
 * Runs a TypeScript-config project twice with a cache folder made unsafe in between; planted jiti code must not run.
 */
function unsafeFolderCase(spoil: (dir: string) => string): void {
  const dir = privateCache();
  const project = makeProject({
    'conductor.config.ts': CLAUDE_CONFIG.replace("'claude'", "process.env.HOME ? 'claude' : 'claude'"),
    'plan.json': plan,
  });
  assert.is(cliWithEnv({ SWARM_CONDUCTOR_CACHE_DIR: dir }, project.root, 'list').code, 0);
  const jiti = path.join(dir, 'jiti');
  const [transpiled] = readdirSync(jiti);
  assert.ok(transpiled, 'jiti kept the transpiled config in the private folder');
  const marker = path.join(project.root, 'PLANTED-CODE-RAN');
  const original = readFileSync(path.join(jiti, transpiled!), 'utf8');
  const validity = original.slice(original.lastIndexOf(' /* v'));
  writeFileSync(
    path.join(jiti, transpiled!),
    `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = { default: { target: ` +
      `'codex' } };${validity}`,
  );
  const used = spoil(dir);
  const run = cliWithEnv({ SWARM_CONDUCTOR_CACHE_DIR: used }, project.root, 'execute', 'plan.json');
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /Start a session in Claude Code/);
  assert.not.ok(existsSync(marker), 'code planted in an unsafe cache folder did not run');
}

test('a cache folder others can write is refused, and what is planted in it never runs', async () => {
  unsafeFolderCase((dir) => {
    chmodSync(dir, 0o777);
    return dir;
  });
});

// Only root can give a folder away: for anyone else this test is counted as skipped.
(process.getuid?.() === 0 ? test : test.skip)('a cache folder that belongs to another user is refused', async () => {
  unsafeFolderCase((dir) => {
    chownSync(dir, 65534, 65534);
    return dir;
  });
});

test('a cache folder that is a link is refused', async () => {
  unsafeFolderCase((dir) => {
    const link = `${dir}-link`;
    symlinkSync(dir, link);
    return link;
  });
});

test('without a usable cache folder every command still works', async () => {
  const project = makeProject({ 'conductor.config.ts': CLAUDE_CONFIG, 'plan.json': plan });
  const env = { SWARM_CONDUCTOR_CACHE_DIR: undefined, HOME: '/nonexistent/home', XDG_CACHE_HOME: undefined };
  const run = cliWithEnv(env, project.root, 'execute', 'plan.json');
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /Claude Code/);
  assert.is(cliWithEnv(env, project.root, 'status').code, 0);
});

test('by default the cache is the platform cache folder, created 0700', async () => {
  const home = makeTempDir('swarm-conductor-home-');
  const project = makeProject({ 'plan.json': plan });
  const run = cliWithEnv(
    { SWARM_CONDUCTOR_CACHE_DIR: undefined, XDG_CACHE_HOME: undefined, HOME: home },
    project.root,
    'execute',
    'plan.json',
  );
  assert.is(run.code, 0, run.stderr);
  const dir = path.join(home, '.cache', 'swarm-conductor');
  if (process.platform === 'linux') {
    assert.ok(existsSync(dir), dir);
    assert.is(readdirSync(path.join(dir, 'v8')).length > 0, true, 'the V8 code cache was written there');
  }
});

test('the command line works through the launcher: --help, --version, a JavaScript config', async () => {
  const project = makeProject({ 'conductor.config.mjs': "export default { target: 'codex' };", 'plan.json': plan });
  assert.match(spawnCli(project.root, '--help').stdout, /swarm-conductor <command> \[options\]/);
  assert.match(spawnCli(project.root, '--version').stdout, /^\d+\.\d+\.\d+\n$/);
  assert.match(spawnCli(project.root, 'execute', 'plan.json').stdout, /Start a session in Codex CLI/);
});

test("prompts of large plans give the step's place in the order instead of the whole order", async () => {
  const project = makeProject({
    'plan.json': JSON.stringify(
      planOf(
        'big',
        Array.from({ length: 40 }, (_, i) => ['BackendMaster', i ? [i] : []] as [string, number[]]),
      ),
    ),
  });
  spawnCli(project.root, 'execute', 'plan.json');
  const prompt = spawnCli(project.root, 'prompt').stdout;
  assert.match(prompt, /- Step: 1 of 40; number 1 in execution order\n/);
  assert.not.match(prompt, /1 → 2 → 3/);
});

test.run();
