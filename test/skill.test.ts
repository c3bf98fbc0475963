/**
 * The skill for working a conducted step: `init --skill` and `agents export --target skills` write
 * it where Claude Code, Copilot CLI and Codex read skills, every tool and command it names is the
 * server's or the CLI's, and a file edited by hand is replaced only with --force.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import yaml from 'js-yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS } from '../src/cli/commands/index.js';
import type { CommandDefinition } from '../src/cli/define.js';
import { SKILL_FILES, SKILL_MD } from '../src/skill/skill.js';
import { CLI, cleanup, cli, makeProject, pattern, refused } from './helpers.js';

test.after.each(cleanup);

const FILES = ['.claude/skills/swarm-conductor/SKILL.md', '.agents/skills/swarm-conductor/SKILL.md'];
/** The options every command takes (src/cli/main.ts). */
const GLOBAL_FLAGS = ['cwd', 'config', 'json', 'verbose', 'color', 'help', 'version'];
/** Values the skill spells in code that are neither tools nor their arguments. */
const VALUES = ['latest', 'auto'];

function frontMatterOf(text: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, 'the file opens with front matter');
  return { data: yaml.load(match[1]!) as Record<string, unknown>, body: match[2]! };
}

test('init --skill writes the skill for Claude Code and for Copilot and Codex, with its front matter', async () => {
  const project = makeProject({ 'package.json': '{"name":"p","private":true}' });
  const run = await cli(project.root, 'init', '--skill');
  assert.is(run.code, 0, run.stderr);
  for (const file of FILES) {
    assert.match(run.stdout, new RegExp(`created\\s+${file.replace(/\./g, '\\.')}`));
    const { data, body } = frontMatterOf(project.read(file));
    assert.is(data.name, 'swarm-conductor', `${file}: the name is the skill's folder`);
    assert.type(data.description, 'string');
    const description = data.description as string;
    assert.ok(description.length <= 1024, 'Agent Skills cap the description at 1024 characters');
    assert.match(description, /step of a plan conducted by swarm-conductor/);
    assert.match(description, /Use when/, 'it says when to use it');
    assert.match(body, /^# Working a conducted step/m);
  }
  assert.equal(SKILL_FILES, FILES);
  assert.not.ok(project.exists('.claude/skills/swarm-conductor/README.md'), 'one file per skill folder');
  const plain = makeProject({ 'package.json': '{"name":"p","private":true}' });
  await cli(plain.root, 'init');
  assert.not.ok(plain.exists('.claude/skills'), 'init writes no skill unless asked');
});

test('agents export --target skills writes the same files; a second run of either leaves them unchanged', async () => {
  const project = makeProject({});
  const run = await cli(project.root, 'agents', 'export', '--target', 'skills');
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stdout.trimEnd(), FILES.map((file) => `created    ${file}`).join('\n'));
  for (const file of FILES) assert.is(project.read(file), SKILL_MD);
  const before = project.snapshot();
  const again = await cli(project.root, 'agents', 'export', '--target', 'skills');
  assert.is(again.stdout.trimEnd(), FILES.map((file) => `unchanged  ${file}`).join('\n'));
  const init = await cli(project.root, 'init', '--skill');
  for (const file of FILES) assert.match(init.stdout, new RegExp(`unchanged\\s+${file.replace(/\./g, '\\.')}`));
  assert.not.match(init.stdout, /(kept|created|replaced)\s+\.(claude|agents)\/skills/);
  for (const file of FILES) assert.is(project.read(file), before[file]);
});

test('a skill edited by hand is kept by init and refused by export, unless --force', async () => {
  const project = makeProject({});
  await cli(project.root, 'agents', 'export', '--target', 'skills');
  const edited = `${SKILL_MD}\nOur own rule: run npm run lint too.\n`;
  project.write(FILES[1]!, edited);
  await refused(
    project,
    ['agents', 'export', '--target', 'skills'],
    pattern(
      /error: a file would be replaced: \.agents\/skills\/swarm-conductor\/SKILL\.md \(it differs from the skill\)\n/,
      /.*--force to replace them \(nothing was written\)/,
    ),
  );
  const init = await cli(project.root, 'init', '--skill');
  assert.is(init.code, 0, init.stderr);
  assert.match(init.stdout, /unchanged\s+\.claude\/skills\/swarm-conductor\/SKILL\.md/);
  assert.match(init.stdout, /kept\s+\.agents\/skills\/swarm-conductor\/SKILL\.md/);
  assert.match(init.stdout, /1 existing file kept; --force replaces them/);
  assert.is(project.read(FILES[1]!), edited, 'init left the edited file as it was');
  const forced = await cli(project.root, 'agents', 'export', '--target', 'skills', '--force');
  assert.is(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /replaced\s+\.agents\/skills\/swarm-conductor\/SKILL\.md/);
  assert.is(project.read(FILES[1]!), SKILL_MD);
});

