/** Text a person reads: summaries, step instructions, lists. Pure functions of the state. */
import type { Target } from '../config/define.js';
import { targetNamed } from '../targets/index.js';
import type { ExecutionSummary, StepSummary } from '../state/summary.js';
import type { StepHeadless, StepResult, StepStatus } from '../types.js';
import { arrowList, duration, numbered, shellQuote, truncate } from '../util/text.js';

// The commands that print a summary load this file only; the data model is state/summary.ts.
export { summarize } from '../state/summary.js';
export type { ExecutionSummary, StepSummary } from '../state/summary.js';

const STATUS_WORDS = { done: 'done', 'in-progress': 'in progress', blocked: 'blocked' } as const;

const STATUS_ICONS: Record<StepStatus, string> = {
  completed: '✓',
  failed: '✗',
  running: '▶',
  pending: '○',
  skipped: '↷',
};

/** The human-readable status: one line per step, details indented under it. */
export function formatSummary(summary: ExecutionSummary, command = 'swarm-conductor'): string {
  const lines = [
    `${summary.executionId} · ${STATUS_WORDS[summary.status]} · ${summary.progress.done} of ` +
      `${summary.progress.total} steps done`,
    `Goal: ${summary.goal}`,
    `Plan: ${summary.planFilename || '(none)'} · started ` +
      `${summary.startTime}${summary.endTime ? ` · ended ${summary.endTime}` : ''}`,
    `Order: ${arrowList(summary.order)}`,
    '',
  ];
  const width = Math.max(...summary.steps.map((step) => step.agentName.length));
  const numberWidth = String(Math.max(...summary.order)).length;
  for (const step of summary.steps) {
    const shown =
      step.status === 'pending'
        ? step.ready
          ? 'pending · ready'
          : `pending · waits for ${step.waitingFor.join(', ')}`
        : step.status;
    lines.push(
      `${STATUS_ICONS[step.status]} ${String(step.stepNumber).padStart(numberWidth)}  ` +
        `${step.agentName.padEnd(width)}  ${shown}`,
    );
    const indent = ' '.repeat(numberWidth + 4);
    if (step.outputs.length > 0) lines.push(`${indent}outputs: ${step.outputs.join('; ')}`);
    if (step.errors.length > 0)
      lines.push(`${indent}${step.status === 'failed' ? 'errors' : 'earlier errors'}: ${step.errors.join('; ')}`);
    if (step.reason) lines.push(`${indent}skipped: ${step.reason}`);
    if (step.forced?.length)
      lines.push(
        `${indent}forced: ` +
          `${step.forced.map((entry) => `${entry.action} past unfinished ${entry.unfinished.join(', ')}`).join('; ')}`,
      );
    if (step.transcriptPath) lines.push(`${indent}transcript: ${step.transcriptPath}`);
    if (step.verification) lines.push(`${indent}${verificationLine(step.verification)}`);
    if (step.delegation) lines.push(`${indent}delegated: ${step.delegation.url} (${delegationKind(step.delegation)})`);
    if (step.pr) lines.push(`${indent}${pullRequestLine(step.pr)}`);
    if (step.headless) {
      const { where, run } = headlessText(step.headless);
      lines.push(`${indent}headless: ${where}`, `${indent}agent run: ${run}`);
    }
    if (step.conflict) lines.push(...conflictLines(step, summary.executionId, command, indent));
    for (const attempt of step.history ?? []) {
      const files = [
        attempt.transcriptPath && `transcript ${attempt.transcriptPath}`,
        attempt.promptPath && `prompt ${attempt.promptPath}`,
      ]
        .filter(Boolean)
        .join(', ');
      const said = attempt.errors?.length ? ` (${attempt.errors.join('; ')})` : '';
      lines.push(
        `${indent}attempt ${attempt.attempt}: ${attempt.status}${said}, then ` +
          `${attempt.action === 'retry' ? 'retried' : 'reopened'} ${attempt.at}${files ? ` (${files})` : ''}`,
      );
    }
    if (step.promptPath && (step.status === 'pending' || step.status === 'running'))
      lines.push(`${indent}prompt: ${step.promptPath}${step.stale ? STALE : ''}`);
  }
  lines.push('', nextLine(summary, command));
  return lines.join('\n');
}

/** How a stale prompt is marked wherever a prompt path is shown. */
export const STALE = ' (stale: what it is made from changed since it was written; prompt --refresh rewrites it)';

