/**
 * The variables a template sees: a documented, stable contract (README "Template variables").
 * Built by a pure function from the execution, the step's agent and the config.
 */
import type { Target } from '../config/define.js';
import type { ResolvedConfig } from '../config/validate.js';
import { dependencyClosure, executionOrder, executionWaves, stepOfContextLine } from '../state/transitions.js';
import type { AgentProfile, ExecutionContext, PlanStep, StepResult, StepStatus } from '../types.js';
import { stepPaths } from '../state/paths.js';
import { truncate } from '../util/text.js';
import { sessionTargets, targetNamed } from '../targets/index.js';
import { type BodyExcludeRule, excludeSections, rulesFor } from '../agents/exclude.js';
import { fitBody, roleLine, type OmittedPart } from './agent-view.js';

export interface TemplateDependency {
  stepNumber: number;
  agentName: string;
  task: string;
  status: StepStatus;
  outputs: string[];
  transcriptPath: string;
  reason: string;
}

/** Another step of the plan, in one line, so the agent leaves its work to it. */
export interface TemplateOtherStep {
  stepNumber: number;
  agentName: string;
  /** The task on one line, cut to 140 characters. */
  task: string;
  dependencies: number[];
}

/** The profile as the prompt shows it. */
export interface TemplateAgent extends Omit<AgentProfile, 'file'> {
  /** A short role line: the description's first sentence without the CLI's routing text and examples. */
  role: string;
  /** The body without the sections `agentBodyExclude` drops, shortened by whole sections to `agentBodyBudget`. */
  body: string;
  /** The sections `agentBodyExclude` left out, and the setting and entry that did it. */
  bodyDropped: DroppedPart[];
  /** The sections of the body left out to fit the budget. */
  bodyOmitted: OmittedPart[];
  /** The length of the whole body. */
  bodyCharacters: number;
}

/** A section of the body left out by `agentBodyExclude`. */
export interface DroppedPart {
  heading: string;
  characters: number;
  /** `agentBodyExclude`, `agentBodyExclude["*"]` or `agentBodyExclude.<agent>`. */
  setting: string;
  /** The entry that matched the heading, as written. */
  entry: string;
}

export interface TemplateVariables {
  goal: string;
  execution: {
    id: string;
    startTime: string;
    planFilename: string;
    stepCount: number;
    /** Step numbers in execution order. */
    order: number[];
  };
  step: {
    number: number;
    /** 1-based place in the execution order. */
    position: number;
    agentName: string;
    task: string;
    dependencies: number[];
    expectedOutputs: string[];
    status: StepStatus;
    retries: number;
    /** Errors of earlier failed attempts (after `retry`). */
    earlierErrors: string[];
  };
  plan: { goal: string; createdAt: string; steps: PlanStep[] };
  /** The profile as loaded (its own lists, unchanged), without its file path, plus role and the budgeted body. */
  agent: TemplateAgent;
  /**
   * The agent's `outputs` less those the step's expected outputs already name (compared without case, trailing
   * punctuation or extra white space), so the prompt lists each artifact once.
   */
  deliverables: string[];
  /** The agent's scope, or the config's default scope when the profile sets none. */
  scope: string[];
  /** The agent's boundaries, or the defaults. */
  boundaries: string[];
  /** The agent's done definition, or the defaults. */
  doneDefinition: string[];
  hardRules: string[];
  /** The agent's refusal rules (or the defaults when it has none), followed by the config's `refusalRules`. */
  refusalRules: string[];
  /** Which of those sections came from the defaults because the profile sets none. */
  defaults: { scope: boolean; boundaries: boolean; doneDefinition: boolean; refusalRules: boolean };
  /**
   * The newest lines of the steps this one depends on through others (its dependency closure without the direct
   * dependencies) that fit in `contextBudget` characters, oldest first. Never a sibling's or an unrelated step's.
   */
  priorContext: string[];
  /** How many older lines were left out to fit the budget. */
  priorContextOmitted: number;
  /** The steps this one depends on, with what they produced. */
  dependencies: TemplateDependency[];
  /** The other steps of this step's wave, and the steps of the waves after it (at most 8 of each shown). */
  otherSteps: {
    sameWave: TemplateOtherStep[];
    sameWaveOmitted: number;
    later: TemplateOtherStep[];
    laterOmitted: number;
  };
  transcriptPath: string;
  target: Target;
  /** The end of the prompt for the target CLI (its file in `src/targets/`). */
  closing: { saveTranscript: string[]; closure: string[] | undefined; sessionsFoundFor: string };
  config: { target: Target; contextBudget: number; agentBodyBudget: number; proofDir: string };
}

