/**
 * A plain terminal log (`script`, a tmux capture, a copied scroll-back): prompt lines with a
 * command (`$ npm test`, `user@host:~/app$ npm test`, `❯ npm test`, `PS C:\app> npm test`) and
 * the output below each. `echo $?` after a command gives its exit code; `script`'s own
 * header and footer lines are skipped. There are no assistant turns, so there are no claims
 * to check, only what ran.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import { AGENT_MARKERS, type TranscriptReader } from '../reader.js';

const PROMPT = /^(?:\([\w.-]+\) )?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?[$#] |\$ |❯ |PS [A-Za-z]:[^>]*> )(.*)$/u;
const SCRIPT_LINE = /^Script (?:started|done) on /;

export const terminalLog: TranscriptReader = {
  format: 'terminal',
  label: 'terminal log ($ command lines and their output)',
  detect(head) {
    // A markdown file with shell examples in fences is documentation, not a log; an agent
    // CLI's own markers mean it is that CLI's transcript, whatever shell lines it quotes.
    if (/^(?:```|~~~)/m.test(head) || AGENT_MARKERS.test(head)) return 0;
    return head.split('\n', 400).some((line) => PROMPT.test(line) && PROMPT.exec(line)![1]!.trim() !== '') ? 1 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    // A plain log shows what ran, not what the person saw cut: its record is never complete.
    const builder = new RecordBuilder('terminal', { toolOutput: 'partial' });
    let run: CommandRun | undefined;
    let previous: CommandRun | undefined;
    let askingStatus = false;
    const count = lines((raw, line) => {
      const prompt = PROMPT.exec(raw);
      if (prompt) {
        const command = prompt[1]!.trim();
        askingStatus = command === 'echo $?' || command === 'echo $LASTEXITCODE';
        if (askingStatus) {
          previous = run;
          run = undefined;
          return;
        }
        run = command ? builder.command(command, line) : undefined;
        return;
      }
      if (SCRIPT_LINE.test(raw)) {
        const code = /COMMAND_EXIT_CODE="(\d+)"/.exec(raw);
        if (code && run && run.exitCode === undefined) run.exitCode = Number(code[1]);
        return;
      }
      if (askingStatus) {
        if (/^\s*\d+\s*$/.test(raw) && previous && previous.exitCode === undefined) previous.exitCode = Number(raw);
        askingStatus = false;
        return;
      }
      if (run) builder.output(run, raw, line);
    });
    return builder.finish(count);
  },
};
