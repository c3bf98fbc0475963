/**
 * What GitHub Copilot CLI's `/share` writes to a markdown file. It starts
 * `# 🤖 Copilot CLI Session`; each entry follows a `<sub>⏱️ 12s</sub>` line: `### 👤 User` and
 * `### 💬 Copilot` for the turns, `` ### ✅ `bash` `` (or ❌ when the call failed) for a tool
 * call, with its arguments and its output in `<details>` blocks (fenced), entries parted by
 * `---`. The bash tool's output ends with `<exited with exit code N>`.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../read.js';
import { EDIT_TOOLS, exitCodeIn, isObject, SHELL_TOOLS, text, WRITE_TOOLS } from './shared.js';

const HEADING = /^### (?:(👤) User|(💬) Copilot|(✅|❌) `([^`]+)`)\s*$/u;
const FENCE = /^(`{3,}|~{3,})\s*([\w-]*)\s*$/;

export const copilotShare: TranscriptReader = {
  format: 'copilot-share',
  label: 'GitHub Copilot CLI /share markdown',
  detect(head) {
    return /^# 🤖 Copilot CLI Session\b/u.test(head.trimStart());
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('copilot-share');
    let section: 'none' | 'user' | 'assistant' | 'tool' = 'none';
    let tool: ToolSection | undefined;
    let fence: { marker: string; json: boolean; lines: string[] } | undefined;
    let turn: { role: 'user' | 'assistant'; line: number; lines: string[] } | undefined;

    const endSection = () => {
      if (tool) finishTool(builder, tool);
      tool = undefined;
      if (turn) builder.turn(turn.role, turn.lines.join('\n'), turn.line);
      turn = undefined;
    };
    const count = lines((raw, line) => {
      if (fence) {
        if (raw.startsWith(fence.marker) && raw.trim() === fence.marker) {
          if (fence.json && tool) tool.args = parseArgs(fence.lines.join('\n'));
          else if (!tool) turn?.lines.push(raw);
          fence = undefined;
          return;
        }
        if (fence.json) fence.lines.push(raw);
        else if (tool) outputLine(builder, tool, raw, line);
        else turn?.lines.push(raw);
        return;
      }
      const heading = HEADING.exec(raw);
      if (heading) {
        endSection();
        if (heading[1] || heading[2]) {
          section = heading[1] ? 'user' : 'assistant';
          turn = { role: section, line: line + 1, lines: [] };
        } else {
          section = 'tool';
          tool = { name: heading[4]!.toLowerCase(), failed: heading[3] === '❌', line, args: {} };
        }
        return;
      }
      if (raw.trim() === '---' || /^<sub>⏱️/u.test(raw)) {
        endSection();
        section = 'none';
        return;
      }
      const opening = FENCE.exec(raw);
      if (opening) {
        const json = section === 'tool' && opening[2] === 'json' && !tool?.run;
        fence = { marker: opening[1]!, json, lines: [] };
        if (!tool) turn?.lines.push(raw);
        return;
      }
      if (section === 'tool' && tool) {
        const shell = /^\$ (.+)$/.exec(raw);
        if (shell && !tool.run && !tool.command) tool.command = shell[1]!;
        return;
      }
      turn?.lines.push(raw);
    });
    endSection();
    return builder.finish(count);
  },
};

interface ToolSection {
  name: string;
  failed: boolean;
  line: number;
  args: Record<string, unknown>;
  command?: string;
  run?: CommandRun;
}

function parseArgs(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

/** The output of a shell tool: the fenced block after its arguments. */
function outputLine(builder: RecordBuilder, tool: ToolSection, raw: string, line: number): void {
  if (!SHELL_TOOLS.has(tool.name)) return;
  if (!tool.run) tool.run = builder.command(tool.command ?? text(tool.args.command), tool.line);
  const code = /^<exited with exit code (\d+)>\s*$/.exec(raw);
  if (code) {
    tool.run.exitCode = Number(code[1]);
    return;
  }
  builder.output(tool.run, raw, line);
}

function finishTool(builder: RecordBuilder, tool: ToolSection): void {
  if (SHELL_TOOLS.has(tool.name)) {
    const run = tool.run ?? builder.command(tool.command ?? text(tool.args.command), tool.line);
    if (tool.failed) run.failed = true;
    if (run.exitCode === undefined) {
      const code = exitCodeIn(run.output.map((entry) => entry.text).join('\n'));
      if (code !== undefined) run.exitCode = code;
    }
    if (run.output.some((entry) => /^\.\.\. \(\d+ more lines?\)|^<output truncated/.test(entry.text)))
      run.cutByCli = true;
    return;
  }
  const file = text(tool.args.path) || text(tool.args.file_path);
  if (EDIT_TOOLS.has(tool.name)) builder.edit(file, 'edit', tool.line);
  else if (WRITE_TOOLS.has(tool.name)) builder.edit(file, 'create', tool.line);
}
