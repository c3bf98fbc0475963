// A fake `claude -p --output-format stream-json` for the bench's headless row: it answers at
// once, as an honest agent would — writes src/part-<n>.ts for the step its prompt names
// ("# Step <n> of <m>"), runs the tests (they pass) and says so — so each step takes the whole
// road: worktree, stream, commit, verify, merge. Started as `node fake-claude.mjs <its arguments…>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const prompt = process.argv.slice(2).find((arg) => /^# Step \d+ of \d+/m.test(arg)) ?? '';
const step = Number(/^# Step (\d+) of/m.exec(prompt)?.[1] ?? 0);
const file = `src/part-${step}.ts`;
mkdirSync('src', { recursive: true });
writeFileSync(file, `export const part${step} = ${step};\n`);
const at = path.join(process.cwd(), file);
const session = '7a1d2c3b-4e5f-4a6b-8c9d-0e1f2a3b4c5d';
const pass = ['> shop@1.0.0 test', '> node --test', '', 'ℹ tests 3', 'ℹ pass 3', 'ℹ fail 0'].join('\n');
const said = `Added \`${file}\`. All 3 tests pass (\`npm test\`).`;
const use = (id, name, input) => ({
  type: 'assistant',
  message: { id: `msg_${id}`, role: 'assistant', content: [{ type: 'tool_use', id, name, input }] },
  session_id: session,
});
const result = (id, content) => ({
  type: 'user',
  message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content, is_error: false }] },
  session_id: session,
});
const lines = [
  { type: 'system', subtype: 'init', cwd: process.cwd(), session_id: session, tools: ['Bash', 'Write'] },
  use('toolu_1', 'Write', { file_path: at, content: 'export {}\n' }),
  result('toolu_1', 'The file has been updated.'),
  use('toolu_2', 'Bash', { command: 'npm test' }),
  result('toolu_2', pass),
  { type: 'assistant', message: { id: 'msg_3', role: 'assistant', content: [{ type: 'text', text: said }] } },
  { type: 'result', subtype: 'success', is_error: false, num_turns: 3, result: said, session_id: session },
];
process.stdout.write(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
