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
import type { SessionFolderSettings } from '../config/define.js';
import { type SessionStore, sessionTargets } from '../targets/index.js';
import type { TranscriptFormat } from './record.js';
import type { Env } from '../types.js';

/** Each agent CLI's session folder, by its name in `src/targets/`. */
export type SessionFolders = Record<string, string>;

/** The folders to look in: the config's, else each CLI's default. */
export function sessionFolders(
  configured: Readonly<{ [cli: string]: string | undefined }> | SessionFolderSettings,
  env: Env = process.env,
): SessionFolders {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return Object.fromEntries(
    sessionTargets().map((target) => [
      target.name,
      (configured as Record<string, string | undefined>)[target.name] ?? target.sessions!.folder(env, home),
    ]),
  );
}

export interface SessionQuery {
  executionId: string;
  stepNumber: number;
  stepCount: number;
  /** Logs last written before this (ISO) cannot hold the session. */
  since: string;
  /** The agent CLI's session id, as its log's file name holds it: only that log is looked at. */
  session?: string;
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
  const candidates = sessionTargets()
    .flatMap((target) => (folders[target.name] ? logsUnder(folders[target.name]!, target.sessions!) : []))
    .filter((log) => log.mtime >= since)
    .filter((log) => query.session === undefined || path.basename(log.file).includes(query.session))
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

/** A CLI's session files up to its `depth` folders below `dir`; a folder that is not there has none. */
function logsUnder(dir: string, store: SessionStore): { file: string; mtime: number }[] {
  const { depth, matches } = store;
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
      else if (entry.isFile() && matches(entry.name)) {
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
