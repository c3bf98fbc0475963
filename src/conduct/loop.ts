/**
 * `run`: one person conducts a whole execution from one terminal. Each turn shows the progress
 * and a step that can be worked on, then offers what to do with it: copy its prompt, open it in
 * $EDITOR, start the agent CLI on it, and record the result (complete, fail, skip, retry) or
 * verify it. Every change goes through StepRunner, under the execution's lock and atomically,
 * so quitting or Ctrl-C at any question leaves the state whole, and `run` again resumes.
 *
 * The prompts are @clack/prompts, loaded only here (start-up of every other command is untouched).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type ConductorError, isConductorError } from '../errors.js';
import { formatVerdict } from '../views/verdict.js';
import { staleSteps } from '../render/sources.js';
import { type ExecutionSummary, type StepSummary, summarize } from '../state/summary.js';
import type { StepRunner } from '../step-runner.js';
import { agentPromptPath, recordedProofFolder, stepTranscriptPaths } from '../state/paths.js';
import { resultOf } from '../state/transitions.js';
import { findSession, sessionFolders } from '../transcripts/find.js';
import type { Env, ExecutionContext } from '../types.js';
import { importOutside } from '../util/import.js';
import { truncate, visibleControls } from '../util/text.js';
import { agentLaunch } from './agent-cli.js';
import { copyText } from './clipboard.js';
import { editorCommand, runInTerminal, withAgentPromptFile } from './processes.js';
import { safeScreen, type Screen } from './screen.js';

type Clack = typeof import('@clack/prompts');

export interface ConductOptions {
  executionId: string;
  /** `claude`, `copilot`, `codex` or a command line; undefined: no agent CLI is started. */
  agent: string | undefined;
  /** Start the agent CLI in its non-interactive mode. */
  print: boolean;
  /** Start it without asking. */
  yes: boolean;
  env: Env;
  /** How the person types this program, for the messages. */
  command: string;
  /** The terminal, for the OSC 52 clipboard; its width (read each time: it can be resized). */
  terminal: { write(text: string): unknown; columns?: number };
  /** Words an error is shown in (the CLI's own formatter). */
  describeError(error: ConductorError): string;
}

/** Stops the loop: the person quit or pressed Ctrl-C at a question. */
class Stopped extends Error {}

export async function conduct(runner: StepRunner, options: ConductOptions): Promise<number> {
  const ui = safeScreen(await importOutside<Clack>('@clack/prompts'));
  const loop = new Loop(runner, options, ui);
  ui.intro(`swarm-conductor run · ${options.executionId}`);
  try {
    for (;;) if (!(await loop.turn())) return 0;
  } catch (error) {
    if (error instanceof Stopped) {
      ui.outro(
        `Stopped. Nothing half-done was recorded; ${options.command} run ${options.executionId} goes on from here.`,
      );
      return 0;
    }
    throw error;
  }
}

class Loop {
  /** The step the person last worked on: the "Which step?" cursor comes back to it. */
  private chosen: number | undefined;

  constructor(
    private readonly runner: StepRunner,
    private readonly options: ConductOptions,
    private readonly ui: Screen,
  ) {}

  private get id(): string {
    return this.options.executionId;
  }

  /** An answer, or Stopped when the person pressed Ctrl-C (or Escape). */
  private answer<T>(value: T): Exclude<T, symbol> {
    if (this.ui.isCancel(value)) throw new Stopped();
    return value as Exclude<T, symbol>;
  }

