/**
 * What `npm pack` publishes: the license named in package.json is the LICENSE file shipped with
 * it, beside the README, the bin, the built library, templates, schemas and the example.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO } from './helpers.js';

const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;

test('package.json names the MIT license, and LICENSE is that license', () => {
  assert.is(manifest.license, 'MIT');
  const license = readFileSync(path.join(REPO, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} \S/);
  assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
  assert.type(manifest.author, 'string');
  assert.type(manifest.description, 'string');
});

test('npm pack ships LICENSE, README, the bin, the library and its types, templates, schemas, the example', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
  assert.is(packed.status, 0, packed.stderr);
  const [report] = JSON.parse(packed.stdout) as { files: { path: string }[] }[];
  const files = new Set(report!.files.map((file) => file.path));
  for (const file of [
    'LICENSE',
    'README.md',
    'package.json',
    'bin/swarm-conductor.cjs',
    'dist/index.js',
    'dist/index.d.ts',
    'templates/session.md.njk',
    'schemas/plan.schema.json',
    'examples/user-auth.json',
  ])
    assert.ok(files.has(file), `${file} is not in the package`);
  assert.not.ok(
    [...files].some((file) => file.startsWith('test/') || file.startsWith('src/')),
    'sources packed',
  );
});

test('npm test piped into a file or CI log carries no colour codes, and ends with the line CI counts', () => {
  // As a shell would start it: without the FORCE_COLOR this suite's own uvu set.
  const { FORCE_COLOR: _set, ...env } = process.env;
  const run = spawnSync(process.execPath, ['scripts/test.mjs', 'schemas\\.test\\.ts$'], {
    cwd: REPO,
    encoding: 'utf8',
    env,
  });
  assert.is(run.status, 0, run.stderr);
  assert.not.match(run.stdout, /\u001b\[/);
  assert.match(run.stdout, /\n\d+ passed, 0 failed, 0 skipped\n$/);
});

test("the library returns data; the CLI's words are in swarm-conductor/format", async () => {
  const library = await import('../src/index.js');
  const words = await import('../src/format.js');
  assert.equal(
    Object.keys(library).filter((name) => name.startsWith('format')),
    [],
  );
  assert.ok(Object.keys(library).length <= 100, `${Object.keys(library).length} names`);
  for (const name of ['formatSummary', 'formatVerdict', 'formatPlan', 'formatStats', 'formatAgentReports'])
    assert.type((words as Record<string, unknown>)[name], 'function', name);
  const exports = manifest.exports as Record<string, { import: string; types: string }>;
  assert.is(exports['./format']?.import, './dist/format.js');
  assert.is(exports['./format']?.types, './dist/format.d.ts');
});

test.run();
