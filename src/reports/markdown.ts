/**
 * `report`: an execution as markdown (REPORT.md in its folder): the goal and plan, a timeline as
 * a Mermaid gantt chart (GitHub draws it), and each step with its agent, status, duration,
 * attempts, outputs, errors, evidence verdict and links to its prompt and transcript. Text from
 * the state is escaped, so a task that holds markdown or HTML is shown as written.
 */
import path from 'node:path';
import { conflictSummary, delegationKind, headlessText, pullRequestState } from '../views/status.js';
import { summarize } from '../state/summary.js';
import { currentErrors } from '../state/transitions.js';
import type { ExecutionContext, StepResult } from '../types.js';
import { truncate } from '../util/text.js';
import { fileLinker, webHref } from './links.js';
import { formatDuration, formatTime, type StepTiming, timingOf } from './timeline.js';

export interface ReportInput {
  state: ExecutionContext;
  /** The project root: the state's paths are relative to it. */
  root: string;
  /** The folder the report is written into (its links are relative to it). */
  reportDir: string;
  /** The time to draw running steps up to. */
  now: string;
}

const ICONS = { completed: '✓', failed: '✗', running: '▶', pending: '○', skipped: '↷' } as const;

export function markdownReport(input: ReportInput): string {
  const { state } = input;
  const summary = summarize(state);
  const timing = timingOf(state, input.now);
  const byStep = new Map(timing.steps.map((step) => [step.stepNumber, step]));
  const lines = [
    `# ${inline(state.plan.goal)}`,
    '',
    `Execution \`${state.executionId}\` · **${summary.status}** · ${summary.progress.done} of ` +
      `${summary.progress.total} ` +
      `steps done · started ${formatTime(state.startTime)}` +
      `${state.endTime ? ` · ended ${formatTime(state.endTime)}` : ''} · wall time ${formatDuration(timing.wallTime)}`,
    '',
    `Plan: ${state.planFilename ? code(state.planFilename) : '(none)'} · ${state.plan.steps.length} ` +
      `step${state.plan.steps.length === 1 ? '' : 's'} in ${timing.waves.length} ` +
      `wave${timing.waves.length === 1 ? '' : 's'}: ` +
      timing.waves.map((wave) => `[${wave.join(', ')}]`).join(' → '),
    '',
    '## Timeline',
    '',
    ...gantt(state, timing.steps),
    '',
    '## Steps',
    '',
    '| # | agent | status | duration | attempts | evidence |',
    '|---|---|---|---|---|---|',
  ];
  for (const step of summary.steps) {
    const time = byStep.get(step.stepNumber)!;
    lines.push(
      `| ${step.stepNumber} | ${cell(step.agentName)} | ${ICONS[step.status]} ${step.status} | ` +
        `${formatDuration(time.duration)} | ${time.attempts} | ${verdictCell(step.verification)} |`,
    );
  }
  for (const step of summary.steps) {
    const result = state.stepResults.find((entry) => entry.stepNumber === step.stepNumber)!;
    lines.push('', ...stepSection(input, result, step.task, step.dependencies, byStep.get(step.stepNumber)!));
  }
  if (state.priorContext.length > 0) {
    lines.push('', '## Handed on', '', ...state.priorContext.map((line, index) => `${index + 1}. ${inline(line)}`));
  }
  return `${lines.join('\n')}\n`;
}