  /** One turn of the loop; false when the execution is done or nothing can be worked on. */
  async turn(): Promise<boolean> {
    const state = this.runner.loadExecutionContext(this.id);
    const stale = await staleSteps(this.runner.config, state, async (step) => this.runner.promptIsStale(state, step));
    const summary = summarize(state, stale);
    if (summary.status === 'done') {
      this.ui.outro(`Done: every step of ${this.id} is completed or skipped.`);
      return false;
    }
    this.ui.log.message(progressOf(summary));
    const workable = summary.steps.filter(
      (step) => step.ready || step.status === 'running' || step.status === 'failed',
    );
    if (workable.length === 0) {
      this.ui.outro('No step can be worked on now.');
      return false;
    }
    const step = workable.length === 1 ? workable[0]! : await this.pickStep(workable);
    this.chosen = step.stepNumber;
    this.ui.note(stepCard(step, state), `Step ${step.stepNumber} of ${summary.progress.total} · ${step.agentName}`);
    const action = this.answer(
      await this.ui.selectKey({ message: 'What now?', options: this.actionsFor(step), caseSensitive: false }),
    );
    if (action === 'q') throw new Stopped();
    try {
      await this.perform(action, step, state);
    } catch (error) {
      if (error instanceof Stopped || !isConductorError(error)) throw error;
      this.ui.log.error(this.options.describeError(error));
    }
    return true;
  }

  /**
   * "Which step?", with the cursor on the step last worked on while it is still workable. Each
   * option carries all it says (clack shows a hint only on the highlighted one).
   */
  private async pickStep(steps: StepSummary[]): Promise<StepSummary> {
    const width = this.options.terminal.columns || 80;
    const again = steps.some((step) => step.stepNumber === this.chosen) ? this.chosen : undefined;
    const picked = this.answer(
      await this.ui.select({
        message: 'Which step?',
        options: steps.map((step) => ({ value: step.stepNumber, label: pickerLine(step, width) })),
        ...(again === undefined ? {} : { initialValue: again }),
      }),
    );
    return steps.find((step) => step.stepNumber === picked)!;
  }

  private actionsFor(step: StepSummary): { value: string; label: string }[] {
    if (step.status === 'failed') {
      return [
        { value: 'r', label: 'retry it: back to pending, with its errors in the next prompt' },
        { value: 's', label: 'skip it' },
        { value: 'q', label: 'quit (run again to go on)' },
      ];
    }
    const agent = this.options.agent;
    return [
      { value: 'p', label: 'copy the prompt' },
      { value: 'e', label: 'open the prompt in $EDITOR' },
      ...(agent ? [{ value: 'a', label: `start ${agentLabel(agent)} with the prompt` }] : []),
      { value: 'c', label: 'complete it' },
      { value: 'f', label: 'fail it' },
      { value: 's', label: 'skip it' },
      { value: 'v', label: 'verify its transcript' },
      { value: 'q', label: 'quit (run again to go on)' },
    ];
  }

  private async perform(action: string, step: StepSummary, state: ExecutionContext): Promise<void> {
    const n = step.stepNumber;
    switch (action) {
      case 'p': {
        const prompt = await this.runner.prompt(this.id, n);
        const copied = await copyText(prompt.text, this.options.terminal, this.options.env);
        const where = copied.includes('clipboard')
          ? 'Copied to the clipboard'
          : copied.includes('terminal')
            ? "Sent to the terminal's clipboard (OSC 52)"
            : 'No clipboard here';
        this.ui.log.success(`${where}. The prompt is also in ${prompt.promptPath}`);
        if (await this.markRunning(step)) this.ui.log.info(`Step ${n} is running; complete it when the agent is done.`);
        return;
      }
      case 'e': {
        const prompt = await this.runner.prompt(this.id, n);
        const editor = editorCommand(this.options.env);
        await runInTerminal(
          [...editor, path.join(this.runner.config.root, prompt.promptPath)],
          this.runner.config.root,
          this.options.env,
        );
        return;
      }
      case 'a':
        return this.startAgent(step, state);
      case 'c':
        return this.complete(step, state);
      case 'f': {
        const error = this.answer(
          await this.ui.text({ message: `What went wrong in step ${n}?`, validate: required('say what went wrong') }),
        );
        const found = this.transcriptOf(state, n);
        await this.runner.applyAction(this.id, n, {
          kind: 'fail',
          errors: [error.trim()],
          ...(found ? { transcript: found.transcript, env: this.options.env } : {}),
        });
        this.ui.log.warn(`Step ${n} failed; the steps after it wait. Retry it when it can be done again.`);
        return;
      }
      case 's': {
        const reason = this.answer(
          await this.ui.text({ message: `Why is step ${n} skipped?`, validate: required('say why') }),
        );
        await this.runner.applyAction(this.id, n, { kind: 'skip', reason: reason.trim() });
        this.ui.log.info(`Step ${n} skipped; it counts as done for the steps after it.`);
        return;
      }
      case 'r':
        await this.runner.applyAction(this.id, n, { kind: 'retry' });
        this.ui.log.info(`Step ${n} is pending again; its new prompt lists the earlier errors.`);
        return;
      case 'v': {
        const found = this.transcriptOf(state, n);
        if (!found) {
          this.ui.log.warn(`No transcript of step ${n} was found: save the session at ${this.places(state, n)[0]}.`);
          return;
        }
        const { verdict } = await this.runner.verify(this.id, n, {
          transcript: found.transcript,
          env: this.options.env,
        });
        this.ui.note(formatVerdict(verdict), `Verdict: ${verdict.verdict}`);
        return;
      }
    }
  }

