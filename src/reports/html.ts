/**
 * `report --html`: one self-contained page, rendered from the `report.html.njk` template (yours
 * first, like every template) with autoescaping on, so text from the state is always shown and
 * never run. The pictures are inline SVG; each step's prompt and transcript are inline too,
 * collapsed, within a budget that keeps the page under 5 MB (a file left out is linked instead).
 */
import { closeSync, fstatSync, openSync, realpathSync } from 'node:fs';
import { readHead } from '../util/fs.js';
import path from 'node:path';
import type { TemplateRenderer } from '../render/environment.js';
import { promptBody } from '../render/prompt.js';
import { conflictSummary, delegationKind, headlessText, pullRequestState } from '../views/status.js';
import { summarize } from '../state/summary.js';
import type { ExecutionContext } from '../types.js';
import { PACKAGE_VERSION } from '../util/package.js';
import { fileLinker, webHref } from './links.js';
import { graphSvg, timelineSvg } from './svg.js';
import { formatDuration, formatTime, timingOf } from './timeline.js';

export const REPORT_TEMPLATE = 'report.html.njk';

/** What all inlined prompts and transcripts may take together, and one of them alone. */
const INLINE_BUDGET = 2_500_000;
const INLINE_FILE_MAX = 200_000;

export interface HtmlReportInput {
  state: ExecutionContext;
  root: string;
  /** Where the page is written: its links to files are relative to it. */
  reportDir: string;
  now: string;
  /** A renderer made with `autoescape: true`. */
  renderer: TemplateRenderer;
}

export function htmlReport(input: HtmlReportInput): string {
  return input.renderer.render(REPORT_TEMPLATE, { report: reportVariables(input) });
}

/** The `report` variable of report.html.njk (the README lists its fields). */
export function reportVariables(input: Omit<HtmlReportInput, 'renderer'>) {
  const { state } = input;
  const summary = summarize(state);
  const timing = timingOf(state, input.now);
  const tasks = new Map(state.plan.steps.map((step) => [step.stepNumber, step.task]));
  const byStep = new Map(timing.steps.map((step) => [step.stepNumber, step]));
  let budget = INLINE_BUDGET;
  const realRoot = realpathSync(input.root);
  /** `{ text, note }`: the file's text (null when there is none to show) and what to say about it. */
  const inline = (file: string | undefined, kind: 'prompt' | 'transcript') => {
    if (!file) return { text: null, note: `no ${kind} was recorded` };
    if (budget <= 0) return { text: null, note: 'not inlined, to keep the page under 5 MB: follow the link' };
    const read = readCapped(realRoot, file, Math.min(INLINE_FILE_MAX, budget));
    if (read === undefined) return { text: null, note: `the ${kind} file is not there` };
    budget -= read.text.length;
    const text = kind === 'prompt' ? promptBody(read.text) : read.text;
    const note = read.cut
      ? `the first ${read.text.length.toLocaleString('en')} characters of ${read.size.toLocaleString('en')}`
      : null;
    return { text, note };
  };
  const linker = fileLinker(input.root, input.reportDir);
  const link = (file: string | undefined) => (file ? linker(file) : undefined);
  return {
    goal: state.plan.goal,
    executionId: state.executionId,
    status: summary.status,
    progress: summary.progress,
    startedAt: timeOf(state.startTime),
    endedAt: state.endTime ? timeOf(state.endTime) : null,
    wallTime: formatDuration(timing.wallTime),
    planFilename: state.planFilename,
    waves: timing.waves,
    timelineSvg: timelineSvg(
      timing.steps.flatMap((step) => step.bars),
      tasks,
    ),
    graphSvg: graphSvg(state, timing.waves),
    steps: summary.steps.map((step) => {
      const time = byStep.get(step.stepNumber)!;
      return {
        number: step.stepNumber,
        agent: step.agentName,
        task: step.task,
        status: step.status,
        dependencies: step.dependencies,
        duration: formatDuration(time.duration),
        attempts: time.attempts,
        outputs: step.outputs,
        errors: step.errors,
        reason: step.reason ?? null,
        history: (step.history ?? []).map((attempt) => ({ ...attempt, at: timeOf(attempt.at) })),
        verification: step.verification ?? null,
        promptPath: step.promptPath ?? null,
        promptLink: link(step.promptPath) ?? null,
        prompt: inline(step.promptPath, 'prompt'),
        transcriptPath: step.transcriptPath ?? null,
        transcriptLink: link(step.transcriptPath) ?? null,
        transcript: inline(step.transcriptPath, 'transcript'),
        delegation: step.delegation
          ? { ...webAddress(step.delegation.url), kind: delegationKind(step.delegation) }
          : null,
        pullRequest: step.pr ? { ...webAddress(step.pr.url), state: pullRequestState(step.pr) } : null,
        conflict: step.conflict ? conflictSummary(step.conflict) : null,
        headless: step.headless ? headlessText(step.headless) : null,
      };
    }),
    priorContext: state.priorContext,
    generatedAt: timeOf(input.now),
    version: PACKAGE_VERSION,
  };
}

/**
 * A time as the page shows it: `text` in the reports' one form (`2026-12-03 10:00:00 UTC`) and `iso`
 * for a `<time datetime>` attribute; a value that is no time (a hand-edited state) is shown as written, without `iso`.
 */
function timeOf(value: string): { iso: string | null; text: string } {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { iso: null, text: value };
  const iso = new Date(ms).toISOString();
  return { iso, text: formatTime(iso) };
}

/** `{ url, href }`: href only for an https address, so a hand-edited state cannot make a script link. */
function webAddress(url: string): { url: string; href: string | null } {
  return { url, href: webHref(url) ?? null };
}

/**
 * Up to `max` bytes of a file the state names; undefined when it cannot be read, and for one
 * outside the project (a state file can be edited by hand: it must not pull other files in).
 */
function readCapped(
  realRoot: string,
  file: string,
  max: number,
): { text: string; size: number; cut: boolean } | undefined {
  let real: string;
  try {
    real = realpathSync(path.resolve(realRoot, file));
  } catch {
    return undefined;
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
  let fd: number;
  try {
    fd = openSync(real, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const bytes = Math.max(0, Math.min(stat.size, max));
    return { text: readHead(fd, bytes), size: stat.size, cut: stat.size > bytes };
  } finally {
    closeSync(fd);
  }
}
