// The baseline of the 1,000-step execute row: a plain Node script that writes the same files
// execute writes — as many prompt files, of the same sizes, and a state file of the same size —
// with nothing else (no plan, no templates, no checks). What execute takes beyond it is ours.
//   node bench/plain-writer.mjs <sizes.json> <out folder>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [sizesFile, out] = process.argv.slice(2);
const { prompts, state } = JSON.parse(readFileSync(sizesFile, 'utf8'));
const folder = path.join(out, `execution-${Date.now()}-${process.pid}`);
mkdirSync(folder, { recursive: true });
const text = (size) => 'x'.repeat(size);
for (const [index, size] of prompts.entries()) {
  writeFileSync(path.join(folder, `step-${index + 1}.prompt.md`), text(size));
}
writeFileSync(`${folder}.json`, text(state));