function nextLine(summary: ExecutionSummary, command: string): string {
  const conflicts = summary.steps.filter((step) => step.conflict).map((step) => step.stepNumber);
  if (conflicts.length > 0)
    return (
      `Conflict: ${numbered('step', conflicts)} recorded differently by two clones — ${command} resolve ` +
      `${summary.executionId} ${conflicts[0]} --take ours|theirs, then commit the state file`
    );
  if (summary.status === 'done')
    return `Done: every step is completed or skipped${summary.endTime ? ` (ended ${summary.endTime})` : ''}.`;
  const running = summary.steps.filter((step) => step.status === 'running').map((step) => step.stepNumber);
  if (summary.ready.length > 0) {
    const first = summary.steps.find((step) => step.stepNumber === summary.ready[0])!;
    const others = summary.ready.length > 1 ? ` (also ready: ${summary.ready.slice(1).join(', ')})` : '';
    return (
      `Next: step ${first.stepNumber} (${first.agentName})${others} — ${command} prompt ` +
      `${summary.executionId} ${first.stepNumber}`
    );
  }
  const awaiting = summary.steps.filter((step) => step.status === 'running' && step.pr).map((step) => step.stepNumber);
  if (awaiting.length > 0 && awaiting.length === running.length)
    return (
      `Waiting: ${numbered('step', awaiting)} on a pull request — ${command} sync ${summary.executionId} ` +
      'settles it'
    );
  if (running.length > 0)
    return (
      `Running: step ${running.join(', ')} — record the result with ${command} complete|fail ` +
      `${summary.executionId} <step>`
    );
  const failed = summary.steps.filter((step) => step.status === 'failed').map((step) => step.stepNumber);
  return (
    `Blocked: step ${failed.join(', ')} failed — ${command} retry ${summary.executionId} ${failed[0]} (or ` +
    `skip it with --reason)`
  );
}

export interface InstructionInput {
  executionId: string;
  stepNumber: number;
  stepCount: number;
  agentName: string;
  task: string;
  promptPath: string;
  transcriptPath: string;
  target: Target;
  /** How the person types the CLI (default `swarm-conductor`). */
  command?: string;
}

/** How to run one step: where its prompt is and what to tell the conductor afterwards. */
export function formatInstructions(input: InstructionInput): string {
  const { executionId: id, stepNumber: n } = input;
  const command = input.command ?? 'swarm-conductor';
  return [
    `Step ${n} of ${input.stepCount} · ${input.agentName}`,
    `  Task: ${input.task}`,
    `  Prompt: ${input.promptPath}`,
    `  1. Start a session in ${targetNamed(input.target).label} in this repository and give it the prompt`,
    `     (${command} prompt ${id} ${n} prints it, for piping or copying).`,
    `  2. When the work is done: ${command} complete ${id} ${n} --output "<what was produced>" --transcript ` +
      `${shellQuote(input.transcriptPath)}`,
    `     If it failed:          ${command} fail ${id} ${n} --error "<what went wrong>"`,
  ].join('\n');
}

/** A plan as a person reads it: its steps, the order and the waves. */
export function formatPlan(
  plan: {
    goal: string;
    steps: readonly { stepNumber: number; agentName: string; task: string; dependencies: number[] }[];
  },
  order: number[],
  waves: number[][],
): string {
  const width = Math.max(...plan.steps.map((step) => step.agentName.length));
  const numberWidth = String(Math.max(...plan.steps.map((step) => step.stepNumber))).length;
  const byNumber = new Map(plan.steps.map((step) => [step.stepNumber, step]));
  const lines = [`Goal: ${plan.goal}`, 'Steps:'];
  for (const number of order) {
    const step = byNumber.get(number)!;
    const after = step.dependencies.length > 0 ? `  (after ${step.dependencies.join(', ')})` : '';
    lines.push(
      `  ${String(number).padStart(numberWidth)}  ${step.agentName.padEnd(width)}  ${truncate(step.task, 90)}${after}`,
    );
  }
  lines.push(`Order: ${arrowList(order)}`);
  lines.push(`Waves: ${waves.map((wave) => `[${wave.join(', ')}]`).join(' → ')}`);
  return lines.join('\n');
}

const PART_KINDS: Record<string, string> = {
  background: 'background, not a step',
  title: 'title, context for what follows',
  heading: 'heading, context for what follows',
  'non-goal': 'non-goal: left out of the plan',
  purpose: 'purpose, not a step',
  negated: 'not to be done',
  continues: 'goes with the part before it',
  'kept-with-neighbour': "no agent's words: kept with the part before it",
};

