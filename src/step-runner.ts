/**
 * StepRunner: the conductor as a library. It holds the loaded config and loads agents and
 * templates only when an operation needs them. Its operations are the CLI's: `execute`,
 * `applyAction` (start, complete, fail, retry, reopen, skip) and `prompt` are what the commands
 * call. The original conductor's operations (initializeExecution, generateSessionPrompt,
 * completeStep, saveExecutionContext, …) are thin wrappers over the same code, for callers who
 * keep the state in memory between steps. The state changes themselves are the pure functions
 * of state/transitions; the runner adds rendering and the disk.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { findAgent, loadAgents, type AgentSet } from './agents/load.js';
import { loadProject } from './project/load.js';
import type { ResolvedConfig } from './config/validate.js';
import { ConductorError } from './errors.js';
import { validatePlan } from './plan/validate.js';
import { recordedProofFolder, stepPaths } from './state/paths.js';
import { TemplateRenderer } from './render/environment.js';
import { explainPrompt, type PromptExplanation } from './render/explain.js';
import { readSourcesFingerprint, sourcesFingerprint } from './render/sources.js';
import {
  promptBody,
  readInputsHash,
  renderStepPrompt,
  type RenderedPrompt,
  type RenderStepPromptInput,
} from './render/prompt.js';
import { formatInstructions, formatSummary } from './views/status.js';
import { summarize } from './state/summary.js';
import { planArchive } from './state/attempts.js';
import { ExecutionStore, executionIdFor, stateProblem } from './state/store.js';
import * as transitions from './state/transitions.js';
import {
  type EvidenceContext,
  savedTranscript,
  stepTranscript,
  type TranscriptChoice,
  verdictForCompletion,
  verificationOf,
  verifyStoredStep,
} from './evidence/step.js';
import type { Verdict } from './evidence/verify.js';
import type { ExecutionContext, ExecutionPlan, StepResult } from './types.js';
import { ensureDir, projectFile, readTextIfExists, writeFileAtomic, writeNewFile } from './util/fs.js';
import { lineDiff } from './util/diff.js';
import { showPath } from './util/package.js';
import { listProblems, numbered, placeOf } from './util/text.js';

export interface StepRunnerOptions {
  config: ResolvedConfig;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Config warnings that came with the config. */
  warnings?: string[];
  /** How the person types the CLI, for the commands the runner writes into prompt files and instructions. */
  command?: string;
}

export interface LoadRunnerOptions {
  cwd: string;
  configPath?: string | undefined;
  now?: () => Date;
}

/**
 * A step transition. `transcript` is the session transcript as the person named it: relative to
 * `cwd` (default: the project root), checked before anything changes (inside the project, a
 * non-empty regular file, not a prompt file), or `auto` to find the session among the agent
 * CLIs' logs (`env` gives their home folders); `session` finds the log of that session id.
 * Without one, a transcript saved at the step's own place is recorded. `verify` refuses a
 * completion its transcript contradicts, unless `force` (which is recorded); `when-transcript`
 * verifies only when there is a transcript.
 */
export type StepAction =
  | { kind: 'start'; force?: boolean }
  | ({
      kind: 'complete';
      outputs?: readonly string[];
      force?: boolean;
      /** `when-transcript`: verify when a transcript is named, found or saved at the step's place (the MCP server). */
      verify?: boolean | 'when-transcript';
    } & TranscriptChoice)
  | ({ kind: 'fail'; errors: readonly string[] } & TranscriptChoice)
  | { kind: 'retry' }
  | { kind: 'reopen' }
  | { kind: 'skip'; reason: string }
  | { kind: 'pull-request'; url: string; force?: boolean }
  | { kind: 'delegated'; delegation: NonNullable<StepResult['delegation']>; pr?: string; force?: boolean }
  | { kind: 'pull-request-seen'; seen: NonNullable<NonNullable<StepResult['pr']>['seen']> }
  | { kind: 'resolve'; take: 'ours' | 'theirs' };

