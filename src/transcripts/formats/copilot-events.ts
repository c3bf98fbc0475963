/**
 * GitHub Copilot CLI's own session state (`~/.copilot/session-state/`): JSONL events
 * `{ type, data, id, timestamp }`: `session.start`, `user.message` and `assistant.message`
 * (`data.content`), `tool.execution_start` (`data.toolCallId`, `toolName`, `arguments`) and
 * `tool.execution_complete` (`data.toolCallId`, `success`, `result.content`). The bash tool's
 * result ends with `<exited with exit code N>`.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../read.js';
import {
  EDIT_TOOLS,
  exitCodeIn,
  firstJsonObjects,
  isObject,
  jsonLine,
  partsText,
  SHELL_TOOLS,
  text,
  WRITE_TOOLS,
} from './shared.js';

export const copilotEvents: TranscriptReader = {
  format: 'copilot-events',
  label: 'GitHub Copilot CLI session state (.jsonl)',
  detect(head) {
    return firstJsonObjects(head).some(
      (line) =>
        typeof line.type === 'string' && /^(?:session|user|assistant|tool)\.\w+/.test(line.type) && isObject(line.data),
    );
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('copilot-events');
    const count = lines((raw, line) => {
      const entry = jsonLine(raw, line, builder);
      if (!entry || !isObject(entry.data)) return;
      const data = entry.data;
      switch (entry.type) {
        case 'session.start': {
          const context = isObject(data.context) ? data.context : {};
          builder.cwd ||= text(context.cwd);
          break;
        }
        case 'user.message':
          builder.turn('user', partsText(data.content), line);
          break;
        case 'assistant.message':
          builder.turn('assistant', partsText(data.content), line);
          break;
        case 'tool.execution_start': {
          const name = text(data.toolName).toLowerCase();
          const args = isObject(data.arguments) ? data.arguments : {};
          if (SHELL_TOOLS.has(name)) builder.command(text(args.command), line, text(data.toolCallId));
          else if (EDIT_TOOLS.has(name)) builder.edit(text(args.path) || text(args.file_path), 'edit', line);
          else if (WRITE_TOOLS.has(name)) builder.edit(text(args.path) || text(args.file_path), 'create', line);
          break;
        }
        case 'tool.execution_complete': {
          const run = builder.take(text(data.toolCallId));
          if (!run) break;
          const result = isObject(data.result) ? partsText(data.result.content) : partsText(data.result);
          const error = isObject(data.error) ? text(data.error.message) : text(data.error);
          const output = result || error;
          const code = exitCodeIn(output);
          if (code !== undefined) run.exitCode = code;
          if (data.success === false) run.failed = true;
          builder.outputText(run, output.replace(/\n?<exited with exit code \d+>\s*$/, ''), line);
          break;
        }
      }
    });
    return builder.finish(count);
  },
};
