/**
 * What the MCP server's tools, prompts and resources do, without the protocol: each operation
 * loads the project afresh (the agent edits files between calls, and another process may have
 * moved the execution on), goes through the StepRunner and the store's lock exactly as the CLI's
 * commands do, and answers with text for the model and data for the client. Errors are the
 * library's ConductorErrors; server.ts turns them into tool errors.
 */
import { ConductorError } from '../errors.js';
import { formatVerdict } from '../views/verdict.js';
import { verdictJson } from '../evidence/json.js';
import { loadProject } from '../project/load.js';
import { staleSteps } from '../render/sources.js';
import { type ExecutionSummary, formatSummary, summarize } from '../views/status.js';
import type { StepActionResult, StepRunner } from '../step-runner.js';
import { latestUnfinished } from '../state/store.js';
import { resultOf } from '../state/transitions.js';
import type { Env, ExecutionContext } from '../types.js';
import { arrowList } from '../util/text.js';

export interface ConductorOptions {
  /** The project folder (`--cwd`). */
  cwd: string;
  configPath?: string | undefined;
  /** For the agent CLIs' session folders (home, CODEX_HOME, …). */
  env: Env;
  /** How the person types the CLI, for the commands named in texts. */
  command: string;
}

/** A tool's answer: text for the model, the same as data for the client. */
export interface Answer<T extends object = Record<string, unknown>> {
  text: string;
  data: T;
}

/** A step the agent can be handed: what `next_step` lists, and what becomes an MCP prompt. */
export interface ReadyStep {
  executionId: string;
  stepNumber: number;
  agentName: string;
  task: string;
}

export interface CompleteInput {
  outputs: readonly string[];
  /** A saved transcript (relative to the project folder), or `auto` to find the session. */
  transcript?: string | undefined;
  /** The agent CLI's own session id, to find that session among its logs. */
  session?: string | undefined;
}

export class Conductor {
  /**
   * The steps whose completion this server refused as contradicted, and by which transcript: a
   * later `complete_step` of the same step without a transcript would slip past the check, so it
   * is refused too until a transcript is given (or the step is failed). Kept for the server's
   * life, in memory: a refusal changes nothing on disk.
   */
  private readonly contradicted = new Map<string, string>();

  constructor(private readonly options: ConductorOptions) {}

  /** A runner on the project as it is now on disk; its module (templates, agents) is loaded at the first call. */
  private async runner(): Promise<StepRunner> {
    const [{ config, warnings }, { StepRunner }] = await Promise.all([
      loadProject({ cwd: this.options.cwd, configPath: this.options.configPath }),
      import('../step-runner.js'),
    ]);
    return new StepRunner({ config, warnings, command: this.options.command });
  }

  /** The execution named (an id, a unique prefix or `latest`), or else the newest one not finished (as `next`). */
  private static pick(runner: StepRunner, execution: string | undefined): string {
    return execution === undefined ? latestUnfinished(runner.store) : runner.store.resolve(execution);
  }

  private static async summary(runner: StepRunner, state: ExecutionContext): Promise<ExecutionSummary> {
    const stale = await staleSteps(runner.config, state, async (step) => runner.promptIsStale(state, step));
    return summarize(state, stale);
  }

  /** `status`: the execution (latest unless named) and every step. */
  async status(execution: string | undefined): Promise<Answer> {
    const runner = await this.runner();
    const state = runner.store.read(runner.store.resolve(execution ?? 'latest'));
    const summary = await Conductor.summary(runner, state);
    return { text: formatSummary(summary, this.options.command), data: { ...summary } };
  }

  /** The ready steps of the execution named or the newest unfinished one; none when every execution is done. */
  async readySteps(execution?: string): Promise<ReadyStep[]> {
    const runner = await this.runner();
    let id: string;
    try {
      id = Conductor.pick(runner, execution);
    } catch (error) {
      // No execution yet, or all done: nothing to offer, which is not an error for a listing.
      if ((error as { code?: string }).code === 'NOT_FOUND' && execution === undefined) return [];
      throw error;
    }
    const summary = summarize(runner.store.read(id));
    return summary.steps
      .filter((step) => step.ready)
      .map((step) => ({ executionId: id, stepNumber: step.stepNumber, agentName: step.agentName, task: step.task }));
  }