export interface TemplateVariablesInput {
  execution: ExecutionContext;
  stepNumber: number;
  agent: AgentProfile;
  config: Pick<
    ResolvedConfig,
    'hardRules' | 'refusalRules' | 'target' | 'contextBudget' | 'agentBodyBudget' | 'defaults'
  > &
    Partial<Pick<ResolvedConfig, 'agentBodyExclude'>>;
  /** Project-relative proof folder, forward slashes. */
  proofDir: string;
}

interface Lookups {
  steps: Map<number, PlanStep>;
  results: Map<number, StepResult>;
  position: Map<number, number>;
}

// Rendering every ready prompt of a large plan uses one execution object: index it once.
const lookups = new WeakMap<ExecutionContext, Lookups>();

function lookupsFor(execution: ExecutionContext): Lookups {
  let found = lookups.get(execution);
  if (!found) {
    found = {
      steps: new Map(execution.plan.steps.map((entry) => [entry.stepNumber, entry])),
      results: new Map(execution.stepResults.map((entry) => [entry.stepNumber, entry])),
      position: new Map(executionOrder(execution).map((number, index) => [number, index + 1])),
    };
    lookups.set(execution, found);
  }
  return found;
}

// One object per profile (and body budget and exclusions), so the provenance hash of an agent is worked out once
// per run.
const agentViews = new WeakMap<AgentProfile, Map<string, TemplateAgent>>();

function agentView(agent: AgentProfile, bodyBudget: number, exclude: readonly BodyExcludeRule[]): TemplateAgent {
  const rules = rulesFor(exclude, agent);
  const key = JSON.stringify([bodyBudget, rules.map((rule) => [rule.entry, rule.setting])]);
  let views = agentViews.get(agent);
  if (!views) agentViews.set(agent, (views = new Map()));
  let view = views.get(key);
  if (!view) {
    const { file: _file, ...rest } = agent;
    const kept = excludeSections(agent.body, rules);
    const body = fitBody(kept.text, bodyBudget);
    view = {
      ...rest,
      role: agent.description ? roleLine(agent.description) : '',
      body: body.text,
      bodyDropped: kept.dropped.map(({ heading, characters, setting, entry }) => ({
        heading,
        characters,
        setting,
        entry,
      })),
      bodyOmitted: body.omitted,
      bodyCharacters: agent.body.length,
    };
    views.set(key, view);
  }
  return view;
}

/** How many other steps of a wave, and of the waves after it, a prompt names. */
const OTHER_STEPS_SHOWN = 8;

// The waves of a plan are worked out once (transitions.ts); so is which wave each step is in.
const waveIndexes = new WeakMap<number[][], Map<number, number>>();

function waveIndex(waves: number[][]): Map<number, number> {
  let index = waveIndexes.get(waves);
  if (!index) {
    index = new Map(waves.flatMap((wave, position) => wave.map((step) => [step, position] as const)));
    waveIndexes.set(waves, index);
  }
  return index;
}

function otherSteps(
  execution: ExecutionContext,
  stepNumber: number,
  steps: Map<number, PlanStep>,
): TemplateVariables['otherSteps'] {
  const waves = executionWaves(execution);
  const index = waveIndex(waves).get(stepNumber) ?? -1;
  // Only the shown ones are picked out: a wave of 1,000 steps is not filtered for each of them.
  const wave = waves[index] ?? [];
  const sameWave: number[] = [];
  for (const number of wave) {
    if (sameWave.length >= OTHER_STEPS_SHOWN) break;
    if (number !== stepNumber) sameWave.push(number);
  }
  const sameWaveCount = index >= 0 ? wave.length - 1 : 0;
  const later = waves.slice(index + 1);
  const laterCount = later.reduce((sum, wave) => sum + wave.length, 0);
  const laterShown: number[] = [];
  for (const wave of later) {
    for (const number of wave) if (laterShown.length < OTHER_STEPS_SHOWN) laterShown.push(number);
    if (laterShown.length >= OTHER_STEPS_SHOWN) break;
  }
  const line = (number: number): TemplateOtherStep => {
    const step = steps.get(number)!;
    return {
      stepNumber: number,
      agentName: step.agentName,
      task: truncate(step.task, 140),
      dependencies: [...step.dependencies],
    };
  };
  return {
    sameWave: sameWave.map(line),
    sameWaveOmitted: Math.max(sameWaveCount - OTHER_STEPS_SHOWN, 0),
    later: laterShown.map(line),
    laterOmitted: laterCount - laterShown.length,
  };
}

/**
 * Whether a line of the state's priorContext belongs in a step's prompt: it must be about a step
 * this one depends on through others. A direct dependency is shown with its outputs already (its
 * line would say it twice); a sibling or an unrelated step that happened to finish first is left
 * out, so its completion never changes, or makes stale, a prompt an agent may already be working from.
 */
function isContextOf(line: string, execution: ExecutionContext, step: PlanStep): boolean {
  const about = stepOfContextLine(line);
  if (about === undefined || step.dependencies.includes(about)) return false;
  return dependencyClosure(execution, step.stepNumber).has(about);
}

