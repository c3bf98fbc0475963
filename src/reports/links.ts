/**
 * Links a report makes to what the state names. The state can come from anyone who can push, so
 * a link is made only for an `https://` address, or for a file path that stays inside the
 * project (links followed); a file link is relative to the report, each part percent-encoded and
 * starting with `./` or `../`, so no part of it can be read as a scheme (`javascript:`).
 */
import path from 'node:path';
import { insideChecker, isRecordedPath } from '../util/fs.js';

/** The address itself when it is a plain https URL; undefined for anything else (shown as text). */
export function webHref(url: string): string | undefined {
  return /^https:\/\/[^\s"'<>\\`()[\]{}|^]+$/.test(url) ? url : undefined;
}

/**
 * Links from `reportDir` to the project files the state names: a function that gives a file's
 * relative link, or undefined when the path leads out of the project.
 */
export function fileLinker(root: string, reportDir: string): (recorded: string) => string | undefined {
  const inside = insideChecker(root);
  return (recorded) => {
    if (!isRecordedPath(recorded)) return undefined;
    const absolute = path.resolve(root, recorded);
    if (!inside(absolute)) return undefined;
    const parts = path.relative(reportDir, absolute).split(path.sep).map(encodeURIComponent);
    return parts[0] === '..' ? parts.join('/') : ['.', ...parts].join('/');
  };
}
