/**
 * Writing reports: REPORT.md in the execution's folder (`report`), and the HTML page where the
 * person says (`report --html [file]`, default the execution's folder), never outside the project.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config/validate.js';
import { TemplateRenderer } from '../render/environment.js';
import { executionFolder } from '../state/paths.js';
import type { ExecutionContext } from '../types.js';
import { ensureDir, ensureRealFolder, resolveInside, toProjectPath, writeFileAtomic } from '../util/fs.js';
import { htmlReport } from './html.js';
import { markdownReport } from './markdown.js';

export interface WrittenReport {
  /** Project-relative. */
  file: string;
  text: string;
}

type ReportConfig = Pick<ResolvedConfig, 'root' | 'proofDir' | 'templatesDir'>;

/** REPORT.md in the execution's folder; returns it with its text. */
export function writeMarkdownReport(config: ReportConfig, state: ExecutionContext, now: string): WrittenReport {
  const dir = executionFolder(config.proofDir, state.executionId);
  const text = markdownReport({ state, root: config.root, reportDir: dir, now });
  ensureRealFolder(dir, config.root);
  const file = path.join(dir, 'REPORT.md');
  writeFileAtomic(file, text, { durable: false });
  return { file: toProjectPath(config.root, file), text };
}

/** The HTML page, at `given` (relative to `cwd`, inside the project) or `report.html` in the execution's folder. */
export function writeHtmlReport(
  config: ReportConfig,
  state: ExecutionContext,
  now: string,
  target: { given?: string; cwd: string },
): WrittenReport {
  const file = target.given
    ? resolveInside(config.root, target.cwd, target.given, 'report file')
    : path.join(executionFolder(config.proofDir, state.executionId), 'report.html');
  const renderer = new TemplateRenderer({ userDir: config.templatesDir, root: config.root, autoescape: true });
  const text = htmlReport({ state, root: config.root, reportDir: path.dirname(file), now, renderer });
  if (target.given) ensureDir(path.dirname(file));
  else ensureRealFolder(path.dirname(file), config.root);
  writeFileAtomic(file, text, { durable: false });
  return { file: toProjectPath(config.root, file), text };
}
