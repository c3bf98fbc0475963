/**
 * StepRunner: the conductor as a library. It holds the loaded config, loads agents and
 * templates only when an operation needs them, and keeps the original conductor's operations
 * (initializeExecution, generateSessionPrompt, completeStep, …). The state changes themselves
 * are the pure functions of state/transitions; the runner adds rendering and the disk.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findAgent, loadAgents, type AgentSet } from './agents/load.js';
import { placeOf } from './agents/parse.js';
import { loadProject } from './project.js';
import type { ResolvedConfig } from './config/validate.js';
import { ConductorError } from './errors.js';
import { validatePlan } from './plan/validate.js';
import { stepPaths } from './render/context.js';
import { TemplateRenderer } from './render/environment.js';
import { explainPrompt, type PromptExplanation } from './render/explain.js';
import {
  promptBody,
  readInputsHash,
  renderStepPrompt,
  type RenderedPrompt,
  type RenderStepPromptInput,
} from './render/prompt.js';
import { formatInstructions, formatSummary, summarize } from './report.js';
import { planArchive } from './state/attempts.js';
import { ExecutionStore, executionIdFor } from './state/store.js';
import { checkTranscriptFile, defaultTranscript } from './state/transcript-file.js';
import * as transitions from './state/transitions.js';
import type { ExecutionContext, ExecutionPlan } from './types.js';
import { ensureDir, readTextIfExists, toProjectPath, writeFileAtomic } from './util/fs.js';
import { showPath } from './util/package.js';
import { listProblems } from './util/text.js';
import { commandName } from './util/invocation.js';

export interface StepRunnerOptions {
  config: ResolvedConfig;
  /** Profiles to use instead of loading them from the config's folders. */
  agents?: AgentSet;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Config warnings that came with the config. */
  warnings?: string[];
}

export interface LoadRunnerOptions {
  cwd: string;
  configPath?: string | undefined;
  now?: () => Date;
}

/** A step transition. `transcriptPath` is project-relative and already checked (see checkTranscript). */
export type StepAction =
  | { kind: 'start'; force?: boolean }
  | { kind: 'complete'; outputs?: readonly string[]; transcriptPath?: string; force?: boolean }
  | { kind: 'fail'; errors: readonly string[]; transcriptPath?: string }
  | { kind: 'retry' }
  | { kind: 'reopen' }
  | { kind: 'skip'; reason: string };

export interface StepActionResult {
  before: ExecutionContext;
  context: ExecutionContext;
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
  private agentSet: AgentSet | undefined;
  private templateRenderer: TemplateRenderer | undefined;
  private readonly clock: () => Date;

