/**
 * What a person watching `run --headless` sees of each agent while it works: the tool calls, read
 * from the stream as it comes by the stream's own reader (`activity` of the formats in
 * src/transcripts/formats/) — on a terminal a live line per running step with the last of them,
 * elsewhere a line each. A command line of your own has no known format: its first lines tell
 * which reader reads it, as they would for a transcript file.
 */
import { readerFor, readerNamed } from '../transcripts/read.js';
import type { Activity, TranscriptReader } from '../transcripts/reader.js';
import type { TranscriptFormat } from '../transcripts/record.js';
import { duration, truncate, visibleControls } from '../util/text.js';

/** How many first lines are looked at to tell the format of a stream of an unknown CLI. */
const HEAD_LINES = 8;

/** A reader of a stream's lines: each line's activity, if it starts one. */
export function activityOf(format: TranscriptFormat | undefined): (line: string) => Activity | undefined {
  let reader: TranscriptReader | undefined = format ? readerNamed(format) : undefined;
  const head: string[] = [];
  return (line) => {
    if (!reader) {
      if (head.length >= HEAD_LINES) return undefined;
      head.push(line);
      reader = readerFor(head.join('\n'));
      if (!reader) return undefined;
    }
    if (!reader.activity || !line.trim().startsWith('{')) return undefined;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      if (error instanceof SyntaxError) return undefined; // a line cut short: the transcript reader reports it
      throw error;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    return reader.activity(event as Record<string, unknown>);
  };
}

/** `Bash npm test`, on one line: paths in the worktree shortened to the project's own, controls made visible. */
export function activityText(activity: Activity, worktree: string): string {
  const detail = activity.detail.split(`${worktree}/`).join('').replace(/\s+/g, ' ').trim();
  return truncate(visibleControls(detail ? `${activity.tool} ${detail}` : activity.tool), 110);
}

/** A step whose agent is at work, as its live line shows it. */
export interface LiveStep {
  stepNumber: number;
  agentName: string;
  /** The agent CLI (`claude`). */
  agent: string;
  /** When its agent started (ms since the epoch). */
  startedAt: number;
  /** The last tool it used, as activityText says it. */
  lastTool?: string;
}

/**
 * The live lines of the running steps, one each: `▶ step 2 · FrontendExpert · claude · 12.3 s ·
 * Bash npm test`. Each is cut to the terminal's width (less one column), so that none wraps and
 * the lines can be rewritten in place.
 */
export function renderLiveLines(steps: readonly LiveStep[], now: number, columns = 80): string[] {
  const width = Math.max(20, columns - 1);
  return [...steps]
    .sort((a, b) => a.stepNumber - b.stepNumber)
    .map((step) =>
      truncate(
        visibleControls(
          `▶ step ${step.stepNumber} · ${step.agentName} · ${step.agent} · ` +
            `${duration(Math.max(0, now - step.startedAt))} · ${step.lastTool ?? 'starting'}`,
        ),
        width,
      ),
    );
}

/** Where a run's progress goes: lines that stay, and what each running step's agent is doing. */
export interface ProgressBoard {
  /** A line that stays: a step started, ended, a message of the run's own. */
  line(text: string): void;
  /** A step's agent started. */
  running(step: Omit<LiveStep, 'lastTool'>): void;
  /** It used a tool (`Bash npm test`). */
  tool(stepNumber: number, text: string): void;
  /** Its agent stopped. */
  stopped(stepNumber: number): void;
  /** The run is over: the live lines are cleared and the clock stops. */
  close(): void;
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** How often the live lines are redrawn, for their elapsed times. */
const REDRAW_MS = 1000;

/**
 * Progress for `run --headless`. On a terminal, a live line per running step below the lines that
 * stay, rewritten in place (ANSI: cursor up, clear to the end of the screen); anywhere else (a
 * pipe, a CI log) one line per event, tool calls included, and nothing rewritten.
 */
export function progressBoard(out: ProgressOutput, now: () => number = Date.now): ProgressBoard {
  if (!out.isTTY) {
    const names = new Map<number, string>();
    return {
      line: (text) => out.write(`${text}\n`),
      running: (step) => names.set(step.stepNumber, `step ${step.stepNumber} · ${step.agentName} · ${step.agent}`),
      tool: (n, text) => out.write(`${names.get(n) ?? `step ${n}`}: ${text}\n`),
      stopped: (n) => names.delete(n),
      close: () => {},
    };
  }
  const live = new Map<number, LiveStep>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const erase = () => (drawn > 0 ? `\u001b[${drawn}A\r\u001b[J` : '');
  const board = () => {
    const lines = renderLiveLines([...live.values()], now(), out.columns);
    drawn = lines.length;
    return lines.map((line) => `${line}\n`).join('');
  };
  const redraw = (before = '') => out.write(`${erase()}${before}${board()}`);
  const clock = () => {
    if (live.size > 0 && !timer) {
      timer = setInterval(() => redraw(), REDRAW_MS);
      timer.unref();
    } else if (live.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return {
    line: (text) => redraw(`${visibleControls(text)}\n`),
    running: (step) => {
      live.set(step.stepNumber, { ...step });
      clock();
      redraw();
    },
    tool: (n, text) => {
      const step = live.get(n);
      if (!step) return;
      step.lastTool = text;
      redraw();
    },
    stopped: (n) => {
      live.delete(n);
      clock();
      redraw();
    },
    close: () => {
      live.clear();
      clock();
      redraw();
    },
  };
}
