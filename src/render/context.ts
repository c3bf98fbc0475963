/**
 * The variables a template sees: a documented, stable contract (README "Template variables").
 * Built by a pure function from the execution, the step's agent and the config.
 */
import type { Target } from '../config/define.js';
import type { ResolvedConfig } from '../config/validate.js';
import { executionOrder } from '../state/transitions.js';
import type { AgentProfile, ExecutionContext, PlanStep, StepResult, StepStatus } from '../types.js';
import { slugify } from '../util/text.js';

export interface TemplateDependency {
  stepNumber: number;
  agentName: string;
  task: string;
  status: StepStatus;
  outputs: string[];
  transcriptPath: string;
  reason: string;
}

export interface TemplateContext {
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
  /** The profile as loaded, without its file path. */
  agent: Omit<AgentProfile, 'file'>;
  hardRules: string[];
  /** The agent's refusal rules followed by the config's. */
  refusalRules: string[];
  /** The newest prior-step lines that fit in `contextBudget` characters, oldest first. */
  priorContext: string[];
  /** How many older lines were left out to fit the budget. */
  priorContextOmitted: number;
  /** The steps this one depends on, with what they produced. */
  dependencies: TemplateDependency[];
  transcriptPath: string;
  target: Target;
  config: { target: Target; contextBudget: number; proofDir: string };
}

export interface StepPaths {
  /** Project-relative, forward slashes. */
  promptPath: string;
  transcriptPath: string;
}

/** `proof/execution-<id>/step-<n>-<agent-slug>.{prompt,transcript}.md`, project-relative. */
export function stepPaths(proofDir: string, executionId: string, stepNumber: number, agentName: string): StepPaths {
  const base = `${proofDir}/execution-${executionId}/step-${stepNumber}-${slugify(agentName)}`;
  return { promptPath: `${base}.prompt.md`, transcriptPath: `${base}.transcript.md` };
}

export interface TemplateContextInput {
  execution: ExecutionContext;
  stepNumber: number;
  agent: AgentProfile;
  config: Pick<ResolvedConfig, 'hardRules' | 'refusalRules' | 'target' | 'contextBudget'>;
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

// One object per profile, so the provenance hash of an agent is worked out once per run.
const agentViews = new WeakMap<AgentProfile, Omit<AgentProfile, 'file'>>();

function withoutFile(agent: AgentProfile): Omit<AgentProfile, 'file'> {
  let view = agentViews.get(agent);
  if (!view) {
    const { file: _file, ...rest } = agent;
    view = rest;
    agentViews.set(agent, view);
  }
  return view;
}

export function buildTemplateContext(input: TemplateContextInput): TemplateContext {
  const { execution, stepNumber, agent, config, proofDir } = input;
  const { steps, results, position } = lookupsFor(execution);
  const step = steps.get(stepNumber)!;
  const result = results.get(stepNumber)!;
  const order = executionOrder(execution);
  const { transcriptPath } = stepPaths(proofDir, execution.executionId, stepNumber, step.agentName);
  const [priorContext, priorContextOmitted] = fitBudget(execution.priorContext, config.contextBudget);

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
    agent: withoutFile(agent),
    hardRules: [...config.hardRules],
    refusalRules: [...agent.refusalRules, ...config.refusalRules],
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
    transcriptPath,
    target: config.target,
    config: { target: config.target, contextBudget: config.contextBudget, proofDir },
  };
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