/** `plan --explain`: each part of the goal, where it went, and the words that took it there. */
export function formatRouting(
  parts: readonly {
    text: string;
    agents: string[];
    kind: string;
    evidence: { text: string; points: number; why: string }[];
  }[],
): string {
  const lines = ['How the goal was read:'];
  for (const part of parts) {
    if (part.kind === 'step') {
      const words = part.evidence
        .slice(0, 5)
        .map((entry) => `${entry.text} +${Math.round(entry.points * 10) / 10} (${entry.why})`);
      lines.push(
        `  "${part.text}" → ${part.agents.join(' + ')}`,
        `      ${words.join(', ') || '(no words of its own)'}`,
      );
    } else {
      lines.push(`  "${part.text}" — ${PART_KINDS[part.kind] ?? part.kind}${agentsOfPart(part)}`);
    }
  }
  return lines.join('\n');
}

/** ` (A + B)` after a part that is not routed on its own but goes with agents (kept with a neighbour, continued). */
function agentsOfPart(part: { agents: string[]; kind: string }): string {
  const ownKind = part.kind === 'kept-with-neighbour' || part.kind === 'continues';
  return part.agents.length > 0 && ownKind ? ` (${part.agents.join(' + ')})` : '';
}

/** `verified ✓ (12 passed)` / `contradicted ✗: the last test run failed (…)`, as `status` shows a verdict. */
export function verificationLine(verification: NonNullable<StepResult['verification']>): string {
  const tests = verification.tests;
  const counts =
    tests?.passed !== undefined || tests?.failed !== undefined
      ? ` (tests: ${tests.passed ?? 0} passed, ${tests.failed ?? 0} failed)`
      : '';
  if (verification.verdict === 'contradicted') {
    const override = verification.overridden ? ', completed anyway with --force' : '';
    const [first, ...rest] = verification.reasons;
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    return `verification: contradicted ✗${override}: ${first ?? 'see verify'}${more}`;
  }
  return `verification: ${verification.verdict} ${verification.verdict === 'verified' ? '✓' : '?'}${counts}`;
}

/** `next`: the steps that can be worked on now (the ready wave) and the running ones, each with how to record it. */
export function formatNext(summary: ExecutionSummary, command: string): string {
  const { executionId, progress } = summary;
  const lines = [`${executionId} · ${progress.done} of ${progress.total} steps done · ${summary.goal}`];
  const ready = summary.steps.filter((step) => step.ready);
  const running = summary.steps.filter((step) => step.status === 'running');
  if (ready.length === 0 && running.length === 0) {
    lines.push('', nextLine(summary, command));
    return lines.join('\n');
  }
  const entry = (step: StepSummary, heading: string) => [
    `${heading} ${step.stepNumber} · ${step.agentName}: ${truncate(step.task, 90)}`,
    `    prompt:  ` +
      `${step.promptPath ?? `${command} prompt ${executionId} ${step.stepNumber} writes it`}${step.stale ? STALE : ''}`,
    step.pr
      ? `    waits:   for ${step.pr.url} — ${command} sync ${executionId} settles it when it merges or closes`
      : `    record:  ${command} complete ${executionId} ${step.stepNumber} --output "<what was produced>"` +
        ` (or fail … --error "<why>")`,
  ];
  if (ready.length > 0) {
    lines.push('', `Ready now (${ready.length === 1 ? 'one step' : `${ready.length} steps, side by side`}):`);
    for (const step of ready) lines.push(...entry(step, '  ○'));
  }
  if (running.length > 0) {
    lines.push('', 'Running:');
    for (const step of running) lines.push(...entry(step, '  ▶'));
  }
  return lines.join('\n');
}

/** `next --json`: the same, as data. */
export function nextData(summary: ExecutionSummary, command: string) {
  const pick = (step: StepSummary) => ({
    stepNumber: step.stepNumber,
    agentName: step.agentName,
    task: step.task,
    status: step.status,
    promptPath: step.promptPath ?? null,
    stale: step.stale ?? false,
    record: step.pr
      ? `${command} sync ${summary.executionId}`
      : `${command} complete ${summary.executionId} ${step.stepNumber} --output "<what was produced>"`,
    pullRequest: step.pr?.url ?? null,
  });
  return {
    executionId: summary.executionId,
    status: summary.status,
    progress: summary.progress,
    ready: summary.steps.filter((step) => step.ready).map(pick),
    running: summary.steps.filter((step) => step.status === 'running').map(pick),
  };
}