  /** `next_step`: the ready steps with their prompts (written, as `prompt` writes them), and the running ones. */
  async nextSteps(execution: string | undefined): Promise<Answer> {
    const runner = await this.runner();
    const id = Conductor.pick(runner, execution);
    const summary = await Conductor.summary(runner, runner.store.read(id));
    const ready = [];
    for (const step of summary.steps.filter((entry) => entry.ready)) {
      const prompt = await runner.prompt(id, step.stepNumber);
      ready.push({
        stepNumber: step.stepNumber,
        agentName: step.agentName,
        task: step.task,
        promptPath: prompt.promptPath,
        prompt: prompt.text,
      });
    }
    const running = summary.steps
      .filter((step) => step.status === 'running')
      .map((step) => ({ stepNumber: step.stepNumber, agentName: step.agentName, task: step.task }));
    const head = `${id} · ${summary.progress.done} of ${summary.progress.total} steps done · ${summary.goal}`;
    const lines = [head];
    if (ready.length === 0) {
      lines.push(
        summary.status === 'done'
          ? 'Every step is done.'
          : running.length > 0
            ? `No step is ready; running: ${running.map((step) => `step ${step.stepNumber}`).join(', ')}.`
            : 'No step is ready: a failed step blocks the rest (status shows which).',
      );
    }
    for (const step of ready) {
      lines.push('', `── Step ${step.stepNumber} · ${step.agentName}: ${step.task}`, '', step.prompt.trimEnd());
    }
    return {
      text: lines.join('\n'),
      data: { executionId: id, status: summary.status, progress: summary.progress, ready, running },
    };
  }

  /** `get_prompt`: one step's prompt, the agent's text alone (default: the next ready step, else a running one). */
  async prompt(execution: string | undefined, step: number | undefined): Promise<Answer> {
    const runner = await this.runner();
    const id = Conductor.pick(runner, execution);
    const result = await runner.prompt(id, step);
    const entry = resultOf(runner.store.read(id), result.stepNumber);
    return {
      text: result.text,
      data: {
        executionId: id,
        stepNumber: result.stepNumber,
        agentName: entry.agentName,
        status: entry.status,
        promptPath: result.promptPath,
        ...(result.notReady ? { notReady: result.notReady } : {}),
        prompt: result.text,
      },
    };
  }

  async start(execution: string | undefined, step: number): Promise<Answer> {
    const runner = await this.runner();
    const result = await runner.applyAction(Conductor.pick(runner, execution), step, { kind: 'start' });
    const entry = resultOf(result.state, step);
    return this.actionAnswer(result, step, `▶ Step ${step} (${entry.agentName}) is running.`);
  }

  /**
   * `complete_step`: verified first whenever there is a transcript (named, found by session id or
   * `auto`, or saved at the step's place); a contradicted step is refused and nothing changes.
   */
  async complete(execution: string | undefined, step: number, input: CompleteInput): Promise<Answer> {
    const runner = await this.runner();
    const id = Conductor.pick(runner, execution);
    const key = `${id}#${step}`;
    const named = input.transcript !== undefined || input.session !== undefined;
    const earlier = this.contradicted.get(key);
    if (earlier !== undefined && !named) {
      throw new ConductorError(
        'CONTRADICTED',
        `step ${step} was not completed: its completion was refused earlier in this session, its transcript ` +
          `(${earlier}) contradicting it; a completion without a transcript is not taken after that`,
        { hint: 'fix the work and complete the step with the transcript that shows it, or fail the step' },
      );
    }
    let result: Awaited<ReturnType<StepRunner['applyAction']>>;
    try {
      result = await runner.applyAction(id, step, {
        kind: 'complete',
        outputs: input.outputs,
        verify: 'when-transcript',
        cwd: this.options.cwd,
        env: this.options.env,
        ...(input.transcript === undefined ? {} : { transcript: input.transcript }),
        ...(input.session === undefined ? {} : { session: input.session }),
      });
    } catch (error) {
      if (error instanceof ConductorError && error.code === 'CONTRADICTED')
        this.contradicted.set(key, input.transcript ?? (input.session ? `session ${input.session}` : 'the saved one'));
      throw error;
    }
    this.contradicted.delete(key);
    const entry = resultOf(result.state, step);
    const handed = result.state.priorContext[result.state.priorContext.length - 1] ?? '';
    const checked = entry.verification;
    const lines = [
      `✓ Step ${step} (${entry.agentName}) completed.`,
      `  context handed on: ${handed}`,
      checked
        ? `  verified against ${checked.transcriptPath}: ${checked.verdict}`
        : '  not verified: no transcript was given, found or saved at the step’s place',
    ];
    return this.actionAnswer(result, step, lines.join('\n'), { handedOn: handed });
  }

