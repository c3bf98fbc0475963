/**
 * The headless run itself: every ready step, up to `parallel` at once, in a git worktree of its
 * own; the agent CLI on it; what it left committed; its transcript verified; and then the policy.
 * Verified: completed and merged into the execution's branch. Contradicted: failed, unmerged,
 * its worktree kept, its dependants never started. Unconfirmed: as `unconfirmed` says. Merges,
 * and the worktrees made from the branch they change, go one at a time; a step becomes ready
 * only once its dependencies are completed, so it starts from their merged work. Every state
 * change goes through the store's lock, so N agents finishing at once lose nothing.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedHeadless } from '../config/validate.js';
import { withAgentPromptFile } from '../conduct/processes.js';
import { unattendedPrompt } from '../render/prompt.js';
import { ConductorError } from '../errors.js';
import type { StepRunner } from '../step-runner.js';
import { agentPromptPath, recordedProofFolder, stepTranscriptPaths } from '../state/paths.js';
import { interruptStep, readySteps, recordHeadless, resultOf, startStep } from '../state/transitions.js';
import { readTranscript } from '../transcripts/read.js';
import type { Env, ExecutionContext, StepHeadless } from '../types.js';
import { projectFile, toProjectPath } from '../util/fs.js';
import { duration, truncate } from '../util/text.js';
import { type HeadlessCommand, type RunningAgent, startAgent } from './agent.js';
import {
  branchWork,
  type Checkout,
  commitLeftovers,
  filesText,
  type MergeOutcome,
  mergeStep,
  removeWorktree,
  stepWorktree,
  uncommittedChanges,
  updateWorktree,
} from './git.js';
import { activityOf, activityText, type ProgressBoard } from './progress.js';

export interface StepOutcome {
  stepNumber: number;
  agentName: string;
  result: 'completed' | 'failed' | 'interrupted';
  /** The verdict of its transcript, when it was judged. */
  verdict?: 'verified' | 'unconfirmed' | 'contradicted';
  /** Why it failed. */
  error?: string;
  headless: StepHeadless;
}

export interface WaveInput {
  runner: StepRunner;
  executionId: string;
  checkout: Checkout;
  command: HeadlessCommand;
  settings: ResolvedHeadless;
  /** Where the worktrees go: `<dir>/<execution>/step-<n>`. */
  worktrees: string;
  parallel: number;
  /** Run exactly this step. */
  step?: number;
  unconfirmed: 'stop' | 'accept';
  env: Env;
  /** Where progress goes: lines that stay, and each running agent's last tool. */
  board: ProgressBoard;
  now(): Date;
}

export class Wave {
  readonly outcomes: StepOutcome[] = [];
  /** Why no new step starts: Ctrl-C, or an unconfirmed step under `--stop-on unconfirmed`. */
  stopping: 'interrupt' | 'unconfirmed' | undefined;
  /** A step that could not be run at all (the agent CLI is not on PATH): the run's own error. */
  error: unknown;
  private readonly agents = new Map<number, RunningAgent>();
  private serial: Promise<unknown> = Promise.resolve();
  private readonly started = new Set<number>();

  constructor(private readonly input: WaveInput) {}

  private get id(): string {
    return this.input.executionId;
  }

  async run(): Promise<void> {
    const running = new Map<number, Promise<void>>();
    for (;;) {
      if (!this.stopping && this.error === undefined) {
        for (const n of this.candidates()) {
          if (running.size >= this.input.parallel) break;
          this.started.add(n);
          running.set(
            n,
            this.runStep(n).then(
              (outcome) => {
                this.outcomes.push(outcome);
              },
              (error: unknown) => {
                this.error ??= error;
              },
            ),
          );
        }
      }
      if (running.size === 0) return;
      const finished = await Promise.race([...running].map(([n, work]) => work.then(() => n)));
      running.delete(finished);
    }
  }

  /** Ctrl-C: no new step starts, every agent's process group is stopped, their steps go back to pending. */
  interrupt(): void {
    if (this.stopping === 'interrupt') {
      for (const agent of this.agents.values()) agent.stop();
      return;
    }
    this.stopping = 'interrupt';
    for (const agent of this.agents.values()) agent.stop();
  }

  /** Steps `run` starts now: the ready ones (or the one of `--step`), each once. */
  private candidates(): number[] {
    const state = this.input.runner.loadExecutionContext(this.id);
    const ready = readySteps(state).filter((n) => !this.started.has(n));
    if (this.input.step === undefined) return ready;
    return ready.includes(this.input.step) ? [this.input.step] : [];
  }

