/**
 * Transcripts are read a line at a time, from a file in chunks or from text in memory, so a
 * 50 MB log never sits in memory whole: only the record the reader keeps does.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { readHead } from '../util/fs.js';
import { StringDecoder } from 'node:string_decoder';

/** Calls `visit` with each line (without its line break) and its number from 1; returns the count. */
export type LineSource = (visit: (line: string, number: number) => void) => number;

const CHUNK = 1024 * 1024;

export function linesOfText(text: string): LineSource {
  return (visit) => {
    let number = 0;
    let start = 0;
    while (start <= text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      if (end === -1 && line === '') break; // a final line break ends the last line
      visit(line.endsWith('\r') ? line.slice(0, -1) : line, ++number);
      if (end === -1) break;
      start = end + 1;
    }
    return number;
  };
}

export function linesOfFile(file: string): LineSource {
  return (visit) => {
    const fd = openSync(file, 'r');
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(CHUNK);
    let rest = '';
    let number = 0;
    const emit = (line: string) => visit(line.endsWith('\r') ? line.slice(0, -1) : line, ++number);
    try {
      for (;;) {
        const read = readSync(fd, buffer, 0, CHUNK, null);
        if (read === 0) break;
        const text = rest + decoder.write(buffer.subarray(0, read));
        let start = 0;
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
          emit(text.slice(start, end));
          start = end + 1;
        }
        rest = text.slice(start);
      }
      rest += decoder.end();
      if (rest !== '') emit(rest);
    } finally {
      closeSync(fd);
    }
    return number;
  };
}

/** The first `bytes` of a file as text (for telling its format). */
export function headOfFile(file: string, bytes = 64 * 1024): string {
  const fd = openSync(file, 'r');
  try {
    return readHead(fd, bytes);
  } finally {
    closeSync(fd);
  }
}
