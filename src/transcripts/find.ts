/**
 * Finds a step's session among the agent CLIs' own logs, so a person who pasted the prompt never
 * saves a transcript by hand. Every prompt names its execution and step ("Execution: exec-…",
 * "# Step 2 of 4: …"); the session is the newest log, written since the execution started,
 * whose opening (where the pasted prompt is) carries both. Only the person's own folders are
 * read, and nothing in them is run.
 */
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { headOfFile } from './lines.js';
import { readerFor } from './read.js';
import type { TranscriptFormat } from './record.js';
import type { Env } from '../types.js';

export interface SessionFolders {
  claude: string;
  codex: string;
  copilot: string;
}

/** The folders to look in: the config's, else each CLI's default. */
export function sessionFolders(configured: Partial<SessionFolders>, env: Env = process.env): SessionFolders {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return {
    claude: configured.claude ?? path.join(env.CLAUDE_CONFIG_DIR || path.join(home, '.claude'), 'projects'),
    codex: configured.codex ?? path.join(env.CODEX_HOME || path.join(home, '.codex'), 'sessions'),
    copilot: configured.copilot ?? path.join(home, '.copilot', 'session-state'),
  };
}

export interface SessionQuery {
  executionId: string;
  stepNumber: number;
  stepCount: number;
  /** Logs last written before this (ISO) cannot hold the session. */
  since: string;
}

export interface FoundSession {
  file: string;
  format: TranscriptFormat;
}

/** How far into a log the pasted prompt must be: its first messages. */
const OPENING = 256 * 1024;
/** Logs looked at, newest first; older ones are not read. */
const MAX_CANDIDATES = 400;

export function findSession(folders: SessionFolders, query: SessionQuery): FoundSession | undefined {
  const since = Date.parse(query.since) - 60_000;
  const candidates = [...logsUnder(folders.claude, 2), ...logsUnder(folders.codex, 4), ...logsUnder(folders.copilot, 3)]
    .filter((log) => log.mtime >= since)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, MAX_CANDIDATES);
  const step = new RegExp(`Step ${query.stepNumber} of ${query.stepCount}\\b`);
  for (const log of candidates) {
    const head = headOfFile(log.file, OPENING);
    if (!head.includes(query.executionId) || !step.test(head)) continue;
    const reader = readerFor(head);
    if (reader) return { file: log.file, format: reader.format };
  }
  return undefined;
}

/** `.jsonl` logs up to `depth` folders below `dir`; a folder that is not there has none. */
function logsUnder(dir: string, depth: number): { file: string; mtime: number }[] {
  const found: { file: string; mtime: number }[] = [];
  const walk = (current: string, left: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: nothing to find there
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && left > 0) walk(full, left - 1);
      else if (entry.isFile() && entry.name.endsWith('.jsonl')) {
        try {
          found.push({ file: full, mtime: statSync(full).mtimeMs });
        } catch {
          // gone since it was listed
        }
      }
    }
  };
  walk(dir, depth);
  return found;
}