function stepSection(
  input: ReportInput,
  result: StepResult,
  task: string,
  dependencies: readonly number[],
  time: StepTiming,
): string[] {
  const last = time.bars[time.bars.length - 1];
  const timed =
    last && last.attempt === time.attempts
      ? ` (${last.fromReady ? 'ready' : 'started'} ${formatTime(last.start)}, ` +
        `${result.status === 'running' ? 'still running' : `${result.status} ${formatTime(last.end)}`})`
      : '';
  const lines = [
    `### ${result.stepNumber} · ${inline(result.agentName)} — ${ICONS[result.status]} ${result.status}`,
    '',
    ...task.split('\n').map((line) => `> ${inline(line)}`),
    '',
    `- **Duration:** ${formatDuration(time.duration)}${timed}`,
  ];
  if (dependencies.length > 0) lines.push(`- **After:** ${dependencies.map((n) => `step ${n}`).join(', ')}`);
  if (result.outputs?.length) lines.push(`- **Outputs:** ${result.outputs.map(inline).join('; ')}`);
  // This attempt's errors; each earlier attempt's are on its own line below.
  const errors = currentErrors(result);
  if (errors.length) lines.push(`- **Errors:** ${errors.map(inline).join('; ')}`);
  if (result.reason) lines.push(`- **Skipped because:** ${inline(result.reason)}`);
  for (const attempt of result.history ?? []) {
    const ended = attempt.endTime ? ` at ${formatTime(attempt.endTime)}` : '';
    const detail = attempt.errors?.length
      ? `: ${attempt.errors.map(inline).join('; ')}`
      : attempt.outputs?.length
        ? `: ${attempt.outputs.map(inline).join('; ')}`
        : '';
    lines.push(
      `- **Attempt ${attempt.attempt}:** ${attempt.status}${ended}${detail}; ` +
        `${attempt.action === 'retry' ? 'retried' : 'reopened'} ${formatTime(attempt.at)}`,
    );
  }
  const verification = result.verification;
  if (verification) {
    const tests =
      verification.tests?.passed !== undefined
        ? ` · tests ${verification.tests.passed} passed, ${verification.tests.failed ?? 0} failed`
        : '';
    const override = verification.overridden ? ' · completed anyway (override recorded)' : '';
    lines.push(
      `- **Evidence:** ${verdictCell(verification)}${tests}${override} — from ${code(verification.transcriptPath)}`,
    );
    for (const reason of verification.reasons) lines.push(`  - ${inline(reason)}`);
  }
  if (result.delegation) {
    lines.push(`- **Delegated:** ${webLink(result.delegation.url)} (${delegationKind(result.delegation)})`);
  }
  if (result.pr) lines.push(`- **Pull request:** ${webLink(result.pr.url)} (${inline(pullRequestState(result.pr))})`);
  if (result.conflict) {
    lines.push(
      `- **Conflict:** recorded differently by two clones, not resolved: ${inline(conflictSummary(result.conflict))}`,
    );
  }
  if (result.headless) {
    const { where, run } = headlessText(result.headless);
    lines.push(`- **Headless:** ${inline(where)}`, `- **Agent run:** ${inline(run)}`);
  }
  if (result.promptPath) lines.push(`- **Prompt:** ${link(input, result.promptPath)}`);
  if (result.transcriptPath) lines.push(`- **Transcript:** ${link(input, result.transcriptPath)}`);
  return lines;
}

/** The Mermaid gantt chart: a section per agent, a bar per attempt. */
function gantt(state: ExecutionContext, steps: readonly StepTiming[]): string[] {
  const bars = steps.flatMap((step) => step.bars);
  if (bars.length === 0) return ['No step has started yet.'];
  const lines = [
    '```mermaid',
    'gantt',
    `    title ${mermaidText(state.plan.goal)}`,
    '    dateFormat YYYY-MM-DD HH:mm:ss',
    '    axisFormat %H:%M',
  ];
  const agents = [...new Set(bars.map((bar) => bar.agentName))];
  const tasks = new Map(state.plan.steps.map((step) => [step.stepNumber, step.task]));
  for (const agent of agents) {
    lines.push(`    section ${mermaidText(agent)}`);
    for (const bar of bars.filter((entry) => entry.agentName === agent)) {
      const tag = { completed: 'done', failed: 'crit', running: 'active', skipped: 'done', pending: '' }[bar.status];
      const attempts = steps.find((step) => step.stepNumber === bar.stepNumber)!.attempts;
      const name =
        `${bar.stepNumber} ` +
        `${mermaidText(tasks.get(bar.stepNumber) ?? '', 40)}${attempts > 1 ? ` (attempt ${bar.attempt})` : ''}`;
      // Mermaid reads whole seconds; a bar must end after it starts to be drawn.
      const end =
        stamp(bar.end) > stamp(bar.start)
          ? stamp(bar.end)
          : stamp(new Date(Date.parse(bar.start) + 1000).toISOString());
      lines.push(`    ${name} :${tag ? `${tag}, ` : ''}s${bar.stepNumber}a${bar.attempt}, ${stamp(bar.start)}, ${end}`);
    }
  }
  lines.push('```');
  return lines;
}

function verdictCell(verification: StepResult['verification']): string {
  if (!verification) return '—';
  return (
    `${verification.verdict} ` +
    `${verification.verdict === 'verified' ? '✓' : verification.verdict === 'contradicted' ? '✗' : '?'}`
  );
}

const linkers = new WeakMap<ReportInput, (recorded: string) => string | undefined>();

/** A link to a file the state names, when it stays inside the project; else the path as code. */
function link(input: ReportInput, file: string): string {
  let linker = linkers.get(input);
  if (!linker) {
    linker = fileLinker(input.root, input.reportDir);
    linkers.set(input, linker);
  }
  const href = linker(file);
  return href ? `[${inline(path.posix.basename(file))}](${href})` : code(file);
}

/** A web address from the state: a link when it is a plain https URL, else shown as code. */
function webLink(url: string): string {
  const href = webHref(url);
  return href ? `[${inline(href)}](${href})` : code(url);
}

function stamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * State text inside a markdown line, shown as written: no line breaks, HTML and entities as text,
 * and the characters that start markdown's inline forms escaped with a backslash: emphasis, code,
 * strike-through, and `[`, without which no link or image (`![x](https://…)`) can begin.
 */
export function inline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text as an inline code span: fenced by more backticks than it holds; markdown shows what is inside as it is. */
function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** Mermaid's gantt reads `:`, `#` and `;` itself, and draws `<…>` as HTML: those become spaces. */
function mermaidText(text: string, max = 80): string {
  const clean = text
    .replace(/[:#;<>\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(clean, max);
}
