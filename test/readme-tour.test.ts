/**
 * The README's tour, run as written in an empty folder (the install lines aside: ../shared/tools/fresh-install.sh
 * proves those).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, cleanup, makeProject, REPO } from './helpers.js';

test.after.each(cleanup);

test(
  'every npx swarm-conductor line of the README tour runs in an empty folder and prints what the README ' + 'says',
  () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const tour = /## A tour\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const project = makeProject({ 'package.json': '{"name":"my-project","private":true}' });
    const lines = tour.split('\n');
    let ran = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line.startsWith('npx swarm-conductor')) continue;
      const command = line.replace(/\s+#.*$/, '').replace(/\\$/, '');
      const shell = command.replace(/^npx swarm-conductor/, `"${process.execPath}" "${CLI}"`);
      const result = spawnSync('sh', ['-c', shell], {
        cwd: project.root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', npm_command: 'exec', SWARM_CONDUCTOR_COMMAND: undefined },
      });
      assert.is(result.status, 0, `${command}: ${result.stderr}`);
      // The comment lines under a command say what it prints; "…" stands for whatever varies.
      for (let k = i + 1; k < lines.length && lines[k]!.startsWith('#   '); k++) {
        const expected = lines[k]!.slice(4).trim();
        const pattern = new RegExp(
          expected
            .split('…')
            .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')
            .replace(/exec-2026-01-23T00-17-01-717Z-3f9a1c/g, 'exec-[0-9TZ-]+-[0-9a-f]+')
            .replace(/plan-2026-/g, 'plan-\\d{4}-'),
        );
        assert.match(result.stdout, pattern, `${command} prints ${expected}`);
      }
      ran++;
    }
    assert.ok(ran >= 6, `${ran} commands`);
  },
);

test.run();