  constructor(options: StepRunnerOptions) {
    this.config = options.config;
    this.agentSet = options.agents;
    this.clock = options.now ?? (() => new Date());
    this.warnings = options.warnings ?? [];
    this.store = new ExecutionStore(options.config.proofDir, options.config.root);
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
  get proofPath(): string {
    return toProjectPath(this.config.root, this.config.proofDir) || '.';
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // ── The original conductor's operations ────────────────────────────────────────────────

  /** A new execution of a valid plan, in memory (saveExecutionContext writes it). */
  initializeExecution(plan: ExecutionPlan, planFilename = ''): ExecutionContext {
    this.checkPlan(plan, planFilename || 'plan');
    const now = this.clock();
    return transitions.createExecution(plan, {
      executionId: executionIdFor(now),
      planFilename,
      now: now.toISOString(),
    });
  }

  /** The prompt for one step, as it would be written to its file. */
  generateSessionPrompt(context: ExecutionContext, stepNumber: number): string {
    return this.renderPrompt(context, stepNumber).text;
  }

  /** What to do for one step: the prompt's file and the commands to record the result. */
  displayStepInstructions(context: ExecutionContext, stepNumber: number): string {
    const step = transitions.planStepOf(context, stepNumber);
    const paths = stepPaths(this.proofPath, context.executionId, stepNumber, step.agentName);
    return formatInstructions({
      executionId: context.executionId,
      stepNumber,
      stepCount: context.plan.steps.length,
      agentName: step.agentName,
      task: step.task,
      promptPath: paths.promptPath,
      transcriptPath: paths.transcriptPath,
      target: this.config.target,
    });
  }

  /** Completes a step in memory; a transcript path (relative to the project) gets the same checks as `complete --transcript`. */
  completeStep(
    context: ExecutionContext,
    stepNumber: number,
    outputs: readonly string[],
    transcriptPath?: string,
  ): ExecutionContext {
    const checked =
      transcriptPath === undefined ? undefined : this.checkTranscript(context, stepNumber, transcriptPath);
    return transitions.completeStep(context, stepNumber, {
      now: this.now(),
      outputs,
      ...(checked === undefined ? {} : { transcriptPath: checked }),
    });
  }

  failStep(context: ExecutionContext, stepNumber: number, errors: readonly string[]): ExecutionContext {
    return transitions.failStep(context, stepNumber, errors, { now: this.now() });
  }

  /** Writes the state file atomically; returns its path. */
  saveExecutionContext(context: ExecutionContext): string {
    ensureDir(this.config.proofDir);
    return this.store.write(context);
  }

  /** Reads an execution by id, unique prefix or `latest`. */
  loadExecutionContext(id: string): ExecutionContext {
    return this.store.read(this.store.resolve(id));
  }

  generateSummary(context: ExecutionContext): string {
    return formatSummary(summarize(context));
  }

  // ── What the commands build on ─────────────────────────────────────────────────────────

  /**
   * A transcript a person names for a step, checked (inside the project, a non-empty regular
   * file, not a prompt file); returns its project-relative path. `cwd` is where a relative
   * path starts (default: the project root).
   */
  checkTranscript(context: ExecutionContext, stepNumber: number, given: string, cwd = this.config.root): string {
    return checkTranscriptFile({
      root: this.config.root,
      cwd,
      given,
      promptPath: transitions.resultOf(context, stepNumber).promptPath,
    });
  }

  /** checkTranscript for a stored execution, before its transition (so bad input changes nothing). */
  transcriptFor(id: string, stepNumber: number, given: string, cwd: string): string {
    return this.checkTranscript(this.loadExecutionContext(id), stepNumber, given, cwd);
  }

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
            : `fix the plan (${commandName()} agents list shows the agent names)`,
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
  promptInput(context: ExecutionContext, stepNumber: number): RenderStepPromptInput {
    const step = transitions.planStepOf(context, stepNumber);
    return {
      execution: context,
      stepNumber,
      agent: findAgent(this.agents, step.agentName),
      config: this.config,
      proofDir: this.proofPath,
      renderer: this.renderer,
    };
  }

  renderPrompt(context: ExecutionContext, stepNumber: number): RenderedPrompt {
    return renderStepPrompt(this.promptInput(context, stepNumber));
  }

  /** `prompt --explain`: the size of each section of a step's prompt (default: as `prompt` picks it), and what was left out. */
  explainPrompt(id: string, stepNumber?: number): PromptExplanation {
    const context = this.loadExecutionContext(id);
    return explainPrompt(this.promptInput(context, stepNumber ?? this.defaultPromptStep(context)));
  }

  /**
   * Renders and writes the prompts of the given steps, skipping files whose recorded inputs
   * hash is unchanged. Returns the context with each step's promptPath set.
   */
  writePrompts(
    context: ExecutionContext,
    steps: readonly number[],
    options: { fresh?: boolean } = {},
  ): ExecutionContext {
    if (steps.length === 0) return context;
    ensureDir(this.store.dir(context.executionId));
    const paths = new Map<number, string>();
    for (const stepNumber of steps) {
      const prompt = this.renderPrompt(context, stepNumber);
      this.savePrompt(prompt, options.fresh ?? false);
      paths.set(stepNumber, prompt.promptPath);
    }
    return withPromptPaths(context, paths);
  }

  /**
   * Writes a rendered prompt unless the file already holds one made from the same inputs.
   * `fresh`: the execution's folder was just made, so there is nothing to compare with.
   */
  private savePrompt(prompt: RenderedPrompt, fresh = false): boolean {
    const file = path.join(this.config.root, prompt.promptPath);
    // In a fresh execution's folder no state names these files until they are all written
    // (the state comes last), so a plain exclusive write is as safe as write-and-rename.
    if (fresh) {
      writeFileSync(file, prompt.text, { flag: 'wx' });
      return true;
    }
    if (readInputsHash(readTextIfExists(file) ?? '') === prompt.inputsHash) return false;
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
  ): { context: ExecutionContext; validation: ReturnType<typeof validatePlan> } {
    const validation = this.checkPlan(plan, planFilename);
    // Render once before anything is written, so a broken template or agent changes nothing.
    const probe = transitions.createExecution(plan, { executionId: 'exec-check', planFilename, now: this.now() });
    const ready = transitions.readySteps(probe);
    if (ready.length > 0) this.renderPrompt(probe, ready[0]!);

    const now = this.clock();
    const executionId = this.store.reserveId(now);
    let context = transitions.createExecution(plan, { executionId, planFilename, now: now.toISOString() });
    context = this.writePrompts(context, ready, { fresh: true });
    this.store.create(context);
    return { context, validation };
  }

  /**
   * One step transition under the execution's lock: read, change, write the prompts of the
   * steps it made ready, save. Anything that fails leaves the state file as it was.
   */
  async applyAction(id: string, stepNumber: number, action: StepAction): Promise<StepActionResult> {
    const executionId = this.store.resolve(id);
    return this.store.update(executionId, (before) => {
      const options = { now: this.now() };
      const notes: string[] = [];
      let context: ExecutionContext;
      switch (action.kind) {
        case 'start':
          context = transitions.startStep(before, stepNumber, { ...options, force: action.force ?? false });
          break;
        case 'complete':
        case 'fail': {
          const transcriptPath = action.transcriptPath ?? this.existingTranscript(before, stepNumber, notes);
          const withTranscript = { ...options, ...(transcriptPath ? { transcriptPath } : {}) };
          context =
            action.kind === 'complete'
              ? transitions.completeStep(before, stepNumber, {
                  ...withTranscript,
                  force: action.force ?? false,
                  outputs: action.outputs ?? [],
                })
              : transitions.failStep(before, stepNumber, action.errors, withTranscript);
          break;
        }
        case 'retry':
        case 'reopen': {
          // The ending attempt's files are renamed, so the next attempt's never overwrite them.
          const archive = planArchive(this.config.root, this.proofPath, before, stepNumber);
          const again = action.kind === 'retry' ? transitions.retryStep : transitions.reopenStep;
          context = again(before, stepNumber, { ...options, archived: archive.archived });
          archive.move();
          break;
        }
        case 'skip':
          context = transitions.skipStep(before, stepNumber, action.reason, options);
          break;
      }
      const rendered = this.promptsToRender(before, context, stepNumber, action);
      context = this.writePrompts(context, rendered);
      return { before, context, rendered, notes };
    });
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

  /** The step's default transcript path, when the person saved a usable transcript there. */
  private existingTranscript(context: ExecutionContext, stepNumber: number, notes: string[]): string | undefined {
    const step = transitions.planStepOf(context, stepNumber);
    const { transcriptPath } = stepPaths(this.proofPath, context.executionId, stepNumber, step.agentName);
    const found = defaultTranscript(
      this.config.root,
      transcriptPath,
      transitions.resultOf(context, stepNumber).promptPath,
    );
    if (found.problem) notes.push(`${found.problem}; it was not recorded`);
    return found.path;
  }

  /**
   * The prompt of a step (default: the next ready one, else the first running one). A ready
   * or running step's file is re-rendered when its inputs changed since it was written.
   */
  async prompt(id: string, stepNumber?: number): Promise<PromptResult> {
    const executionId = this.store.resolve(id);
    // One read under the lock: what is ready is decided on the same state the prompt is saved against.
    const { context: _saved, ...result } = await this.store.update(
      executionId,
      (context): PromptResult & { context?: ExecutionContext } => {
        const target = stepNumber ?? this.defaultPromptStep(context);
        const entry = transitions.resultOf(context, target);
        const live = entry.status === 'running' || transitions.readySteps(context).includes(target);
        if (!live) {
          const existing = entry.promptPath
            ? readTextIfExists(path.join(this.config.root, entry.promptPath))
            : undefined;
          const prompt = existing === undefined ? this.renderPrompt(context, target) : undefined;
          return {
            stepNumber: target,
            text: existing === undefined ? prompt!.body : promptBody(existing),
            promptPath: entry.promptPath ?? prompt!.promptPath,
            written: false,
            notReady:
              entry.status === 'pending'
                ? `step ${target} is not ready yet; it waits for ${plural('step', transitions.unfinishedDependencies(context, target))}`
                : `step ${target} is ${entry.status}`,
          };
        }
        const prompt = this.renderPrompt(context, target);
        ensureDir(this.store.dir(executionId));
        const written = this.savePrompt(prompt);
        const changed = entry.promptPath !== prompt.promptPath;
        return {
          stepNumber: target,
          text: prompt.body,
          promptPath: prompt.promptPath,
          written,
          ...(changed ? { context: withPromptPaths(context, new Map([[target, prompt.promptPath]])) } : {}),
        };
      },
    );
    return result;
  }

  private defaultPromptStep(context: ExecutionContext): number {
    const ready = transitions.readySteps(context);
    if (ready.length > 0) return ready[0]!;
    const running = context.stepResults.find((entry) => entry.status === 'running');
    if (running) return running.stepNumber;
    const status = transitions.executionStatus(context);
    throw new ConductorError(
      'NOT_FOUND',
      status === 'done'
        ? `execution ${context.executionId} is done; no step is waiting`
        : `no step of ${context.executionId} is ready or running`,
      {
        hint:
          status === 'done'
            ? `${commandName()} status shows what each step produced`
            : `${commandName()} status shows what blocks it; name a step to see its prompt anyway`,
      },
    );
  }
}

/** The context with these steps' promptPath set. */
function withPromptPaths(context: ExecutionContext, paths: ReadonlyMap<number, string>): ExecutionContext {
  return {
    ...context,
    stepResults: context.stepResults.map((result) =>
      paths.has(result.stepNumber) ? { ...result, promptPath: paths.get(result.stepNumber)! } : result,
    ),
  };
}

/** `step 2`, `steps 1, 2` */
function plural(word: string, numbers: number[]): string {
  return `${word}${numbers.length === 1 ? '' : 's'} ${numbers.join(', ')}`;
}