test('init --skill --dry-run writes nothing; export --out writes the skill under that folder', async () => {
  const project = makeProject({ 'package.json': '{"name":"p","private":true}' });
  const dry = await cli(project.root, 'init', '--skill', '--dry-run');
  for (const file of FILES) assert.match(dry.stdout, new RegExp(`would create\\s+${file.replace(/\./g, '\\.')}`));
  assert.equal(Object.keys(project.snapshot()), ['package.json']);
  const out = await cli(project.root, 'agents', 'export', '--target', 'skills', '--out', 'kit');
  assert.is(out.code, 0, out.stderr);
  for (const file of FILES) assert.is(project.read(`kit/${file}`), SKILL_MD);
  await refused(project, ['agents', 'export', '--target', 'skills', '--out', '../elsewhere'], /outside the project/);
});

test('every tool and argument the skill names in code is one the MCP server lists', async () => {
  const project = makeProject({});
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const client = new Client({ name: 'skill-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      cwd: project.root,
      env: { ...env, NO_COLOR: '1', HOME: project.root },
      stderr: 'pipe',
    }),
  );
  try {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    const argumentsOf = new Map(tools.map((tool) => [tool.name, Object.keys(tool.inputSchema.properties ?? {})]));
    const known = new Set([...names, ...[...argumentsOf.values()].flat(), ...VALUES]);
    const words = [...SKILL_MD.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!);
    assert.ok(words.length > 10, `${words.length} names in code`);
    assert.equal(
      words.filter((word) => !known.has(word)),
      [],
      'names in code that are no tool, argument or value',
    );
    for (const tool of ['next_step', 'get_prompt', 'start_step', 'complete_step', 'fail_step', 'verify_step'])
      assert.ok(words.includes(tool), `the skill names ${tool}`);
    // Each "`tool` with `argument`, `argument` …" names that tool's own arguments.
    for (const [, tool, list] of SKILL_MD.matchAll(/`([a-z]+_[a-z]+)` with ([^.;]*)/g)) {
      const given = [...list!.matchAll(/`([a-z]+)`/g)].map((match) => match[1]!).filter((w) => !VALUES.includes(w));
      assert.ok(given.length > 0, `${tool}: its arguments are named`);
      for (const name of given) assert.ok(argumentsOf.get(tool!)?.includes(name), `${tool} takes ${name}`);
    }
  } finally {
    await client.close();
  }
});

test('every command the skill names exists, with the options it gives it', async () => {
  const commands = [...SKILL_MD.matchAll(/`npx swarm-conductor ([^`]+)`/g)].map((match) => match[1]!);
  assert.ok(commands.length >= 6, `${commands.length} commands`);
  const named = new Set<string>();
  for (const line of commands) {
    if (line.startsWith('<')) continue; // `<command> --help`
    const words = line.split(/\s+/);
    let definition: CommandDefinition | undefined = COMMANDS.find((command) => command.name === words[0]);
    const typed = words.slice(0, definition?.subcommands ? 2 : 1);
    if (definition?.subcommands) definition = definition.subcommands.find((command) => command.name === words[1]);
    assert.ok(definition, `${line}: a command of the CLI`);
    named.add(definition.name);
    for (const [, flag] of line.matchAll(/--([a-z][\w-]*)/g)) {
      assert.ok(flag! in definition.args || GLOBAL_FLAGS.includes(flag!), `${definition.name} takes --${flag}`);
    }
    const help = await cli(makeProject({}).root, ...typed, '--help');
    assert.is(help.code, 0, `${line}: ${help.stderr}`);
  }
  assert.equal([...named].sort(), ['complete', 'fail', 'next', 'prompt', 'start', 'verify']);
});

test.run();
