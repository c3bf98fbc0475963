/**
 * What a transcript format is to the conductor: a reader that tells its own files from their
 * start and turns them into the neutral record. One file per format in formats/, listed once
 * in read.ts; this interface lives apart so the formats and their registry form no circle.
 */
import type { LineSource } from './lines.js';
import type { TranscriptFormat, TranscriptRecord } from './record.js';

/** What one event of a live headless stream says the agent is doing: a tool and what it is used on. */
export interface Activity {
  tool: string;
  /** The command, the file: what a person watching needs to tell one call from the next. */
  detail: string;
}

export interface TranscriptReader {
  format: TranscriptFormat;
  /** How messages name it: "Claude Code session log (.jsonl)". */
  label: string;
  /**
   * How surely the start of a transcript (its first 64 KiB) is in this format: 0 when it is not;
   * a format's own header scores highest (100), its body markers less. The reader with the
   * highest score reads the file.
   */
  detect(head: string): number;
  read(lines: LineSource): TranscriptRecord;
  /** For a headless stream (`run --headless` shows it as it comes): the tool one event starts, if it starts one. */
  activity?(event: Record<string, unknown>): Activity | undefined;
}

/**
 * Marks only an agent CLI writes. Any of them in a file vetoes the plain terminal-log reading:
 * a Claude `/export` that quotes `$ npm test` is still a Claude export.
 */
export const AGENT_MARKERS = new RegExp(
  [
    String.raw`^(?:[⏺●] |\s*⎿ |✦ |## (?:Assistant|User)\b|#### |# aider chat started|# 🤖 Copilot CLI Session`,
    String.raw`# Codex Conversation Export|# Claude Conversation Log|# Session Log\b`,
    String.raw`### (?:💬 )?Copilot\b|### 👤 User)`,
  ].join('|'),
  'mu',
);