  private async complete(step: StepSummary, state: ExecutionContext): Promise<void> {
    const n = step.stepNumber;
    const outputs = this.answer(
      await this.ui.text({
        message: `What did step ${n} produce? (separate several with ;)`,
        placeholder: (step.task && `e.g. ${step.task.slice(0, 40)}…`) || undefined,
        validate: required('name at least one output'),
      }),
    );
    const list = outputs
      .split(';')
      .map((output) => output.trim())
      .filter(Boolean);
    const found = this.transcriptOf(state, n);
    let transcript: string | undefined;
    if (found) {
      const use = this.answer(await this.ui.confirm({ message: `Record the transcript ${found.shown}?` }));
      if (use) transcript = found.transcript;
    }
    const action = { kind: 'complete' as const, outputs: list, env: this.options.env };
    try {
      await this.runner.applyAction(this.id, n, { ...action, ...(transcript ? { transcript, verify: true } : {}) });
    } catch (error) {
      if (!isConductorError(error) || error.code !== 'CONTRADICTED') throw error;
      this.ui.log.warn(error.message);
      const anyway = this.answer(
        await this.ui.confirm({ message: 'Complete it anyway? (the override is recorded)', initialValue: false }),
      );
      if (!anyway) return;
      await this.runner.applyAction(this.id, n, { ...action, transcript: transcript!, verify: true, force: true });
    }
    const after = resultOf(this.runner.loadExecutionContext(this.id), n);
    const verdict = after.verification ? ` · verification: ${after.verification.verdict}` : '';
    this.ui.log.success(`Step ${n} completed${verdict}. Handed on: ${after.outputs?.join(', ') ?? ''}`);
  }

  private async startAgent(step: StepSummary, state: ExecutionContext): Promise<void> {
    const n = step.stepNumber;
    const prompt = await this.runner.prompt(this.id, n);
    const root = this.runner.config.root;
    const launch = agentLaunch({
      agent: this.options.agent!,
      print: this.options.print,
      prompt: prompt.text,
      // Project-relative: the agent CLI runs in the project's root.
      promptFile: agentPromptPath(prompt.promptPath),
      transcript: this.places(state, n)[0]!,
    });
    if (!this.options.yes) {
      const go = this.answer(
        await this.ui.confirm({ message: `Start ${launch.label}?  ${launch.shown}`, initialValue: false }),
      );
      if (!go) {
        this.ui.log.info('Nothing was started.');
        return;
      }
    }
    // Marked running once the CLI has started: one not found on PATH leaves the step ready.
    const start = () => runInTerminal(launch.argv, root, this.options.env, () => this.markRunning(step));
    const exit = launch.usesPromptFile
      ? await withAgentPromptFile(root, prompt.promptPath, prompt.text, start)
      : await start();
    this.ui.log.info(`${launch.label} exited${exit.code === null ? ` (${exit.signal})` : ` with code ${exit.code}`}.`);
    const next = this.answer(
      await this.ui.selectKey({
        message: `Record step ${n}?`,
        options: [
          { value: 'c', label: 'complete it' },
          { value: 'f', label: 'fail it' },
          { value: 'l', label: 'later: back to the step' },
        ],
        caseSensitive: false,
      }),
    );
    if (next === 'c') await this.complete(step, this.runner.loadExecutionContext(this.id));
    else if (next === 'f') await this.perform('f', step, this.runner.loadExecutionContext(this.id));
  }

