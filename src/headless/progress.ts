/**
 * What a person watching `run --headless` sees of each agent while it works: one line per tool
 * call, read from the stream as it comes by the stream's own reader (`activity` of the formats
 * in src/transcripts/formats/). A command line of your own has no known format: its first lines
 * tell which reader reads it, as they would for a transcript file.
 */
import { readerFor, readerNamed } from '../transcripts/read.js';
import type { Activity, TranscriptReader } from '../transcripts/reader.js';
import type { TranscriptFormat } from '../transcripts/record.js';
import { truncate, visibleControls } from '../util/text.js';

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