export function buildTemplateVariables(input: TemplateVariablesInput): TemplateVariables {
  const { execution, stepNumber, agent, config, proofDir } = input;
  const { steps, results, position } = lookupsFor(execution);
  const step = steps.get(stepNumber)!;
  const result = results.get(stepNumber)!;
  const order = executionOrder(execution);
  const { transcriptPath } = stepPaths(proofDir, execution.executionId, stepNumber, step.agentName);
  const others = execution.priorContext.filter((line) => isContextOf(line, execution, step));
  const [priorContext, priorContextOmitted] = fitBudget(others, config.contextBudget);
  const section = (own: string[], fallback: string[]) => (own.length > 0 ? [...own] : [...fallback]);

  return {
    goal: execution.plan.goal,
    execution: {
      id: execution.executionId,
      startTime: execution.startTime,
      planFilename: execution.planFilename,
      stepCount: execution.plan.steps.length,
      order,
    },
    step: {
      number: step.stepNumber,
      position: position.get(step.stepNumber)!,
      agentName: step.agentName,
      task: step.task,
      dependencies: [...step.dependencies],
      expectedOutputs: [...step.expectedOutputs],
      status: result.status,
      retries: result.retries ?? 0,
      earlierErrors: [...(result.errors ?? [])],
    },
    plan: { goal: execution.plan.goal, createdAt: execution.plan.createdAt ?? '', steps: execution.plan.steps },
    agent: agentView(agent, config.agentBodyBudget, config.agentBodyExclude ?? []),
    deliverables: notListedIn(agent.outputs, step.expectedOutputs),
    scope: section(agent.scope, config.defaults.scope),
    boundaries: section(agent.boundaries, config.defaults.boundaries),
    doneDefinition: section(agent.doneDefinition, config.defaults.doneDefinition),
    hardRules: [...config.hardRules],
    refusalRules: [...section(agent.refusalRules, config.defaults.refusalRules), ...config.refusalRules],
    defaults: {
      scope: agent.scope.length === 0 && config.defaults.scope.length > 0,
      boundaries: agent.boundaries.length === 0 && config.defaults.boundaries.length > 0,
      doneDefinition: agent.doneDefinition.length === 0 && config.defaults.doneDefinition.length > 0,
      refusalRules: agent.refusalRules.length === 0 && config.defaults.refusalRules.length > 0,
    },
    priorContext,
    priorContextOmitted,
    dependencies: step.dependencies.map((dep) => {
      const depResult = results.get(dep);
      return {
        stepNumber: dep,
        agentName: steps.get(dep)?.agentName ?? '',
        task: steps.get(dep)?.task ?? '',
        status: depResult?.status ?? 'pending',
        outputs: depResult?.outputs ?? [],
        transcriptPath: depResult?.transcriptPath ?? '',
        reason: depResult?.reason ?? '',
      };
    }),
    otherSteps: otherSteps(execution, stepNumber, steps),
    transcriptPath,
    target: config.target,
    closing: closingOf(config.target, transcriptPath),
    config: {
      target: config.target,
      contextBudget: config.contextBudget,
      agentBodyBudget: config.agentBodyBudget,
      proofDir,
    },
  };
}

/** A line as compared for sameness: `Tests passed.` and ` tests  passed` are one line. */
function sameness(line: string): string {
  return line
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?…]+$/u, '')
    .toLowerCase();
}

/** The lines of `lines` that `listed` does not already hold, in their order. */
function notListedIn(lines: readonly string[], listed: readonly string[]): string[] {
  const seen = new Set(listed.map(sameness));
  return lines.filter((line) => !seen.has(sameness(line)));
}

/**
 * The newest lines whose total length fits the budget, kept in their original order. When
 * even the newest line is too long, it is cut to the budget rather than dropped.
 */
function fitBudget(lines: readonly string[], budget: number): [string[], number] {
  let used = 0;
  let start = lines.length;
  while (start > 0 && used + lines[start - 1]!.length <= budget) used += lines[--start]!.length;
  if (start === lines.length && start > 0 && budget > 0) {
    return [[`${lines[start - 1]!.slice(0, Math.max(budget - 1, 0))}…`], start - 1];
  }
  return [lines.slice(start), start];
}

/**
 * The end of the prompt, from the target's file in `src/targets/`: how the person saves the
 * session at its place, the closure bullets when they differ from the usual ones, and whose
 * sessions `--transcript auto` finds.
 */
export function closingOf(target: Target, transcriptPath: string): TemplateVariables['closing'] {
  const { closing } = targetNamed(target);
  const labels = sessionTargets().map((candidate) => candidate.label);
  return {
    saveTranscript: closing.saveTranscript(transcriptPath),
    closure: closing.closure ? [...closing.closure] : undefined,
    sessionsFoundFor: `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`,
  };
}
