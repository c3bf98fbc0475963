/**
 * Links a report makes to what the state names. The state can come from anyone who can push, so
 * a link is made only for an `https://` address, or for a file path that stays inside the
 * project (links followed); a file link is relative to the report, each part percent-encoded and
 * starting with `./` or `../`, so no part of it can be read as a scheme (`javascript:`).
 */
import path from 'node:path';
import { isInside, isRecordedPath } from '../util/fs.js';

/** The address itself when it is a plain https URL; undefined for anything else (shown as text). */
export function webHref(url: string): string | undefined {
  return /^https:\/\/[^\s"'<>\\`()[\]{}|^]+$/.test(url) ? url : undefined;
}

/** A relative link from `reportDir` to a project file the state names; undefined when it leads out. */
export function fileHref(root: string, reportDir: string, recorded: string): string | undefined {
  if (!isRecordedPath(recorded)) return undefined;
  const absolute = path.resolve(root, recorded);
  if (!isInside(root, absolute)) return undefined;
  const parts = path.relative(reportDir, absolute).split(path.sep).map(encodeURIComponent);
  return parts[0] === '..' ? parts.join('/') : ['.', ...parts].join('/');
}
