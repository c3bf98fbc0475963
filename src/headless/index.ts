/**
 * `run --headless`: a wave of ready steps conducted with no one at the terminal. The checkout is
 * checked first (a git branch, nothing uncommitted), then each ready step runs in a worktree of
 * its own through its agent CLI's headless JSON mode (wave.ts), and only verified work is merged.
 * This is the whole of it the CLI sees: `runHeadless`, its options and its report.
 */
import path from 'node:path';
import { ConductorError } from '../errors.js';
import { usageText } from '../views/status.js';
import type { StepRunner } from '../step-runner.js';
import { runLockOf } from '../state/paths.js';
import { interruptStep, readySteps, resultOf, unfinishedDependencies } from '../state/transitions.js';
import type { Env, ExecutionContext } from '../types.js';
import { withLock } from '../util/lock.js';
import { duration, numbered, shellQuote } from '../util/text.js';
import { checkProgram, type HeadlessCommand, headlessCommand } from './agent.js';
import { type Checkout, excludeFolder, usableCheckout } from './git.js';
import { type ProgressBoard, type ProgressOutput, progressBoard } from './progress.js';
import { type StepOutcome, Wave } from './wave.js';

export type { StepOutcome } from './wave.js';

/** Where Ctrl-C comes from: the process, or a test's own emitter. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', listener: () => void): unknown;
}

export interface HeadlessOptions {
  /** The execution to conduct, asked for once the checkout passed (so a plan file is executed only then). */
  execution(): Promise<string>;
  /** `claude`, `codex`, `copilot`, `gemini`, `opencode`, or a command line of your own. */
  agent: string;
  /** Steps at once. */
  parallel: number;
  /** Run exactly this ready step (a CI matrix job). */
  step?: number;
  /** What an unconfirmed step does (default: the config's `headless.unconfirmed`, else stop). */
  unconfirmed?: 'stop' | 'accept';
  env: Env;
  /** How the person types the CLI, for the commands the report names. */
  command: string;
  /**
   * Where progress goes, as it happens: on a terminal (`isTTY`) a live line per running step,
   * rewritten in place; elsewhere a line per event.
   */
  output: ProgressOutput;
  signals?: SignalSource;
  now?: () => Date;
}

