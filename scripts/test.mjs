// Runs the uvu suites under test/ (TypeScript through tsx) and ends with the line CI counts:
// "N passed, N failed, N skipped". uvu's own summary is passed through but is not in that form.
//   node scripts/test.mjs          the fast suites (npm test)
//   node scripts/test.mjs --slow   the fuzz, kill and terminal (tmux) suites (npm run test:slow)
//   node scripts/test.mjs <regex>  the suites whose file name matches
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SLOW = '(fuzz|reliability|tty|browser)\\.test\\.ts$';
const argument = process.argv[2];
const pattern = argument === '--slow' ? SLOW : (argument ?? `^(?!.*${SLOW}).*\\.test\\.ts$`);
const child = spawn(
  process.execPath,
  // uvu colours by default, even into a pipe, and sets FORCE_COLOR for every process a test starts:
  // colour only for a terminal (a log or CI reads plain text).
  [
    '--import',
    'tsx',
    path.join(root, 'node_modules/uvu/bin.js'),
    'test',
    pattern,
    ...(process.stdout.isTTY ? [] : ['--no-color']),
  ],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);

let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? Number.NaN);
  const [total, passed, skipped] = [count('Total'), count('Passed'), count('Skipped')];
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log('\nthe test run ended without a summary');
    console.log('0 passed, 1 failed, 0 skipped');
    process.exitCode = code || 1;
    return;
  }
  const failed = total - passed + (code !== 0 && total === passed ? 1 : 0);
  console.log(`\n${passed} passed, ${failed} failed, ${Number.isNaN(skipped) ? 0 : skipped} skipped`);
  process.exitCode = failed > 0 ? 1 : (code ?? 1);
});
