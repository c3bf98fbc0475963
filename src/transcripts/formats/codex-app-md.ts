/**
 * The markdown the Codex desktop app gives of a thread: `# <title>`, each user prompt as a `> `
 * block quote (plugin mentions such as `[@name](plugin://…)` in it), the agent's interim
 * commentary folded into `<details><summary>9 previous messages</summary>` (its own quoted
 * lines, and nested `<details>` such as "Searched the web"), then the final answer as plain
 * markdown. No command, no tool output and no file change is in it.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';

const FOLDED = /^<details><summary>\d+ previous messages?<\/summary>/;

export const codexAppMd: TranscriptReader = {
  format: 'codex-app-md',
  label: 'Codex app thread markdown (no tool output)',
  detect(head) {
    const start = head.trimStart();
    return /^# \S/.test(start) &&
      /^> /m.test(start) &&
      /^<details><summary>\d+ previous messages?<\/summary>/m.test(start)
      ? 70
      : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('codex-app-md', { toolOutput: 'none' });
    let depth = 0;
    let quote: { rows: string[]; line: number } | undefined;
    let answer: { rows: string[]; line: number } | undefined;
    const endQuote = () => {
      if (quote) builder.turn('user', quote.rows.join('\n'), quote.line);
      quote = undefined;
    };
    const endAnswer = () => {
      if (answer) builder.turn('assistant', answer.rows.join('\n'), answer.line);
      answer = undefined;
    };
    const count = lines((raw, line) => {
      if (line === 1 && /^# /.test(raw)) return;
      if (FOLDED.test(raw) || (depth > 0 && /<details>/.test(raw))) {
        endQuote();
        depth++;
        return;
      }
      if (depth > 0) {
        if (/<\/details>/.test(raw)) depth--;
        return;
      }
      if (/^>( |$)/.test(raw)) {
        endAnswer();
        quote ??= { rows: [], line };
        quote.rows.push(raw.replace(/^> ?/, ''));
        return;
      }
      endQuote();
      if (raw.trim() === '' && !answer) return;
      answer ??= { rows: [], line };
      answer.rows.push(raw);
    });
    endQuote();
    endAnswer();
    return builder.finish(count);
  },
};