  async fail(
    execution: string | undefined,
    step: number,
    errors: readonly string[],
    transcript: string | undefined,
  ): Promise<Answer> {
    const runner = await this.runner();
    const result = await runner.applyAction(Conductor.pick(runner, execution), step, {
      kind: 'fail',
      errors,
      cwd: this.options.cwd,
      env: this.options.env,
      ...(transcript === undefined ? {} : { transcript }),
    });
    const entry = resultOf(result.state, step);
    const blocked = result.state.plan.steps
      .filter((candidate) => candidate.dependencies.includes(step))
      .map((candidate) => candidate.stepNumber);
    const lines = [
      `✗ Step ${step} (${entry.agentName}) failed: ${errors.join('; ')}`,
      blocked.length > 0 ? `  blocked until it is retried: ${arrowList(blocked)}` : '  no other step depends on it',
      `  a person retries it with: ${this.options.command} retry ${result.state.executionId} ${step}`,
    ];
    return this.actionAnswer(result, step, lines.join('\n'));
  }

  async skip(execution: string | undefined, step: number, reason: string): Promise<Answer> {
    const runner = await this.runner();
    const result = await runner.applyAction(Conductor.pick(runner, execution), step, { kind: 'skip', reason });
    const entry = resultOf(result.state, step);
    return this.actionAnswer(result, step, `↷ Step ${step} (${entry.agentName}) skipped: ${reason}`);
  }

  /** `verify_step`: the verdict, recorded on the step; a contradiction is an answer here, not an error. */
  async verify(
    execution: string | undefined,
    step: number,
    choice: { transcript?: string | undefined; session?: string | undefined },
  ): Promise<Answer> {
    const runner = await this.runner();
    const { verdict } = await runner.verify(Conductor.pick(runner, execution), step, {
      cwd: this.options.cwd,
      env: this.options.env,
      ...(choice.transcript === undefined ? {} : { transcript: choice.transcript }),
      ...(choice.session === undefined ? {} : { session: choice.session }),
    });
    return { text: formatVerdict(verdict), data: verdictJson(verdict) as unknown as Record<string, unknown> };
  }

  /** What a step action changed, and what the agent can do next. */
  private actionAnswer(
    result: StepActionResult,
    step: number,
    headline: string,
    extra: Record<string, unknown> = {},
  ): Answer {
    const { state } = result;
    const summary = summarize(state);
    const entry = resultOf(state, step);
    const lines = [headline];
    if (summary.status === 'done') lines.push(`Execution ${state.executionId} is done.`);
    else if (summary.ready.length > 0)
      lines.push(
        `Ready now: ${summary.ready.map((n) => `step ${n}`).join(', ')} (next_step or get_prompt hands them out).`,
      );
    else lines.push(`${summary.progress.done} of ${summary.progress.total} steps done; nothing is ready.`);
    lines.push(...result.notes.map((note) => `note: ${note}`));
    return {
      text: lines.join('\n'),
      data: {
        executionId: state.executionId,
        stepNumber: step,
        stepStatus: entry.status,
        ...extra,
        ...(entry.verification ? { verification: entry.verification } : {}),
        executionStatus: summary.status,
        ready: summary.ready,
        promptsWritten: result.rendered,
        notes: result.notes,
      },
    };
  }
}
