/**
 * readTranscript: a transcript of any known agent CLI, as the neutral record. The format is told
 * from the content (never the file name): each reader scores the start of the text, and the
 * highest score reads it. A new format is one new file in formats/ and one line in READERS.
 */
import { statSync } from 'node:fs';
import { ConductorError } from '../errors.js';
import { aiderHistory } from './formats/aider.js';
import { claudeExport } from './formats/claude-export.js';
import { claudeExtractor } from './formats/claude-extractor.js';
import { claudeJsonl, claudeStream } from './formats/claude-jsonl.js';
import { claudeLogMd } from './formats/claude-log-md.js';
import { codexAppMd } from './formats/codex-app-md.js';
import { codexExec } from './formats/codex-exec.js';
import { codexExport } from './formats/codex-export.js';
import { codexRollout } from './formats/codex-rollout.js';
import { copilotEvents } from './formats/copilot-events.js';
import { copilotPrint } from './formats/copilot-print.js';
import { copilotShare } from './formats/copilot-share.js';
import { geminiSession, geminiStream } from './formats/gemini.js';
import { geminiCapture } from './formats/gemini-capture.js';
import { hookLog } from './formats/hook-log.js';
import { opencodeJson } from './formats/opencode-json.js';
import { opencodeShare } from './formats/opencode-share.js';
import { terminalLog } from './formats/terminal.js';
import { headOfFile, linesOfFile, linesOfText } from './lines.js';
import type { TranscriptReader } from './reader.js';
import type { TranscriptFormat, TranscriptRecord } from './record.js';

export type { TranscriptReader } from './reader.js';

/** Every format read; on equal scores the earlier wins (the most particular first, the plain terminal log last). */
export const READERS: readonly TranscriptReader[] = [
  copilotShare,
  claudeStream,
  claudeJsonl,
  codexRollout,
  codexExec,
  geminiStream,
  geminiSession,
  opencodeJson,
  claudeLogMd,
  codexAppMd,
  codexExport,
  claudeExtractor,
  hookLog,
  opencodeShare,
  aiderHistory,
  copilotEvents,
  claudeExport,
  geminiCapture,
  copilotPrint,
  terminalLog,
];

const HEAD = 64 * 1024;

export function readerFor(head: string): TranscriptReader | undefined {
  const start = head.replace(/^\uFEFF/, '');
  let best: TranscriptReader | undefined;
  let bestScore = 0;
  for (const reader of READERS) {
    const score = reader.detect(start);
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  return best;
}

/** The reader of a format, by its name. */
export function readerNamed(format: TranscriptFormat): TranscriptReader | undefined {
  return READERS.find((reader) => reader.format === format);
}

export function labelOf(format: TranscriptFormat): string {
  return READERS.find((reader) => reader.format === format)?.label ?? format;
}

/** A transcript's text, or `{ path }` of a file (read a chunk at a time). */
export type TranscriptInput = string | { path: string; shownAs?: string };

/**
 * The record of a transcript. Throws a ConductorError (code INVALID_FILE) for a transcript in
 * no known format, naming the formats there are.
 */
export function readTranscript(input: TranscriptInput): TranscriptRecord {
  const isFile = typeof input !== 'string';
  const head = isFile ? headOfFile(input.path, HEAD) : input.slice(0, HEAD);
  const reader = readerFor(head);
  if (!reader) {
    const shown = isFile ? (input.shownAs ?? input.path) : 'the transcript';
    // The message names the file: a `where` too would print it twice (`x.log: x.log is not …`).
    throw new ConductorError('INVALID_FILE', `${shown} is not a transcript format this version reads`, {
      hint:
        `the formats read are ${READERS.map((known) => known.format).join(', ')} ` +
        '(README "Verifying a step" describes each)',
    });
  }
  if (isFile && statSync(input.path).size === 0) return reader.read(linesOfText(''));
  return reader.read(isFile ? linesOfFile(input.path) : linesOfText(input));
}
