/** What a person watching `run --headless` sees: live lines on a terminal, a line per event elsewhere. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { progressBoard, renderLiveLines } from '../src/headless/progress.js';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');

test('a live line per running step: step, agent, CLI, elapsed time, last tool; sorted, cut to the width', () => {
  const steps = [
    { stepNumber: 2, agentName: 'FrontendExpert', agent: 'codex', startedAt: T0 + 2000 },
    { stepNumber: 1, agentName: 'BackendMaster', agent: 'claude', startedAt: T0, lastTool: 'Bash npm test' },
  ];
  assert.equal(renderLiveLines(steps, T0 + 12_300), [
    '▶ step 1 · BackendMaster · claude · 12.3 s · Bash npm test',
    '▶ step 2 · FrontendExpert · codex · 10.3 s · starting',
  ]);
  assert.equal(renderLiveLines([{ ...steps[1]!, lastTool: `Write ${'x'.repeat(80)}` }], T0 + 125_000, 40), [
    '▶ step 1 · BackendMaster · claude · 2 …',
  ]);
  assert.equal(
    renderLiveLines([{ ...steps[1]!, agentName: 'Evil\u001b[2J' }], T0)[0],
    '▶ step 1 · Evil\\x1b[2J · claude · 0.0 s · Bash npm test',
  );
});

/** A stream that records what is written to it. */
function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { write: (text: string) => written.push(text), isTTY, columns: 60 } };
}

test('off a terminal: one line per event, tool calls included, nothing rewritten', () => {
  const { written, out } = recorder(false);
  const board = progressBoard(out, () => T0);
  board.line('step 1 · BackendMaster · started: claude -p …');
  board.running({ stepNumber: 1, agentName: 'BackendMaster', agent: 'claude', startedAt: T0 });
  board.tool(1, 'Write src/api.ts');
  board.tool(1, 'Bash npm test');
  board.stopped(1);
  board.line('step 1 · BackendMaster · verified · merged into main');
  board.close();
  assert.equal(written, [
    'step 1 · BackendMaster · started: claude -p …\n',
    'step 1 · BackendMaster · claude: Write src/api.ts\n',
    'step 1 · BackendMaster · claude: Bash npm test\n',
    'step 1 · BackendMaster · verified · merged into main\n',
  ]);
  assert.not.ok(written.join('').includes('\u001b'), 'no escape sequence');
});

test('on a terminal: the live lines sit below the lines that stay and are rewritten in place', () => {
  const { written, out } = recorder(true);
  let now = T0;
  const board = progressBoard(out, () => now);
  board.running({ stepNumber: 1, agentName: 'BackendMaster', agent: 'claude', startedAt: T0 });
  board.running({ stepNumber: 2, agentName: 'FrontendExpert', agent: 'codex', startedAt: T0 });
  now = T0 + 4200;
  board.tool(2, 'Bash npm test');
  board.line('step 1 · BackendMaster · failed: claude said \u001b]0;x\u0007');
  board.stopped(1);
  board.close();
  assert.equal(written, [
    '▶ step 1 · BackendMaster · claude · 0.0 s · starting\n',
    '\u001b[1A\r\u001b[J▶ step 1 · BackendMaster · claude · 0.0 s · starting\n' +
      '▶ step 2 · FrontendExpert · codex · 0.0 s · starting\n',
    '\u001b[2A\r\u001b[J▶ step 1 · BackendMaster · claude · 4.2 s · starting\n' +
      '▶ step 2 · FrontendExpert · codex · 4.2 s · Bash npm test\n',
    // A line that stays goes above the live ones; its controls are made visible.
    '\u001b[2A\r\u001b[Jstep 1 · BackendMaster · failed: claude said \\x1b]0;x\\x07\n' +
      '▶ step 1 · BackendMaster · claude · 4.2 s · starting\n' +
      '▶ step 2 · FrontendExpert · codex · 4.2 s · Bash npm test\n',
    '\u001b[2A\r\u001b[J▶ step 2 · FrontendExpert · codex · 4.2 s · Bash npm test\n',
    // Closed: nothing live is left on the screen.
    '\u001b[1A\r\u001b[J',
  ]);
});

test.run();