export interface StepActionResult {
  before: ExecutionContext;
  state: ExecutionContext;
  /** Steps whose prompts were written by this action. */
  rendered: number[];
  /** Things the person should know (a transcript at the default path that was not recorded, and why). */
  notes: string[];
}

export interface PromptResult {
  stepNumber: number;
  /** The prompt for the agent: the prompt file without its header comments. */
  text: string;
  /** Project-relative. */
  promptPath: string;
  /** True when the file was (re)written because it was missing or its inputs changed. */
  written: boolean;
  /** Set when the step is not ready: the prompt is shown but not saved. */
  notReady?: string;
}

export class StepRunner {
  readonly config: ResolvedConfig;
  readonly store: ExecutionStore;
  /** Config warnings (unknown keys) for the caller to show. */
  readonly warnings: string[];
  /** How the person types the CLI (`swarm-conductor` unless the CLI says otherwise). */
  readonly command: string;
  private agentSet: AgentSet | undefined;
  private templateRenderer: TemplateRenderer | undefined;
  private proofFolder: string | undefined;
  private readonly clock: () => Date;

  constructor(options: StepRunnerOptions) {
    this.config = options.config;
    this.clock = options.now ?? (() => new Date());
    this.warnings = options.warnings ?? [];
    this.command = options.command ?? 'swarm-conductor';
    this.store = new ExecutionStore(options.config.proofDir, options.config.root, options.config.stateSizeLimit);
  }

  /** Finds and loads the config for a folder, then makes a runner for it. */
  static async load(options: LoadRunnerOptions): Promise<StepRunner> {
    const { config, warnings } = await loadProject(options);
    return new StepRunner({ config, warnings, ...(options.now ? { now: options.now } : {}) });
  }

  get agents(): AgentSet {
    this.agentSet ??= loadAgents(this.config);
    return this.agentSet;
  }

  get renderer(): TemplateRenderer {
    this.templateRenderer ??= new TemplateRenderer({ userDir: this.config.templatesDir, root: this.config.root });
    return this.templateRenderer;
  }