/**
 * What `run --headless` recorded of a step, in words, for status and the reports alike: `where`
 * (`claude · branch conductor/…/step-1 → main · worktree .conductor/worktrees/…/step-1`) and `run`
 * (`4.2 s · $0.0421 · tokens 1,234 in, 567 out · 3 turns · merged into main (abc1234)`). Plain text: each
 * presenter escapes it for where it is shown.
 */
export function headlessText(headless: StepHeadless): { where: string; run: string } {
  const where = `${headless.agent} · branch ${headless.branch} → ${headless.into} · worktree ${headless.worktree}`;
  const parts = [
    headless.durationMs === undefined ? `started ${headless.startedAt}` : duration(headless.durationMs),
    usageText(headless.usage),
    headless.merged ? `merged into ${headless.into} (${headless.merged})` : '',
    headless.interruptedAt ? `interrupted ${headless.interruptedAt}` : '',
  ];
  return { where, run: parts.filter(Boolean).join(' · ') };
}

/** `$0.0421 · tokens 1,234 in, 567 out · 3 turns`: what an agent's stream says its run took ('' if nothing). */
export function usageText(usage: StepHeadless['usage']): string {
  if (!usage) return '';
  const tokens = [
    usage.inputTokens === undefined ? '' : `${usage.inputTokens.toLocaleString('en')} in`,
    usage.outputTokens === undefined ? '' : `${usage.outputTokens.toLocaleString('en')} out`,
  ].filter(Boolean);
  return [
    usage.costUsd === undefined ? '' : `$${usage.costUsd.toFixed(usage.costUsd < 1 ? 4 : 2)}`,
    tokens.length > 0 ? `tokens ${tokens.join(', ')}` : '',
    usage.turns === undefined ? '' : `${usage.turns} turn${usage.turns === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** `pull request: <url> (merged · checks passing)` */
export function pullRequestLine(pr: NonNullable<StepResult['pr']>): string {
  return `pull request: ${pr.url} (${pullRequestState(pr)})`;
}

/** What `sync` last saw of a pull request: `merged · checks passing, seen <time>`, or `not synced yet`. */
export function pullRequestState(pr: NonNullable<StepResult['pr']>): string {
  const seen = pr.seen;
  if (!seen) return 'not synced yet';
  const failing = seen.failing?.length ? `: ${seen.failing.join(', ')}` : '';
  return `${seen.state.toLowerCase()} · checks ${seen.checks}${failing}, seen ${seen.at}`;
}

export function delegationKind(delegation: NonNullable<StepResult['delegation']>): string {
  return delegation.via === 'agent-task' ? 'Copilot coding agent task' : 'issue for the coding agent';
}

/** Both sides of a step two clones recorded differently, in one line. */
export function conflictSummary(conflict: NonNullable<StepResult['conflict']>): string {
  return `ours ${sideOf(conflict.ours)}; theirs ${sideOf(conflict.theirs)}`;
}

function sideOf(result: StepResult): string {
  const said =
    result.status === 'failed' ? result.errors : result.status === 'skipped' ? [result.reason] : result.outputs;
  const detail = said?.filter(Boolean).join('; ');
  return `${result.status}${detail ? `: ${detail}` : ''}`;
}

/** What else a side carries besides its result: its attempts, its transcript, its verdict. */
function sideDetails(result: StepResult): string {
  const details = [
    result.history?.length ? `${result.history.length} earlier attempt${result.history.length === 1 ? '' : 's'}` : '',
    result.transcriptPath ? `transcript ${result.transcriptPath}` : '',
    result.verification ? `verdict ${result.verification.verdict}` : '',
  ].filter(Boolean);
  return details.length > 0 ? ` (${details.join(', ')})` : '';
}

/** A merge conflict on a step: both sides whole, and how to settle it (the side not taken is kept as an attempt). */
function conflictLines(step: StepSummary, id: string, command: string, indent: string): string[] {
  const conflict = step.conflict!;
  const attempts = (side: StepResult) => side.history?.length ?? 0;
  return [
    `${indent}⚠ conflict: two clones recorded different results for this step`,
    `${indent}  ours:   ${sideOf(conflict.ours)}${sideDetails(conflict.ours)}`,
    `${indent}  theirs: ${sideOf(conflict.theirs)}${sideDetails(conflict.theirs)}`,
    ...(attempts(conflict.ours) > 0 || attempts(conflict.theirs) > 0
      ? [`${indent}  both keep every earlier attempt; the result not taken is kept as one more`]
      : [`${indent}  the result not taken is kept as an earlier attempt`]),
    `${indent}  settle it: ${command} resolve ${id} ${step.stepNumber} --take ours|theirs`,
  ];
}
