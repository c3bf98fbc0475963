/**
 * The command line as a person meets it: help for every subcommand, suggestions, colour, the names it prints, requiring
 * the library.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yargs from 'yargs';
import { commandNameFor } from '../src/cli/invocation.js';
import { skipYargsHelpCache } from '../src/cli/help-cache.js';
import {
  CLI,
  cleanup,
  cli,
  cliWithEnv,
  makeProject,
  makeTempDir,
  planOf,
  REPO,
  refused,
  pattern,
  spawnCli,
} from './helpers.js';

test.after.each(cleanup);

test('plan import, plan validate and plan show each have their own --help', async () => {
  const project = makeProject();
  const usages: Record<string, RegExp> = {
    import: /swarm-conductor plan import <file>\n\ntake the JSON plan out of an agent's answer/,
    validate: /swarm-conductor plan validate <file>\n\ncheck a plan file/,
    show: /swarm-conductor plan show <file>\n\na plan's steps, execution order and waves/,
  };
  for (const [name, usage] of Object.entries(usages)) {
    const result = await cli(project.root, 'plan', name, '--help');
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, usage, name);
  }
  assert.match((await cli(project.root, 'plan', '--help')).stdout, /Commands:\n\s+swarm-conductor plan import <file>/);
});

test("a subcommand's --help shows its own options and the common ones, not its parent's", async () => {
  const project = makeProject();
  const help = async (...args: string[]) => {
    const result = await cli(project.root, ...args, '--help');
    assert.is(result.code, 0, result.stderr);
    return result.stdout;
  };
  for (const name of ['import', 'validate', 'show']) {
    const text = await help('plan', name);
    assert.match(text, /--json/, `plan ${name}`);
    assert.not.match(text, /--prompt|--explain|--agents|\bgoal\b/, `plan ${name} shows plan's own options`);
  }
  assert.match(await help('plan'), /--prompt/);
  assert.match(await help('agents', 'export'), /--target/);
  assert.not.match(await help('agents', 'list'), /--target|--force/);
  assert.not.match(await help('agents', 'import'), /--target|--compact/);
});

test('an option a command does not take is refused, naming the option and the command', async () => {
  const project = makeProject({ 'p.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  const cases: [string[], string, string][] = [
    [['plan', 'validate', 'p.json', '--bogus'], '--bogus', 'plan validate'],
    [['plan', 'validate', '--bogus', 'p.json'], '--bogus', 'plan validate'],
    [['plan', 'validate', 'p.json', '--prompt'], '--prompt', 'plan validate'],
    [['plan', 'show', 'p.json', '--explain'], '--explain', 'plan show'],
    [['plan', 'import', 'p.json', '--bogus=1'], '--bogus', 'plan import'],
    [['plan', 'Build', 'it', '--bogus'], '--bogus', 'plan'],
    [['agents', 'list', '--bogus'], '--bogus', 'agents list'],
    [['agents', 'show', 'BackendMaster', '--bogus'], '--bogus', 'agents show'],
    [['agents', 'validate', '--bogus'], '--bogus', 'agents validate'],
    [['agents', 'new', 'x', '--bogus'], '--bogus', 'agents new'],
    [['agents', 'export', '--target', 'claude', '--bogus'], '--bogus', 'agents export'],
    [['agents', 'import', '--bogus'], '--bogus', 'agents import'],
    [['agents', 'list', '--target', 'claude'], '--target', 'agents list'],
    [['templates', 'list', '--bogus'], '--bogus', 'templates list'],
    [['templates', 'check', '-z'], '-z', 'templates check'],
    [['git', 'setup', '--bogus'], '--bogus', 'git setup'],
    [['ci', 'github', '--agent', 'claude', '--bogus'], '--bogus', 'ci github'],
    [['--cwd', '.', 'status', '--frob'], '--frob', 'status'],
  ];
  for (const [args, option, command] of cases) {
    const before = project.snapshot();
    const result = await cli(project.root, ...args);
    assert.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    const [first, second, ...rest] = result.stderr.split('\n');
    assert.is(first, `error: unknown option ${option} for "${command}"`, args.join(' '));
    assert.is(second, `  hint: swarm-conductor ${command} --help lists its options`, args.join(' '));
    assert.equal(rest, ['']);
    assert.is(result.stdout, '');
    assert.equal(project.snapshot(), before, `${args.join(' ')} changed files`);
  }
  // Several at once are named together; a near miss gets a did-you-mean.
  assert.match(
    (await cli(project.root, 'plan', 'show', 'p.json', '--a', '--b')).stderr,
    /^error: unknown options --a, --b for "plan show"\n/,
  );
  assert.match(
    (await cli(project.root, 'agents', 'export', '--target', 'claude', '--compat')).stderr,
    /^error: unknown option --compat for "agents export" — did you mean --compact\?\n/,
  );
  // What they do take still works, in every spelling yargs reads.
  assert.is((await cli(project.root, 'plan', 'validate', 'p.json', '--json', '--no-color')).code, 0);
  assert.is(
    (await cli(project.root, 'git', 'setup', '--dryRun')).code,
    (await cli(project.root, 'git', 'setup', '--dry-run')).code,
  );
});

test('a goal is still a goal: plan with several words makes a plan; plan show of a file shows it', async () => {
  const project = makeProject({ 'p.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  const made = await cli(project.root, 'plan', 'Build', 'a', 'REST', 'API');
  assert.is(made.code, 0, made.stderr);
  assert.match(made.stdout, /Plan written: proof\/plans\/plan-.*-build-a-rest-api\.json/);
  assert.match((await cli(project.root, 'plan', 'show', 'p.json')).stdout, /Order: 1/);
  await refused(project, ['plan', 'show'], /not enough non-option arguments|missing required argument: file/i);
});

test('a misspelt subcommand gets a did-you-mean naming the subcommands', async () => {
  const project = makeProject();
  await refused(
    project,
    ['agents', 'lst'],
    pattern(
      /error: unknown agents subcommand "lst" — did you mean "agents list"\? \(agents: list, show, validate, ne/,
      /w, export, import\)/,
    ),
  );
  await refused(project, ['templates', 'chek'], /did you mean "templates check"\?/);
  await refused(project, ['stauts'], /unknown command "stauts" — did you mean "status"\?/);
});

test('colour: off when piped, on with --color, off with --no-color or NO_COLOR even on a terminal', async () => {
  const project = makeProject({
    'plan.json': JSON.stringify(
      planOf('g', [
        ['BackendMaster', []],
        ['TesterElite', [1]],
      ]),
    ),
  });
  await cli(project.root, 'execute', 'plan.json');
  await cli(project.root, 'complete', 'latest', '1');
  const ANSI = /\u001b\[/;
  assert.not.match((await cli(project.root, 'status')).stdout, ANSI);
  assert.match((await cli(project.root, 'status', '--color')).stdout, /\u001b\[32m✓/);
  assert.not.match((await cli(project.root, 'status', '--no-color')).stdout, ANSI);
  assert.not.match((await cli(project.root, 'status', '--json', '--color')).stdout, ANSI, 'JSON is never coloured');
  // On a real terminal (script gives the command one), colour is on unless NO_COLOR or --no-color says otherwise.
  const onTerminal = (env: Record<string, string | undefined>, ...args: string[]) =>
    spawnSync('script', ['-qec', [process.execPath, CLI, ...args].map((word) => `'${word}'`).join(' '), '/dev/null'], {
      cwd: project.root,
      encoding: 'utf8',
      env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    }).stdout;
  assert.match(onTerminal({ NO_COLOR: undefined }, 'status'), ANSI);
  assert.not.match(onTerminal({ NO_COLOR: '1' }, 'status'), ANSI);
  assert.not.match(onTerminal({ NO_COLOR: undefined }, 'status', '--no-color'), ANSI);
});

test(
  'next-step commands name the CLI as it was started: on PATH, through npx, from node_modules, from a ' + 'checkout',
  async () => {
    const checkout = path.join(REPO, 'bin/swarm-conductor.cjs');
    assert.is(commandNameFor(checkout, { PATH: '' }, REPO), 'node bin/swarm-conductor.cjs');
    assert.is(commandNameFor(checkout, { npm_command: 'exec', PATH: '' }, REPO), 'npx swarm-conductor');
    assert.is(commandNameFor(checkout, { SWARM_CONDUCTOR_COMMAND: 'sc', PATH: '' }, REPO), 'sc');
    const bin = makeTempDir();
    symlinkSync(checkout, path.join(bin, 'swarm-conductor'));
    assert.is(commandNameFor(checkout, { PATH: bin }, '/'), 'swarm-conductor');
    const project = makeTempDir();
    mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(REPO, path.join(project, 'node_modules', 'swarm-conductor'));
    symlinkSync(checkout, path.join(project, 'node_modules', '.bin', 'swarm-conductor'));
    const installed = path.join(project, 'node_modules', 'swarm-conductor', 'bin', 'swarm-conductor.cjs');
    assert.is(
      commandNameFor(installed, { PATH: path.join(project, 'node_modules', '.bin') }, project),
      'npx swarm-conductor',
      'npm scripts put node_modules/.bin on PATH',
    );
    // Through the real CLI: a run through npx says so in what it prints.
    const run = cliWithEnv(
      { SWARM_CONDUCTOR_COMMAND: undefined, npm_command: 'exec' },
      makeProject({ 'plan.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) }).root,
      'execute',
      'plan.json',
    );
    assert.match(run.stdout, /When the work is done: npx swarm-conductor complete exec-/);
  },
);

test('init suggests making a plan from a goal', async () => {
  const result = await cli(makeProject().root, 'init');
  assert.match(
    result.stdout,
    pattern(
      /Next: swarm-conductor plan "<your goal>" writes a plan from a goal; then swarm-conductor execute <the pl/,
      /an file it names>\./,
    ),
  );
});

test('status, list and next load neither nunjucks nor the agent parser; only mcp loads the SDK and zod', async () => {
  const project = makeProject({ 'plan.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  await cli(project.root, 'execute', 'plan.json');
  // Every module an import resolves (the MCP SDK and zod are imported, not required), logged by a loader hook.
  const log = path.join(makeTempDir(), 'resolved.log');
  const hooks = [
    "import { appendFileSync } from 'node:fs';",
    'export async function resolve(specifier, context, next) {',
    '  const result = await next(specifier, context);',
    '  appendFileSync(process.env.PROBE_LOG, result.url + "\\n");',
    '  return result;',
    '}',
  ].join('\n');
  // The built library's CLI in a fresh process: which packages did each command load?
  const probe = [
    "import { createRequire, register } from 'node:module';",
    "import { readFileSync } from 'node:fs';",
    `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`,
    `const { main } = await import(${JSON.stringify(path.join(REPO, 'dist/cli/main.js'))});`,
    'const sink = { write: () => true };',
    'const code = await main(process.argv.slice(1), { stdout: sink, stderr: sink, env: process.env, isTTY: false },',
    '  { cwd: process.cwd(), launcher: "swarm-conductor" });',
    'const required = Object.keys(createRequire(import.meta.url).cache);',
    "const imported = readFileSync(process.env.PROBE_LOG, 'utf8').split('\\n');",
    // js-yaml is imported (not required) by the targets' export kit, which views/status.ts reaches through the
    // registry: for it, only a require counts, as before the hook.
    "const heavy = ['nunjucks', 'gray-matter', 'js-yaml', '@modelcontextprotocol/sdk', 'zod'].filter((name) =>",
    "  [...required, ...(name === 'js-yaml' ? [] : imported)]",
    "    .some((file) => file.includes('/node_modules/' + name + '/')));",
    'console.log(JSON.stringify({ code, heavy }));',
  ].join('\n');
  const run = (...command: string[]) => {
    writeFileSync(log, '');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe, ...command], {
      cwd: project.root,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, PROBE_LOG: log },
    });
    assert.ok(result.stdout, `${command[0]}: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as { code: number; heavy: string[] };
  };
  for (const command of [['status'], ['list'], ['next'], ['mcp', '--print-config', 'codex']]) {
    assert.equal(run(...command), { code: 0, heavy: [] }, command.join(' '));
  }
  assert.equal(run('prompt').heavy, ['nunjucks', 'gray-matter', 'js-yaml'], 'the probe sees them when loaded');
  // The server, its input closed at once: it loads the SDK, answers nothing and ends.
  assert.equal(run('mcp').heavy, ['@modelcontextprotocol/sdk', 'zod'], 'and sees the SDK when mcp loads it');
  // Every other command, those that render, write, verify and export too: never the SDK or zod.
  const others = [
    ['init', '--skill'],
    ['agents', 'export', '--target', 'skills'],
    ['agents', 'list'],
    ['validate'],
    ['execute', 'plan.json'],
    ['complete', 'latest', '1', '--output', 'API created'],
    ['verify', 'latest', '1', '--transcript', 'session.log'],
    ['report'],
    ['stats'],
    ['plan', 'Build a REST API'],
  ];
  writeFileSync(path.join(project.root, 'session.log'), '$ npm test\n10 passing\n$ echo done\ndone\n');
  for (const command of others) {
    const { code, heavy } = run(...command);
    assert.ok(code === 0 || code === 3, `${command.join(' ')} ran (exit ${code})`);
    assert.equal(
      heavy.filter((name) => name === '@modelcontextprotocol/sdk' || name === 'zod'),
      [],
      `${command.join(' ')} loads neither the MCP SDK nor zod`,
    );
  }
});

test("yargs is kept from rendering a command's help after every parse (src/cli/help-cache.ts)", async () => {
  type Usage = { hasCachedHelpMessage(): boolean };
  const usageOf = (parser: unknown) =>
    (parser as { getInternalMethods(): { getUsageInstance(): Usage } }).getInternalMethods().getUsageInstance();
  for (const skip of [false, true]) {
    const parser = yargs(['go'])
      .command('go', 'a command', () => {})
      .exitProcess(false);
    if (skip) skipYargsHelpCache(parser);
    await parser.parseAsync();
    assert.is(usageOf(parser).hasCachedHelpMessage(), !skip, skip ? 'skipped' : 'yargs does it by itself');
  }
});

test('help lays out text that is not plain ASCII too (the bundle measures it with the real string-width)', async () => {
  const help = spawnCli(makeProject().root, 'git', '--help');
  assert.is(help.code, 0, help.stderr);
  assert.match(
    help.stdout,
    pattern(
      /\n {2}swarm-conductor git setup {2}register the merge driver for execution state in \.gitattributes and\n/,
      / {29}this clone’s git config\n/,
    ),
  );
});

test("require('swarm-conductor') works from CommonJS, as import does", async () => {
  const project = makeProject();
  mkdirSync(project.path('node_modules'));
  symlinkSync(REPO, project.path('node_modules/swarm-conductor'));
  writeFileSync(
    project.path('use.cjs'),
    "const sc = require('swarm-conductor'); console.log([typeof sc.StepRunner, typeof sc.defineConfig, " +
      "sc.DEFAULT_HARD_RULES.length > 0].join(' '));",
  );
  writeFileSync(
    project.path('use.mjs'),
    "import { StepRunner } from 'swarm-conductor'; console.log(typeof StepRunner);",
  );
  const required = spawnSync(process.execPath, ['use.cjs'], { cwd: project.root, encoding: 'utf8' });
  assert.is(required.stdout.trim(), 'function function true', required.stderr);
  assert.not.match(required.stderr, /Warning/);
  assert.is(
    spawnSync(process.execPath, ['use.mjs'], { cwd: project.root, encoding: 'utf8' }).stdout.trim(),
    'function',
  );
});

test.run();
