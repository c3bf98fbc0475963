/**
 * Claude Code's session log: `~/.claude/projects/<project-slug>/<session-id>.jsonl`, one JSON
 * object a line. `type: "user" | "assistant"` lines carry `message.content`, a string or a list
 * of blocks: `text`, `tool_use` (`name` Bash, Edit, Write, MultiEdit, …, with `input`) from the
 * assistant, and `tool_result` (`tool_use_id`, `content`, `is_error`) in the user line that
 * follows. Other line types (summary, system, file-history-snapshot, …) are skipped.
 */
import type { LineSource } from '../lines.js';
import { RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../read.js';
import { exitCodeIn, firstJsonObjects, isObject, type Json, jsonLine, partsText, text } from './shared.js';

/** User text that Claude Code writes itself, not the person: local commands, reminders. */
const GENERATED = /^\s*<(?:command-name|command-message|local-command-stdout|system-reminder|user-memory-input)>/;

export const claudeJsonl: TranscriptReader = {
  format: 'claude-jsonl',
  label: 'Claude Code session log (.jsonl)',
  detect(head) {
    return firstJsonObjects(head).some(
      (line) =>
        (line.type === 'user' || line.type === 'assistant') &&
        isObject(line.message) &&
        ('sessionId' in line || 'uuid' in line || 'parentUuid' in line),
    );
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('claude-jsonl');
    let textTurnOpen = false;
    const count = lines((raw, line) => {
      const entry = jsonLine(raw, line, builder);
      if (!entry) return;
      if (!builder.cwd && typeof entry.cwd === 'string') builder.cwd = entry.cwd;
      if (!isObject(entry.message)) return;
      const content = entry.message.content;
      if (entry.type === 'assistant') {
        for (const block of Array.isArray(content) ? content : [{ type: 'text', text: content }]) {
          if (!isObject(block)) continue;
          if (block.type === 'text' && text(block.text).trim()) {
            if (textTurnOpen) builder.appendToTurn('assistant', text(block.text), line);
            else builder.turn('assistant', text(block.text), line);
            textTurnOpen = true;
          } else if (block.type === 'tool_use') {
            toolUse(builder, block, line);
            textTurnOpen = false;
          }
        }
      } else if (entry.type === 'user') {
        if (entry.isMeta === true) return;
        if (typeof content === 'string') {
          if (!GENERATED.test(content)) builder.turn('user', content, line);
          textTurnOpen = false;
          return;
        }
        for (const block of Array.isArray(content) ? content : []) {
          if (!isObject(block)) continue;
          if (block.type === 'text' && !GENERATED.test(text(block.text))) {
            builder.turn('user', text(block.text), line);
            textTurnOpen = false;
          } else if (block.type === 'tool_result') toolResult(builder, block, line);
        }
      }
    });
    return builder.finish(count);
  },
};

function toolUse(builder: RecordBuilder, block: Json, line: number): void {
  const input = isObject(block.input) ? block.input : {};
  const id = text(block.id);
  switch (text(block.name)) {
    case 'Bash':
      builder.command(text(input.command), line, id);
      break;
    case 'Edit':
    case 'MultiEdit':
      builder.edit(text(input.file_path), 'edit', line);
      break;
    case 'Write':
      builder.edit(text(input.file_path), 'write', line);
      break;
    case 'NotebookEdit':
      builder.edit(text(input.notebook_path), 'edit', line);
      break;
  }
}

function toolResult(builder: RecordBuilder, block: Json, line: number): void {
  const run = builder.take(text(block.tool_use_id));
  if (!run) return;
  const output = partsText(block.content);
  const code = exitCodeIn(output.slice(0, 200));
  if (block.is_error === true) {
    run.failed = true;
    if (code !== undefined) run.exitCode = code;
  } else {
    run.exitCode = 0;
  }
  if (/\[\d+ lines truncated\]|\.\.\. \[\d+ (?:characters|lines) truncated/.test(output)) run.cutByCli = true;
  builder.outputText(run, output, line);
}
