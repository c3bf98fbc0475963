// npm run lint: Biome's lint and format check over the code, and no line over 120 characters
// (the formatter keeps to 120 where it can, but it never breaks a string).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const MAX = 120;
const FOLDERS = ['src', 'test', 'scripts', 'bench', 'bin'];
const SKIP = new Set(['fixtures', '.work', 'node_modules']);

try {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', '--error-on-warnings'],
    { cwd: root, stdio: 'inherit' },
  );
} catch {
  process.exitCode = 1;
}

const long = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (/\.(ts|mjs|cjs|js)$/.test(name)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (line.length > MAX) long.push(`${path.relative(root, file)}:${index + 1}: ${line.length} characters`);
        });
    }
  }
};
for (const folder of FOLDERS) walk(path.join(root, folder));
if (long.length > 0) {
  console.log(`${long.length} line${long.length === 1 ? '' : 's'} over ${MAX} characters:\n${long.join('\n')}`);
  process.exitCode = 1;
}