  /** Work that changes the execution's branch, or reads it to make a worktree: one at a time. */
  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch(() => {});
    return next;
  }

  private say(n: number, agentName: string, text: string): void {
    this.input.board.line(`step ${n} · ${agentName} · ${text}`);
  }

  private async runStep(n: number): Promise<StepOutcome> {
    const { runner, checkout, command, env } = this.input;
    const root = runner.config.root;
    const rendered = await runner.prompt(this.id, n);
    const prompt = { ...rendered, text: unattendedPrompt(rendered.text) };
    const state = runner.loadExecutionContext(this.id);
    const agentName = resultOf(state, n).agentName;
    const branch = `conductor/${this.id}/step-${n}`;
    const dir = path.join(this.input.worktrees, this.id, `step-${n}`);
    const made = await this.oneAtATime(() => stepWorktree(checkout, dir, branch, checkout.branch, env));
    const cwd = path.join(dir, checkout.subfolder);
    const transcript = this.transcriptPlace(state, n, agentName);
    const file = projectFile(root, transcript, `the transcript of step ${n}`);
    mkdirSync(path.dirname(file), { recursive: true });
    rmSync(file, { force: true });
    const startedAt = this.input.now();
    const headless: StepHeadless = {
      agent: command.name,
      branch,
      into: checkout.branch,
      worktree: shownFolder(root, dir),
      startedAt: startedAt.toISOString(),
    };
    await runner.store.update(this.id, (before) => ({
      state: recordHeadless(startStep(before, n, { now: headless.startedAt }), n, headless),
    }));
    const retried = made === 'kept' && (resultOf(state, n).history?.length ?? 0) > 0;
    if (retried) {
      const updated = await this.oneAtATime(() =>
        updateWorktree(dir, checkout.branch, `swarm-conductor: ${checkout.branch} into step ${n}, retried`, env),
      );
      if (!updated.merged) {
        const why = updated.conflicts.length > 0 ? `conflicts in ${updated.conflicts.join(', ')}` : updated.message;
        return this.fail(
          n,
          agentName,
          `its kept worktree does not take ${checkout.branch}'s new work (${why}); nothing ran: resolve it in the ` +
            `worktree (git -C ${headless.worktree} merge ${checkout.branch}, fix, commit), then retry and run again`,
          undefined,
          headless,
        );
      }
    }
    const { argv, shown } = command.argv(prompt.text, agentPromptPath(prompt.promptPath), transcript);
    this.say(n, agentName, `${made === 'made' ? 'started' : 'goes on'}: ${shown}`);
    this.say(n, agentName, `worktree ${headless.worktree} · branch ${branch}`);
    const activity = activityOf(command.format);
    const launch = async () => {
      const agent = await startAgent(argv, {
        cwd,
        env,
        transcriptFile: file,
        timeoutMs: this.input.settings.timeoutSeconds * 1000,
        onLine: (line) => {
          const seen = activity(line);
          if (seen) this.input.board.tool(n, activityText(seen, cwd));
        },
      });
      this.agents.set(n, agent);
      this.input.board.running({ stepNumber: n, agentName, agent: command.name, startedAt: startedAt.getTime() });
      if (this.stopping === 'interrupt') agent.stop();
      try {
        return await agent.done;
      } finally {
        this.agents.delete(n);
        this.input.board.stopped(n);
      }
    };
    let exit: Awaited<ReturnType<typeof launch>>;
    try {
      exit = command.usesPromptFile
        ? await withAgentPromptFile(cwd, promptFolder(cwd, prompt.promptPath), prompt.text, launch)
        : await launch();
    } catch (error) {
      // It never ran (not on PATH): the step is as it was, and the run stops with the error.
      await runner.store.update(this.id, (before) => ({ state: interruptStep(before, n, { now: this.stamp() }) }));
      throw error;
    }
    const endedAt = this.input.now();
    const timing: StepHeadless = {
      ...headless,
      endedAt: endedAt.toISOString(),
      durationMs: Math.max(0, endedAt.getTime() - startedAt.getTime()),
    };
    if (exit.stopped && !exit.timedOut) {
      const stopped = await runner.store.update(this.id, (before) => {
        const after = interruptStep(before, n, { now: timing.endedAt! });
        // interruptStep stamped when; the run's times are kept beside it, for status and the reports.
        return { state: recordHeadless(after, n, { ...timing, ...resultOf(after, n).headless }) };
      });
      this.say(n, agentName, `interrupted after ${duration(timing.durationMs!)}: back to pending, worktree kept`);
      return { stepNumber: n, agentName, result: 'interrupted', headless: resultOf(stopped.state!, n).headless! };
    }
    await commitLeftovers(cwd, `step ${n} (${agentName}): what ${command.name} left uncommitted`, env);
    const written = existsSync(file) && statSync(file).size > 0;
    const record = written ? readableTranscript(file, transcript) : undefined;
    const usage = record === 'unreadable' ? undefined : record?.usage;
    const finished: StepHeadless = { ...timing, ...(usage ? { usage: usageOf(usage) } : {}) };
    const fail = (error: string, verdict?: StepOutcome['verdict']) =>
      this.fail(n, agentName, error, written ? transcript : undefined, finished, verdict);
    if (exit.timedOut) {
      return fail(
        `${command.name} ran past the step's time limit (${this.input.settings.timeoutSeconds} s, ` +
          `headless.timeoutSeconds) and was stopped; what it did is on ${branch}`,
      );
    }
    if (exit.code !== 0) {
      const said = exit.stderr.at(-1);
      return fail(
        `${command.name} exited with ${exit.code === null ? exit.signal : `code ${exit.code}`}` +
          `${said ? `: ${truncate(said, 200)}` : ''}; what it did is on ${branch}`,
      );
    }
    if (!written) return fail(`${command.name} printed nothing: there is no event stream to verify`);
    if (record === 'unreadable')
      return fail(`${command.name}'s output is not a stream this version reads (saved as ${transcript})`);
    // The CLI's own result says it failed, whatever its exit code: nothing it says is a claim to judge.
    if (record?.endedInError !== undefined)
      return fail(
        `${command.name} reported an error: ${truncate(record.endedInError, 200)}; what it did is on ${branch}`,
      );
    const { verdict } = await runner.verify(this.id, n, { transcript, filesAt: cwd });
    if (verdict.verdict === 'contradicted') {
      return fail(`contradicted by its transcript: ${verdict.reasons.slice(0, 3).join('; ')}`, 'contradicted');
    }
    if (verdict.verdict === 'unconfirmed' && this.input.unconfirmed === 'stop') {
      this.stopping ??= 'unconfirmed';
      const why = verdict.claims.find((claim) => claim.status === 'unverifiable')?.reason;
      return fail(
        `unconfirmed: its transcript neither backs nor contradicts what it claims${why ? ` (${why})` : ''}; ` +
          `not merged, and no new step starts (--accept unconfirmed merges such steps)`,
        'unconfirmed',
      );
    }
    const work = await branchWork(checkout.top, checkout.branch, branch, env);
    type Merged = { merged: true; commit?: string } | { merged: false; strays: string[] } | MergeOutcome;
    const merged = await this.oneAtATime(async (): Promise<Merged> => {
      // An agent can write outside its worktree (`../../README.md`): the merge would mix that into
      // the person's checkout, and the next run would refuse the tree. Nothing is merged then.
      const ignore = [runner.config.proofDir, this.input.settings.worktreesDir];
      const strays = await uncommittedChanges(runner.config.root, checkout.top, ignore, env);
      if (strays.length > 0) return { merged: false, strays };
      // A step that changed nothing has nothing to merge: no empty merge commit is made or recorded.
      if (work.files.length === 0) return { merged: true };
      return mergeStep(checkout, branch, `swarm-conductor: step ${n} (${agentName}) of ${this.id}`, env);
    });
    if ('strays' in merged) {
      return fail(
        `the checkout has changes no step should have made (${filesText(merged.strays)}): the merge was not ` +
          'made; look at them, then commit or discard them and run again',
        verdict.verdict,
      );
    }
    if (!merged.merged) {
      const files = merged.conflicts.length > 0 ? `conflicts in ${merged.conflicts.join(', ')}` : merged.message;
      return fail(
        `merging ${branch} into ${checkout.branch}: ${files}; the merge was aborted and nothing was merged`,
        verdict.verdict,
      );
    }
    const outputs = outputsOf(work, record?.finalMessage?.text);
    await runner.applyAction(this.id, n, { kind: 'complete', outputs, transcript });
    const done = await runner.store.update(this.id, (before) => ({
      state: recordHeadless(before, n, { ...finished, ...(merged.commit ? { merged: merged.commit } : {}) }),
    }));
    const into = merged.commit ? `merged into ${checkout.branch} (${merged.commit})` : 'nothing to merge (no changes)';
    const removed = await this.oneAtATime(() => removeWorktree(checkout, dir, env));
    this.say(
      n,
      agentName,
      `${verdict.verdict} · ${into} · completed in ${duration(finished.durationMs!)}` +
        (removed ? ' · worktree removed' : ` · worktree kept (git would not remove ${headless.worktree})`),
    );
    return {
      stepNumber: n,
      agentName,
      result: 'completed',
      verdict: verdict.verdict,
      headless: resultOf(done.state!, n).headless!,
    };
  }

  private async fail(
    n: number,
    agentName: string,
    error: string,
    transcript: string | undefined,
    headless: StepHeadless,
    verdict?: StepOutcome['verdict'],
  ): Promise<StepOutcome> {
    const { runner } = this.input;
    await runner.applyAction(this.id, n, { kind: 'fail', errors: [error], ...(transcript ? { transcript } : {}) });
    await runner.store.update(this.id, (before) => ({ state: recordHeadless(before, n, headless) }));
    this.say(n, agentName, `failed: ${error}`);
    return { stepNumber: n, agentName, result: 'failed', error, headless, ...(verdict ? { verdict } : {}) };
  }

  /** `….transcript.jsonl` for a JSON stream (every known CLI's), `….transcript.log` for a command of your own. */
  private transcriptPlace(state: ExecutionContext, n: number, agentName: string): string {
    const { runner, command } = this.input;
    const places = stepTranscriptPaths(
      recordedProofFolder(runner.config.root, runner.config.proofDir),
      state.executionId,
      n,
      agentName,
    );
    const extension = command.format ? '.jsonl' : '.log';
    return places.find((place) => place.endsWith(extension))!;
  }

  private stamp(): string {
    return this.input.now().toISOString();
  }
}

