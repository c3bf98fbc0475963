/**
 * The text Claude Code's `/export` writes: the conversation as the terminal shows it. The
 * person's messages start `> ` (continued on lines indented two spaces); each assistant entry
 * starts `⏺ `: text, or a tool call such as `⏺ Bash(npm test)`, `⏺ Update(src/a.ts)`,
 * `⏺ Write(test/a.test.ts)`, whose result follows on `  ⎿  ` lines (continued indented five
 * spaces). Long results are cut by the CLI: `… +42 lines (ctrl+r to expand)`. A failed
 * command's result starts `Error:`.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../read.js';

const ENTRY = /^⏺ (.*)$/u;
const TOOL = /^(\w+)\(([\s\S]*)\)\s*$/;
const RESULT = /^ {2}⎿ {1,2}(.*)$/u;
const MORE = /^… \+(\d+) lines? \(ctrl\+r to expand\)/u;

export const claudeExport: TranscriptReader = {
  format: 'claude-export',
  label: 'Claude Code /export text',
  detect(head) {
    return (
      /^╭─+╮\n│ ✻ Welcome to Claude Code/mu.test(head) ||
      (/^> \S/m.test(head) && /^⏺ /mu.test(head) && /^ {2}⎿ /mu.test(head))
    );
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('claude-export');
    let mode: 'none' | 'user' | 'assistant' | 'result' | 'call' = 'none';
    let run: CommandRun | undefined;
    let resultStarted = false;
    let call: { text: string; line: number } | undefined;

    const startCall = (body: string, line: number) => {
      const tool = TOOL.exec(body);
      run = undefined;
      if (!tool) return false;
      const [, name, args] = tool;
      if (name === 'Bash') run = builder.command(args!.trim(), line);
      else if (name === 'Update' || name === 'Edit' || name === 'MultiEdit') builder.edit(args!, 'edit', line);
      else if (name === 'Write' || name === 'Create') builder.edit(args!, 'write', line);
      mode = 'result';
      resultStarted = false;
      return true;
    };
    const resultLine = (body: string, line: number) => {
      if (!run) return;
      const more = MORE.exec(body.trim());
      if (more) {
        run.omitted += Number(more[1]);
        run.cutByCli = true;
        return;
      }
      if (!resultStarted) {
        resultStarted = true;
        const error = /^Error:\s*(?:Exit code (\d+))?/.exec(body);
        if (error) {
          run.failed = true;
          if (error[1]) run.exitCode = Number(error[1]);
          const rest = body.replace(/^Error:\s*(?:Exit code \d+)?\s*/, '');
          if (rest) builder.output(run, rest, line);
          return;
        }
        run.exitCode = 0;
      }
      builder.output(run, body, line);
    };

    const count = lines((raw, line) => {
      if (mode === 'call' && call) {
        call.text += `\n${raw.trim()}`;
        if (/\)\s*$/.test(raw)) {
          startCall(call.text, call.line);
          call = undefined;
        }
        return;
      }
      const entry = ENTRY.exec(raw);
      if (entry) {
        const body = entry[1]!;
        if (/^\w+\(/.test(body) && !/\)\s*$/.test(body)) {
          mode = 'call';
          call = { text: body, line };
          return;
        }
        if (startCall(body, line)) return;
        builder.turn('assistant', body, line);
        mode = 'assistant';
        return;
      }
      if (/^> /.test(raw)) {
        builder.turn('user', raw.slice(2), line);
        mode = 'user';
        return;
      }
      const result = RESULT.exec(raw);
      if (result && mode === 'result') {
        resultLine(result[1]!, line);
        return;
      }
      if (mode === 'result' && /^ {5}/.test(raw)) {
        resultLine(raw.slice(5), line);
        return;
      }
      if ((mode === 'user' || mode === 'assistant') && /^ {2}\S/.test(raw)) {
        builder.appendToTurn(mode, raw.slice(2), line);
        return;
      }
      if (raw.trim() === '') return;
      if (!/^\s/.test(raw)) mode = 'none';
    });
    return builder.finish(count);
  },
};