export interface HeadlessReport {
  executionId: string;
  /** The execution's branch: where verified steps were merged. */
  branch: string;
  steps: StepOutcome[];
  interrupted: boolean;
  /** A step was unconfirmed under `--stop-on unconfirmed`: no new step started after it. */
  stoppedOnUnconfirmed: boolean;
  /** 0: every step run was completed; 3: one was contradicted; 1: another failed, or the run was stopped. */
  exitCode: 0 | 1 | 3;
  text: string;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function runHeadless(runner: StepRunner, options: HeadlessOptions): Promise<HeadlessReport> {
  const settings = runner.config.headless;
  const command = headlessCommand(options.agent, settings);
  const env = options.env;
  checkProgram(command, env);
  const checkout = await usableCheckout(runner.config.root, [runner.config.proofDir, settings.worktreesDir], env);
  const executionId = await options.execution();
  const before = runner.loadExecutionContext(executionId);
  if (options.step !== undefined) checkStep(before, options.step, options.command);
  const lock = runLockOf(runner.store.file(executionId));
  return withLock(
    lock,
    async () => {
      const board = progressBoard(options.output);
      try {
        return await conduct(runner, options, { executionId, checkout, command, board });
      } finally {
        board.close();
      }
    },
    {
      timeoutMs: 300,
      staleMs: Number.POSITIVE_INFINITY,
      label: `execution ${executionId}: another run --headless conducts it, and it`,
    },
  );
}

interface Conducted {
  executionId: string;
  checkout: Checkout;
  command: HeadlessCommand;
  board: ProgressBoard;
}

/** The run, once its lock is held: leftovers recovered, the header printed, the wave run, the report made. */
async function conduct(runner: StepRunner, options: HeadlessOptions, run: Conducted): Promise<HeadlessReport> {
  const { executionId, checkout, command, board } = run;
  const settings = runner.config.headless;
  const env = options.env;
  const worktrees = path.resolve(checkout.top, settings.worktreesDir);
  excludeFolder(checkout, worktrees);
  const now = options.now ?? (() => new Date());
  await recoverLeftovers(runner, executionId, now, board.line);
  const unconfirmed = options.unconfirmed ?? settings.unconfirmed;
  for (const line of header(command, settings, options, checkout.branch, unconfirmed)) board.line(line);
  const wave = new Wave({
    runner,
    executionId,
    checkout,
    command,
    settings,
    worktrees,
    parallel: options.parallel,
    ...(options.step === undefined ? {} : { step: options.step }),
    unconfirmed,
    env,
    board,
    now,
  });
  const signals = options.signals ?? process;
  const onSignal = () => {
    if (wave.stopping !== 'interrupt')
      board.line('Stopping: the agents are being stopped; their steps go back to pending, worktrees kept.');
    wave.interrupt();
  };
  for (const signal of SIGNALS) signals.on(signal, onSignal);
  // The agents are process groups of their own, which outlive this process: should it end before
  // the wave does (stdout closed under it, `run --headless | head`), they are stopped on the way
  // out, and the next run finds their steps left running and sends them back to pending.
  const onExit = () => wave.interrupt();
  process.on('exit', onExit);
  try {
    await wave.run();
  } finally {
    for (const signal of SIGNALS) signals.off(signal, onSignal);
    process.off('exit', onExit);
  }
  if (wave.error !== undefined) throw wave.error;
  return report(runner.loadExecutionContext(executionId), wave, checkout.branch, options);
}

/** `--step N` names a step that can run now, or nothing is done. */
function checkStep(state: ExecutionContext, step: number, command: string): void {
  const result = resultOf(state, step);
  if (readySteps(state).includes(step)) return;
  if (result.status === 'running' && result.headless) return; // left by a run that stopped: it goes on
  if (result.status === 'pending') {
    const waits = unfinishedDependencies(state, step);
    throw new ConductorError('BLOCKED', `step ${step} is not ready: it waits for ${numbered('step', waits)}`, {
      hint: `run the steps it waits for first (${command} next ${state.executionId} lists the ready ones)`,
    });
  }
  const was = { failed: 'has failed', completed: 'has completed', skipped: 'was skipped' }[result.status as string];
  throw new ConductorError(
    'TRANSITION',
    `step ${step} (${result.agentName}) ${was ?? `is ${result.status}`}: nothing to run`,
    {
      hint: result.status === 'failed' ? `retry it first (${command} retry ${state.executionId} ${step})` : undefined,
    },
  );
}

/**
 * Steps a run left running when it could not stop them itself (it was killed): their agent is
 * gone (this run holds the execution's run lock), so they go back to pending and run again.
 */
async function recoverLeftovers(runner: StepRunner, id: string, now: () => Date, print: (line: string) => void) {
  const { left } = await runner.store.update(id, (before) => {
    const steps = before.stepResults
      .filter((result) => result.status === 'running' && result.headless)
      .map((result) => result.stepNumber);
    if (steps.length === 0) return { left: steps };
    const at = now().toISOString();
    const state = steps.reduce((after, n) => interruptStep(after, n, { now: at }), before);
    return { state, left: steps };
  });
  if (left.length > 0) print(`${numbered('Step', left)} left running by a run that stopped: back to pending.`);
}

function header(
  command: HeadlessCommand,
  settings: StepRunner['config']['headless'],
  options: HeadlessOptions,
  branch: string,
  unconfirmed: 'stop' | 'accept',
): string[] {
  const { permissions } = command;
  const limits = [
    `${settings.timeoutSeconds} s per step (headless.timeoutSeconds)`,
    ...(command.limits.length > 0 ? [command.limits.join(' ')] : []),
  ];
  const shown = command
    .argv('', '{promptFile}', '{transcript}')
    .shown.replace(/<the prompt, 0 characters>/, '<the prompt>');
  const flags = permissions.flags.length > 0 ? permissions.flags.join(' ') : '(no flags)';
  const merged = `each in its own worktree, merged into ${branch} when verified`;
  return [
    `Agent: ${command.label} — ${shown}`,
    `Permissions: ${flags} — ${permissions.allows}`,
    `Limits: ${limits.join('; ')}`,
    `Unconfirmed steps: ${
      unconfirmed === 'stop'
        ? 'fail unmerged and stop the run (--accept unconfirmed merges them)'
        : 'completed and merged (--accept unconfirmed)'
    }`,
    options.step === undefined
      ? `Steps: the ready ones, ${options.parallel} at a time, ${merged}`
      : `Step: ${options.step} only, ${merged}`,
  ];
}

function report(state: ExecutionContext, wave: Wave, branch: string, options: HeadlessOptions): HeadlessReport {
  const steps = [...wave.outcomes].sort((a, b) => a.stepNumber - b.stepNumber);
  const interrupted = wave.stopping === 'interrupt';
  const contradicted = steps.some((step) => step.verdict === 'contradicted' && step.result === 'failed');
  const failed = steps.some((step) => step.result === 'failed');
  const exitCode = contradicted ? 3 : failed || interrupted ? 1 : 0;
  const id = state.executionId;
  const lines = [`${id} on ${branch}: ${counted(steps)}.`];
  for (const step of steps) {
    const took = [
      step.headless.durationMs === undefined ? '' : duration(step.headless.durationMs),
      usageText(step.headless.usage),
    ]
      .filter(Boolean)
      .map((part) => ` · ${part}`)
      .join('');
    if (step.result === 'completed') {
      const merged = step.headless.merged ? `merged (${step.headless.merged})` : 'nothing to merge (no changes)';
      lines.push(`✓ ${step.stepNumber} ${step.agentName}: ${step.verdict}, ${merged}${took}`);
    } else if (step.result === 'interrupted')
      lines.push(`↺ ${step.stepNumber} ${step.agentName}: interrupted, back to pending${took}`);
    else lines.push(`✗ ${step.stepNumber} ${step.agentName}: ${step.error}${took}`);
    if (step.result !== 'completed')
      lines.push(`    branch ${step.headless.branch} · worktree ${step.headless.worktree} (kept)`);
  }
  const waiting = state.stepResults.filter(
    (result) => result.status === 'pending' && !readySteps(state).includes(result.stepNumber),
  );
  if (waiting.length > 0 && failed)
    lines.push(
      `Not started: ${numbered(
        'step',
        waiting.map((result) => result.stepNumber),
      )} (waiting for failed work).`,
    );
  lines.push(nextMove(state, interrupted, failed, options));
  return {
    executionId: id,
    branch,
    steps,
    interrupted,
    stoppedOnUnconfirmed: wave.stopping === 'unconfirmed',
    exitCode,
    text: lines.join('\n'),
  };
}

function counted(steps: StepOutcome[]): string {
  if (steps.length === 0) return 'no step was ready to run';
  const of = (result: StepOutcome['result']) => steps.filter((step) => step.result === result).length;
  return [
    of('completed') > 0 ? `${of('completed')} completed` : '',
    of('failed') > 0 ? `${of('failed')} failed` : '',
    of('interrupted') > 0 ? `${of('interrupted')} interrupted` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function nextMove(state: ExecutionContext, interrupted: boolean, failed: boolean, options: HeadlessOptions): string {
  const { command } = options;
  const id = state.executionId;
  if (interrupted) {
    // The command as it ran, so that it runs as printed: the agent (a command line of its own is
    // quoted for the shell) and --parallel.
    const parallel = options.parallel === 1 ? '' : ` --parallel ${options.parallel}`;
    const again = `${command} run ${id} --headless --agent ${shellQuote(options.agent)}${parallel}`;
    return `Stopped. ${again} goes on where it stopped.`;
  }
  if (state.stepResults.every((result) => result.status === 'completed' || result.status === 'skipped'))
    return 'Done: every step is completed or skipped.';
  if (failed) {
    const first = state.stepResults.find((result) => result.status === 'failed')!;
    return (
      `Next: look at the failed step's worktree, then ${command} retry ${id} ${first.stepNumber} and run again ` +
      `(or skip it with ${command} skip ${id} ${first.stepNumber} --reason "…")`
    );
  }
  return `Next: ${command} status ${id}`;
}
