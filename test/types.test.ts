/**
 * The published types stand alone: the conductor.config.ts that `init` writes type-checks in a
 * project that has only swarm-conductor (and TypeScript) installed — no @types/node, no
 * @types/yargs — under --strict with the library's own declarations checked (skipLibCheck false).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup, makeProject, type Project, REPO, spawnCli } from './helpers.js';

test.after.each(cleanup);

/**
 * node_modules/swarm-conductor as `npm install` leaves it (a copy, not a link: through a link tsc
 * would find this repository's own @types), and TypeScript from the shared node_modules.
 */
function installPackage(project: Project): void {
  const installed = project.path('node_modules/swarm-conductor');
  mkdirSync(installed, { recursive: true });
  for (const entry of ['package.json', 'dist', 'schemas']) {
    cpSync(path.join(REPO, entry), path.join(installed, entry), { recursive: true });
  }
  symlinkSync(realpathSync(path.join(REPO, 'node_modules/typescript')), project.path('node_modules/typescript'));
}

/** A user's project: ESM, swarm-conductor installed, `init` run in it. */
function initializedProject(tree: Record<string, string> = {}, ...initArgs: string[]): Project {
  const project = makeProject({ 'package.json': '{ "name": "user-project", "private": true, "type": "module" }\n' });
  for (const [file, content] of Object.entries(tree)) project.write(file, content);
  installPackage(project);
  const init = spawnCli(project.root, 'init', ...initArgs);
  assert.is(init.code, 0, init.stderr);
  // Both entry points a config may import from.
  project.write('uses-config-entry.ts', "import { defineConfig } from 'swarm-conductor/config';\ndefineConfig({});\n");
  return project;
}

/** tsc from the project's node_modules on a tsconfig with these module settings; its exit code and output. */
function typeCheck(project: Project, module: string, moduleResolution: string): { code: number; output: string } {
  const tsconfig = `tsconfig.${moduleResolution}.json`;
  const compilerOptions = {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    target: 'es2022',
    // No DOM and no Node globals: the declarations may lean on neither.
    lib: ['es2022'],
    module,
    moduleResolution,
  };
  project.write(
    tsconfig,
    JSON.stringify({ compilerOptions, include: ['conductor.config.ts', 'uses-config-entry.ts'] }, null, 2),
  );
  const result = spawnSync(
    process.execPath,
    [project.path('node_modules/typescript/bin/tsc'), '-p', tsconfig, '--pretty', 'false'],
    {
      cwd: project.root,
      encoding: 'utf8',
    },
  );
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

test('the conductor.config.ts init writes type-checks with only swarm-conductor installed (node16, bundler)', () => {
  const project = initializedProject();
  assert.ok(!project.exists('node_modules/@types'), 'the project must have no @types of its own');
  for (const [module, moduleResolution] of [
    ['node16', 'node16'],
    ['preserve', 'bundler'],
  ] as const) {
    const { code, output } = typeCheck(project, module, moduleResolution);
    assert.is(output, '', `tsc (${moduleResolution}) printed:\n${output}`);
    assert.is(code, 0, moduleResolution);
  }
});

test('the config init writes for agent folders it found (agentsDir a list) type-checks too', () => {
  const project = initializedProject(
    { '.claude/agents/reviewer.md': '---\nname: reviewer\ndescription: Reviews changes\n---\nReview.\n' },
    '--builtin-agents',
  );
  assert.match(project.read('conductor.config.ts'), "agentsDir: ['agents', '.claude/agents'],");
  const { code, output } = typeCheck(project, 'node16', 'node16');
  assert.is(output, '');
  assert.is(code, 0);
});

test('a mistake in the config is reported by tsc in that project (the check above can fail)', () => {
  const project = initializedProject();
  project.write(
    'conductor.config.ts',
    project.read('conductor.config.ts').replace("target: 'generic'", "target: 'emacs'"),
  );
  const { code, output } = typeCheck(project, 'node16', 'node16');
  assert.is.not(code, 0);
  assert.match(output, /conductor\.config\.ts\(\d+,\d+\): error TS2322: Type '"emacs"' is not assignable/);
});

test.run();