  /**
   * A ready step whose prompt went to an agent (copied, or an agent CLI started on it) is being
   * worked on: the same transition as `start <id> <step>`, so `status`, `next` and a teammate see it.
   */
  private async markRunning(step: StepSummary): Promise<boolean> {
    if (step.status !== 'pending') return false;
    await this.runner.applyAction(this.id, step.stepNumber, { kind: 'start' });
    return true;
  }

  private places(state: ExecutionContext, n: number): string[] {
    const proof = recordedProofFolder(this.runner.config.root, this.runner.config.proofDir);
    return stepTranscriptPaths(proof, state.executionId, n, resultOf(state, n).agentName);
  }

  /** The step's transcript: one saved at its place, else its session among the agent CLIs' logs. */
  private transcriptOf(state: ExecutionContext, n: number): { transcript: string; shown: string } | undefined {
    const root = this.runner.config.root;
    const saved = this.places(state, n).find((place) => existsSync(path.join(root, place)));
    if (saved) return { transcript: saved, shown: saved };
    const found = findSession(sessionFolders(this.runner.config.sessionFolders, this.options.env), {
      executionId: state.executionId,
      stepNumber: n,
      stepCount: state.plan.steps.length,
      since: state.startTime,
    });
    return found ? { transcript: 'auto', shown: `${found.file} (found in the agent CLI's sessions)` } : undefined;
  }
}

function required(message: string) {
  return (value: string | undefined) => (value?.trim() ? undefined : message);
}

function agentLabel(agent: string): string {
  return agentLaunch({ agent, print: false, prompt: '', promptFile: '', transcript: '' }).label;
}

/** `2 · Builder (ready) · Build the second part`, on one line cut to the terminal's width. */
export function pickerLine(step: StepSummary, width: number): string {
  const status = step.status === 'pending' ? 'ready' : step.status;
  // clack puts `│  ● ` before each option; one column is kept free so nothing wraps.
  // One line, its controls made visible before the cut: the cut is of what the terminal shows.
  const line = visibleControls(
    `${step.stepNumber} · ${step.agentName} (${status}) · ${step.task}`.replace(/\s+/g, ' '),
  );
  return truncate(line, Math.max(width - 6, 20));
}

/** `2 of 4 done  ██████████░░░░░░░░░░  ready: 3, 4` */
export function progressOf(summary: ExecutionSummary): string {
  const { done, total } = summary.progress;
  const width = 24;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  const running = summary.steps.filter((step) => step.status === 'running').map((step) => step.stepNumber);
  const wave = [
    summary.ready.length > 0 ? `ready: ${summary.ready.join(', ')}` : '',
    running.length > 0 ? `running: ${running.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `${done} of ${total} done  ${'█'.repeat(filled)}${'░'.repeat(width - filled)}  ${wave}`;
}

/** What the person needs to see of a step: its task, its prompt and what its dependencies produced. */
function stepCard(step: StepSummary, state: ExecutionContext): string {
  const lines = [step.task, ''];
  for (const dependency of step.dependencies) {
    const result = resultOf(state, dependency);
    const produced =
      result.status === 'skipped' ? `skipped: ${result.reason ?? ''}` : (result.outputs ?? []).join('; ');
    lines.push(`after step ${dependency} (${result.agentName}): ${produced || 'nothing recorded'}`);
  }
  if (step.errors.length > 0) lines.push(`earlier errors: ${step.errors.join('; ')}`);
  lines.push(`prompt: ${step.promptPath ?? '(written when you first copy or open it)'}${step.stale ? ' — stale' : ''}`);
  return lines.join('\n');
}