  /** The proof folder as prompts and state record it: project-relative, forward slashes. */
  private get recordedProofDir(): string {
    // Worked out once: it is asked for each prompt, and the config does not change.
    this.proofFolder ??= recordedProofFolder(this.config.root, this.config.proofDir);
    return this.proofFolder;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // ── The original conductor's operations: thin wrappers over the CLI's code ────────────

  /** A new execution of a valid plan, in memory; `saveExecutionContext` writes it and its ready prompts. */
  initializeExecution(plan: ExecutionPlan, planFilename = ''): ExecutionContext {
    this.checkPlan(plan, planFilename || 'plan');
    const now = this.clock();
    return transitions.createExecution(plan, {
      executionId: executionIdFor(now),
      planFilename,
      now: now.toISOString(),
    });
  }

  /** The prompt for one step as its file would hold it (the same rendering `prompt` saves). */
  generateSessionPrompt(state: ExecutionContext, stepNumber: number): string {
    return this.renderPrompt(state, stepNumber).text;
  }

  /** What to do for one step: the prompt's file and the commands to record the result. */
  displayStepInstructions(state: ExecutionContext, stepNumber: number): string {
    const step = transitions.planStepOf(state, stepNumber);
    const paths = stepPaths(this.recordedProofDir, state.executionId, stepNumber, step.agentName);
    return formatInstructions({
      executionId: state.executionId,
      stepNumber,
      stepCount: state.plan.steps.length,
      agentName: step.agentName,
      task: step.task,
      promptPath: paths.promptPath,
      transcriptPath: paths.transcriptPath,
      target: this.config.target,
      command: this.command,
    });
  }

  /**
   * `complete` in memory: the same transition, transcript checks (a path relative to the
   * project) and default-transcript pick-up as the command.
   */
  completeStep(
    state: ExecutionContext,
    stepNumber: number,
    outputs: readonly string[],
    transcriptPath?: string,
  ): ExecutionContext {
    const action: StepAction = {
      kind: 'complete',
      outputs,
      ...(transcriptPath === undefined ? {} : { transcript: transcriptPath }),
    };
    return this.transition(state, stepNumber, action, []);
  }

  /** `fail` in memory: the same transition as the command. */
  failStep(state: ExecutionContext, stepNumber: number, errors: readonly string[]): ExecutionContext {
    return this.transition(state, stepNumber, { kind: 'fail', errors }, []);
  }

  /**
   * Saves an execution the way the commands do: under its lock, the prompts of the steps that
   * are ready written first (unchanged ones are left alone), then the state file. A new
   * execution is created (its id claimed, like `execute`). Returns the state as saved, with
   * the prompt paths set: carry on from that one.
   */
  async saveExecutionContext(state: ExecutionContext): Promise<ExecutionContext> {
    // A state from the caller's memory is checked as one read from disk would be: its id and
    // paths become file names.
    const problem = stateProblem(state);
    if (problem) {
      throw new ConductorError('CORRUPT_STATE', `the execution state to save is not valid: ${problem}`, {
        hint: 'save a state made by initializeExecution and the step operations',
      });
    }
    if (!this.store.list().includes(state.executionId)) {
      this.checkPlan(state.plan, state.planFilename || 'plan');
      ensureDir(this.config.proofDir);
      this.store.folder(state.executionId);
      const saved = this.writePrompts(state, transitions.readySteps(state));
      this.store.create(saved);
      return saved;
    }
    const { state: saved } = await this.store.update(state.executionId, (stored) => {
      if (stored.startTime !== state.startTime) {
        throw new ConductorError(
          'AMBIGUOUS',
          `execution id ${state.executionId} already names another execution (started ${stored.startTime})`,
          {
            hint: 'make the execution again with initializeExecution, or load the saved one with loadExecutionContext',
          },
        );
      }
      const ready = transitions.readySteps(state);
      return { state: this.writePrompts(keepPromptPaths(state, stored), ready) };
    });
    return saved;
  }

  /** Reads an execution by id, unique prefix or `latest`. */
  loadExecutionContext(id: string): ExecutionContext {
    return this.store.read(this.store.resolve(id));
  }

  /** The `status` text of an execution. */
  generateSummary(state: ExecutionContext): string {
    return formatSummary(summarize(state), this.command);
  }

  // ── What the commands build on ─────────────────────────────────────────────────────────

  /** Throws an INVALID_FILE error listing every problem of a plan that cannot run. */
  checkPlan(plan: ExecutionPlan, shownAs: string): ReturnType<typeof validatePlan> {
    const validation = validatePlan(plan, this.agents.agents);
    if (!validation.ok) {
      const skipped = this.skippedAgentFiles();
      throw new ConductorError('INVALID_FILE', listProblems(validation.errors), {
        where: shownAs,
        hint:
          skipped.length > 0
            ? `some agent files could not be loaded (${skipped.join('; ')}); fix them or the plan`
            : 'fix the plan',
        remedies: skipped.length > 0 ? [] : [{ run: 'agents list', why: 'shows the agent names' }],
      });
    }
    return validation;
  }

  /** `file:line: problem` for each agent file that failed to load (and so is not in the pool). */
  skippedAgentFiles(): string[] {
    return this.agents.files
      .filter((result) => !result.agent)
      .map((result) => {
        const first = result.errors[0]!;
        return `${placeOf(showPath(result.file, this.config.root), first.line)}: ${first.message}`;
      });
  }

  /** What a step's prompt is rendered from. */
  private promptInput(state: ExecutionContext, stepNumber: number): RenderStepPromptInput {
    const step = transitions.planStepOf(state, stepNumber);
    return {
      execution: state,
      stepNumber,
      agent: findAgent(this.agents, step.agentName),
      config: this.config,
      proofDir: this.recordedProofDir,
      renderer: this.renderer,
      sources: sourcesFingerprint(this.config, state, stepNumber),
    };
  }

  /**
   * Whether a step's written prompt differs from what it would be now (the stale check of status,
   * next and run). An input that changed without changing the text (its own status, say) does not count.
   */
  promptIsStale(state: ExecutionContext, stepNumber: number): boolean {
    const written = transitions.resultOf(state, stepNumber).promptPath;
    const text = written ? this.readRecorded(written, `the prompt of step ${stepNumber}`) : undefined;
    if (text === undefined) return false;
    return promptBody(text) !== this.renderPrompt(state, stepNumber).body;
  }

  /** A file the state names (project-relative), read only when it leads to a place inside the project. */
  private readRecorded(recorded: string, what: string): string | undefined {
    return readTextIfExists(projectFile(this.config.root, recorded, what));
  }

  private renderPrompt(state: ExecutionContext, stepNumber: number): RenderedPrompt {
    return renderStepPrompt(this.promptInput(state, stepNumber));
  }

  /**
   * `prompt --explain`: the size of each section of a step's prompt (default: as `prompt` picks it), and what was left
   * out.
   */
  explainPrompt(id: string, stepNumber?: number): PromptExplanation {
    const state = this.loadExecutionContext(id);
    return explainPrompt(this.promptInput(state, stepNumber ?? this.defaultPromptStep(state)));
  }

  /**
   * Renders and writes the prompts of the given steps, skipping files whose recorded inputs
   * hash is unchanged. Returns the state with each step's promptPath set.
   */
  private writePrompts(
    state: ExecutionContext,
    steps: readonly number[],
    options: { fresh?: boolean; onProgress?: (done: number, total: number) => void } = {},
  ): ExecutionContext {
    if (steps.length === 0) return state;
    this.store.folder(state.executionId);
    const paths = new Map<number, string>();
    for (const stepNumber of steps) {
      const prompt = this.renderPrompt(state, stepNumber);
      this.savePrompt(prompt, options.fresh ?? false);
      paths.set(stepNumber, prompt.promptPath);
      options.onProgress?.(paths.size, steps.length);
    }
    return withPromptPaths(state, paths);
  }

  /**
   * Writes a rendered prompt unless the file already holds one made from the same inputs.
   * `fresh`: the execution's folder was just made, so there is nothing to compare with.
   */
  private savePrompt(prompt: RenderedPrompt, fresh = false): boolean {
    // In a fresh execution's folder (just made by this process) no state names these files until
    // they are all written (the state comes last), so a plain exclusive write is as safe as
    // write-and-rename, and nothing there can be a link: the path needs no check.
    if (fresh) {
      writeNewFile(path.join(this.config.root, prompt.promptPath), prompt.text);
      return true;
    }
    // A folder that may hold what a teammate committed: the file may be a link leading out.
    const file = projectFile(this.config.root, prompt.promptPath, 'a prompt file');
    const existing = readTextIfExists(file) ?? '';
    if (readInputsHash(existing) === prompt.inputsHash) {
      // The same prompt; a header whose sources fingerprint is out of date is brought up to date,
      // so `status` can tell it is fresh without rendering it again.
      if (readSourcesFingerprint(existing) !== readSourcesFingerprint(prompt.text)) {
        writeFileAtomic(file, prompt.text, { durable: false });
      }
      return false;
    }
    writeFileAtomic(file, prompt.text, { durable: false });
    return true;
  }

  /**
   * `execute`: validates the plan, claims a unique id, writes the prompts of the steps that
   * are ready, then the state file (last, so it never names a prompt that is not there).
   */
  execute(
    plan: ExecutionPlan,
    planFilename: string,
    options: { onProgress?: (done: number, total: number) => void } = {},
  ): { state: ExecutionContext; validation: ReturnType<typeof validatePlan> } {
    const validation = this.checkPlan(plan, planFilename);
    // Render once before anything is written, so a broken template or agent changes nothing.
    const probe = transitions.createExecution(plan, { executionId: 'exec-check', planFilename, now: this.now() });
    const ready = transitions.readySteps(probe);
    if (ready.length > 0) this.renderPrompt(probe, ready[0]!);

    const now = this.clock();
    const executionId = this.store.reserveId(now);
    let state = transitions.createExecution(plan, { executionId, planFilename, now: now.toISOString() });
    try {
      state = this.writePrompts(state, ready, { fresh: true, ...options });
      this.store.create(state);
    } catch (error) {
      // A full disk half-way: the folder this call made, with the prompts it wrote, goes again.
      rmSync(this.store.dir(executionId), { recursive: true, force: true });
      throw error;
    }
    return { state, validation };
  }

  /**
   * One step transition under the execution's lock: read, change, write the prompts of the
   * steps it made ready, save. Anything that fails leaves the state file as it was.
   */
  async applyAction(id: string, stepNumber: number, action: StepAction): Promise<StepActionResult> {
    const executionId = this.store.resolve(id);
    return this.store.update(executionId, (before) => {
      const notes: string[] = [];
      let state = this.transition(before, stepNumber, action, notes);
      const rendered = this.promptsToRender(before, state, stepNumber, action);
      state = this.writePrompts(state, rendered);
      return { before, state, rendered, notes };
    });
  }

  /**
   * One step's transition, in memory. Complete and fail pick up a transcript saved at the
   * step's default path (or say in `notes` why it was not recorded); retry and reopen rename
   * the ending attempt's files, so the next attempt's never overwrite them.
   */
  private transition(before: ExecutionContext, stepNumber: number, action: StepAction, notes: string[]) {
    const options = { now: this.now() };
    switch (action.kind) {
      case 'start':
        return transitions.startStep(before, stepNumber, { ...options, force: action.force ?? false });
      case 'complete':
      case 'fail': {
        const transcript =
          action.transcript === undefined && !action.find && action.session === undefined
            ? savedTranscript(this.evidence(), before, stepNumber, notes)
            : stepTranscript(this.evidence(), before, stepNumber, action);
        const withTranscript = { ...options, ...(transcript ? { transcriptPath: transcript.path } : {}) };
        if (action.kind === 'fail') {
          const failed = transitions.failStep(before, stepNumber, action.errors, withTranscript);
          transcript?.copy?.();
          return failed;
        }
        const verdict =
          action.verify === true || (action.verify === 'when-transcript' && transcript)
            ? verdictForCompletion(this.evidence(), before, stepNumber, transcript, action.force ?? false)
            : undefined;
        const completed = transitions.completeStep(before, stepNumber, {
          ...withTranscript,
          force: action.force ?? false,
          outputs: action.outputs ?? [],
        });
        const state = verdict
          ? transitions.recordVerification(
              completed,
              stepNumber,
              verificationOf(verdict, options.now, verdict.verdict === 'contradicted'),
            )
          : completed;
        if (verdict && verdict.lacking.length > 0)
          notes.push(`the done definition is not met: ${verdict.lacking.slice(0, 3).join('; ')}`);
        // Only now, with the change accepted, does a found session go into the execution's folder.
        transcript?.copy?.();
        return state;
      }
      case 'retry':
      case 'reopen': {
        const archive = planArchive(this.config.root, this.recordedProofDir, before, stepNumber);
        const again = action.kind === 'retry' ? transitions.retryStep : transitions.reopenStep;
        const state = again(before, stepNumber, { ...options, archived: archive.archived });
        archive.move();
        return state;
      }
      case 'skip':
        return transitions.skipStep(before, stepNumber, action.reason, options);
      case 'pull-request':
        return transitions.recordPullRequest(before, stepNumber, action.url, {
          ...options,
          force: action.force ?? false,
        });
      case 'delegated': {
        const forced = { ...options, force: action.force ?? false };
        const delegated = transitions.recordDelegation(before, stepNumber, action.delegation, forced);
        return action.pr ? transitions.recordPullRequest(delegated, stepNumber, action.pr, forced) : delegated;
      }
      case 'pull-request-seen':
        // A merged pull request is the work done, finished dependencies or not (recorded as forced).
        return transitions.settlePullRequest(before, stepNumber, action.seen, { ...options, force: true });
      case 'resolve':
        return transitions.resolveConflict(before, stepNumber, action.take, options.now);
    }
  }

  /** Steps that became ready, plus a retried or reopened step (its prompt file was moved) and a force-started one. */
  private promptsToRender(
    before: ExecutionContext,
    after: ExecutionContext,
    stepNumber: number,
    action: StepAction,
  ): number[] {
    const wasReady = new Set(transitions.readySteps(before));
    const again = action.kind === 'retry' || action.kind === 'reopen';
    const steps = transitions.readySteps(after).filter((step) => !wasReady.has(step) || (again && step === stepNumber));
    if (action.kind === 'start' && action.force) steps.push(stepNumber);
    return steps;
  }

  /** What verify reads a transcript with: the project, the session folders, each agent's done definition. */
  private evidence(): EvidenceContext {
    return {
      root: this.config.root,
      proofFolder: this.recordedProofDir,
      sessionFolders: this.config.sessionFolders,
      doneDefinitionOf: (agentName) => {
        const own = findAgent(this.agents, agentName).doneDefinition;
        return own.length > 0 ? own : this.config.defaults.doneDefinition;
      },
      unmetDoneDefinition: this.config.unmetDoneDefinition,
    };
  }

  /**
   * `verify`: a step's transcript (named, found with `find`, recorded, or at the step's own
   * place) judged against its claims, done definition and expected outputs; the verdict is
   * recorded on the step, under the execution's lock.
   */
  async verify(
    id: string,
    stepNumber: number,
    choice: TranscriptChoice = {},
  ): Promise<{ verdict: Verdict; state: ExecutionContext }> {
    return this.store.update(this.store.resolve(id), (before) =>
      verifyStoredStep(this.evidence(), before, stepNumber, choice, this.now()),
    );
  }

  /**
   * The prompt of a step (default: the next ready one, else the first running one). A ready
   * or running step's file is re-rendered when its inputs changed since it was written.
   */
  async prompt(id: string, stepNumber?: number): Promise<PromptResult> {
    const executionId = this.store.resolve(id);
    // One read under the lock: what is ready is decided on the same state the prompt is saved against.
    const { state: _saved, ...result } = await this.store.update(
      executionId,
      (state): PromptResult & { state?: ExecutionContext } => {
        const target = stepNumber ?? this.defaultPromptStep(state);
        const entry = transitions.resultOf(state, target);
        const live = entry.status === 'running' || transitions.readySteps(state).includes(target);
        if (!live) {
          const existing = entry.promptPath
            ? this.readRecorded(entry.promptPath, `the prompt of step ${target}`)
            : undefined;
          const prompt = existing === undefined ? this.renderPrompt(state, target) : undefined;
          return {
            stepNumber: target,
            text: existing === undefined ? prompt!.body : promptBody(existing),
            promptPath: entry.promptPath ?? prompt!.promptPath,
            written: false,
            notReady:
              entry.status === 'pending'
                ? `step ${target} is not ready yet; it waits for ` +
                  `${numbered('step', transitions.unfinishedDependencies(state, target))}`
                : `step ${target} is ${entry.status}`,
          };
        }
        const prompt = this.renderPrompt(state, target);
        this.store.folder(executionId);
        const written = this.savePrompt(prompt);
        const changed = entry.promptPath !== prompt.promptPath;
        return {
          stepNumber: target,
          text: prompt.body,
          promptPath: prompt.promptPath,
          written,
          ...(changed ? { state: withPromptPaths(state, new Map([[target, prompt.promptPath]])) } : {}),
        };
      },
    );
    return result;
  }

  /**
   * `prompt --refresh`: rewrites the prompt of each ready or running step (or of `stepNumber`)
   * whose inputs changed since it was written; returns the steps rewritten and those already current.
   */
  async refreshPrompts(
    id: string,
    stepNumber?: number,
  ): Promise<{ executionId: string; rewritten: number[]; current: number[] }> {
    const executionId = this.store.resolve(id);
    return this.store.update(executionId, (state) => {
      const live = liveSteps(state);
      const steps = stepNumber === undefined ? live : [stepNumber];
      for (const step of steps) {
        const entry = transitions.resultOf(state, step);
        if (!live.includes(step)) {
          throw new ConductorError(
            'TRANSITION',
            `step ${step} is ${entry.status}; only a ready or running step's prompt is kept current`,
            {
              remedies: [{ run: `status ${executionId}`, why: 'shows which steps are ready' }],
            },
          );
        }
      }
      this.store.folder(executionId);
      const rewritten: number[] = [];
      const paths = new Map<number, string>();
      for (const step of steps) {
        const stale = this.promptIsStale(state, step);
        const prompt = this.renderPrompt(state, step);
        if (this.savePrompt(prompt) && stale) rewritten.push(step);
        if (transitions.resultOf(state, step).promptPath !== prompt.promptPath) paths.set(step, prompt.promptPath);
      }
      const current = steps.filter((step) => !rewritten.includes(step));
      return { executionId, rewritten, current, ...(paths.size > 0 ? { state: withPromptPaths(state, paths) } : {}) };
    });
  }

  /** `prompt --diff`: how a step's written prompt differs from what it would be now (nothing is written). */
  promptDiff(id: string, stepNumber?: number): { stepNumber: number; promptPath: string; diff: string } {
    const state = this.loadExecutionContext(id);
    const target = stepNumber ?? this.defaultPromptStep(state);
    const now = this.renderPrompt(state, target);
    const written = transitions.resultOf(state, target).promptPath;
    const before = written ? this.readRecorded(written, `the prompt of step ${target}`) : undefined;
    return {
      stepNumber: target,
      promptPath: written ?? now.promptPath,
      diff: lineDiff(before === undefined ? '' : promptBody(before), now.body),
    };
  }

  private defaultPromptStep(state: ExecutionContext): number {
    const ready = transitions.readySteps(state);
    if (ready.length > 0) return ready[0]!;
    const running = state.stepResults.find((entry) => entry.status === 'running');
    if (running) return running.stepNumber;
    const status = transitions.executionStatus(state);
    throw new ConductorError(
      'NOT_FOUND',
      status === 'done'
        ? `execution ${state.executionId} is done; no step is waiting`
        : `no step of ${state.executionId} is ready or running`,
      status === 'done'
        ? { remedies: [{ run: `status ${state.executionId}`, why: 'shows what each step produced' }] }
        : {
            hint: 'name a step to see its prompt anyway',
            remedies: [{ run: `status ${state.executionId}`, why: 'shows what blocks it' }],
          },
    );
  }
}

/**
 * The state with the prompt paths the stored one has for steps this one has none for (a caller
 * that kept an older copy in memory), so saving never forgets a prompt that was written.
 */
function keepPromptPaths(state: ExecutionContext, stored: ExecutionContext): ExecutionContext {
  const paths = new Map<number, string>();
  for (const result of state.stepResults) {
    const saved = stored.stepResults.find((entry) => entry.stepNumber === result.stepNumber);
    const sameAttempt = (saved?.history?.length ?? 0) === (result.history?.length ?? 0);
    if (!result.promptPath && saved?.promptPath && sameAttempt) paths.set(result.stepNumber, saved.promptPath);
  }
  return paths.size === 0 ? state : withPromptPaths(state, paths);
}

/** The steps whose prompts are kept current: the ready ones and the running ones. */
function liveSteps(state: ExecutionContext): number[] {
  const ready = new Set(transitions.readySteps(state));
  return state.stepResults
    .filter((result) => result.status === 'running' || ready.has(result.stepNumber))
    .map((result) => result.stepNumber);
}

/** The state with these steps' promptPath set. */
function withPromptPaths(state: ExecutionContext, paths: ReadonlyMap<number, string>): ExecutionContext {
  return {
    ...state,
    stepResults: state.stepResults.map((result) =>
      paths.has(result.stepNumber) ? { ...result, promptPath: paths.get(result.stepNumber)! } : result,
    ),
  };
}