/**
 * The record of what the agent printed, or 'unreadable' when it is in no format this version
 * reads (not JSON, or JSON of another shape): that fails the step, it does not end the run.
 */
function readableTranscript(file: string, shownAs: string): ReturnType<typeof readTranscript> | 'unreadable' {
  try {
    return readTranscript({ path: file, shownAs });
  } catch (error) {
    if (error instanceof ConductorError && error.code === 'INVALID_FILE') return 'unreadable';
    throw error;
  }
}

/**
 * A step's outputs, what later prompts are told it produced: the files it changed, its commits
 * and the agent's final summary (its first paragraph).
 */
function outputsOf(work: { files: string[]; commits: string[] }, summary: string | undefined): string[] {
  const list = (items: string[], max: number) =>
    `${items.slice(0, max).join(', ')}${items.length > max ? ` and ${items.length - max} more` : ''}`;
  const first = summary?.split(/\n\s*\n/)[0]?.trim();
  return [
    ...(work.files.length > 0 ? [`files changed: ${list(work.files, 12)}`] : ['no files changed']),
    ...(work.commits.length > 0 ? [`commits: ${list(work.commits, 5)}`] : []),
    ...(first ? [`summary: ${truncate(first, 400)}`] : []),
  ];
}

function usageOf(usage: NonNullable<ReturnType<typeof readTranscript>['usage']>): NonNullable<StepHeadless['usage']> {
  const whole = (value: number | undefined) =>
    value === undefined || !Number.isFinite(value) ? undefined : Math.max(0, Math.round(value));
  const entries = {
    inputTokens: whole(usage.inputTokens),
    outputTokens: whole(usage.outputTokens),
    costUsd: usage.costUsd !== undefined && Number.isFinite(usage.costUsd) ? Math.max(0, usage.costUsd) : undefined,
    turns: whole(usage.turns),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** A worktree as the state and messages show it: project-relative when inside the project, else absolute. */
function shownFolder(root: string, dir: string): string {
  const relative = toProjectPath(root, dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

/** withAgentPromptFile writes beside the prompt, inside the folder it is given: the worktree's copy of the project. */
function promptFolder(cwd: string, promptPath: string): string {
  mkdirSync(path.join(cwd, path.dirname(promptPath)), { recursive: true });
  return promptPath;
}
