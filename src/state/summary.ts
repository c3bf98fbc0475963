/**
 * What a person or a script is told about an execution, as data: each step's status, agent,
 * outputs and bookkeeping, what is ready, whether it is done. Worked out from the state alone;
 * the words for a terminal are in report.ts, the reports' in reports/.
 */
import { currentErrors, executionOrder, executionStatus, readySteps } from './transitions.js';
import type { ExecutionContext, StepResult, StepStatus } from '../types.js';

export interface StepSummary {
  stepNumber: number;
  agentName: string;
  task: string;
  status: StepStatus;
  dependencies: number[];
  ready: boolean;
  /** Dependencies not yet completed or skipped. */
  waitingFor: number[];
  outputs: string[];
  errors: string[];
  reason?: string;
  transcriptPath?: string;
  promptPath?: string;
  startTime?: string;
  endTime?: string;
  retries?: number;
  forced?: StepResult['forced'];
  history?: StepResult['history'];
  verification?: StepResult['verification'];
  /** The written prompt is no longer what it would be now (its agent, template, config or inputs changed). */
  stale?: true;
  pr?: StepResult['pr'];
  delegation?: StepResult['delegation'];
  conflict?: StepResult['conflict'];
  /** Where and how `run --headless` ran it: branch, worktree, duration, what its stream says it cost. */
  headless?: StepResult['headless'];
}

export interface ExecutionSummary {
  executionId: string;
  status: ReturnType<typeof executionStatus>;
  goal: string;
  planFilename: string;
  startTime: string;
  endTime?: string;
  progress: { done: number; total: number };
  order: number[];
  ready: number[];
  currentStep: number;
  steps: StepSummary[];
  priorContext: string[];
}

/** Everything `status` shows, as data (`status --json` prints exactly this). `stale`: steps whose prompt is stale. */
export function summarize(state: ExecutionContext, stale: readonly number[] = []): ExecutionSummary {
  const ready = readySteps(state);
  const readySet = new Set(ready);
  const results = new Map(state.stepResults.map((result) => [result.stepNumber, result]));
  const done = (status: StepStatus | undefined) => status === 'completed' || status === 'skipped';
  const order = executionOrder(state);
  const planSteps = new Map(state.plan.steps.map((step) => [step.stepNumber, step]));
  const steps = order.map((number): StepSummary => {
    const step = planSteps.get(number)!;
    const result = results.get(number)!;
    return {
      stepNumber: number,
      agentName: step.agentName,
      task: step.task,
      status: result.status,
      dependencies: step.dependencies,
      ready: readySet.has(number),
      // (inline rather than unfinishedDependencies(): that looks the step up, O(n) per step)
      waitingFor: result.status === 'pending' ? step.dependencies.filter((dep) => !done(results.get(dep)?.status)) : [],
      outputs: result.outputs ?? [],
      // A failed step shows its own attempt's errors; a retried one, pending again, every earlier one.
      errors: result.status === 'failed' ? currentErrors(result) : (result.errors ?? []),
      ...pick(result, [
        'reason',
        'transcriptPath',
        'promptPath',
        'startTime',
        'endTime',
        'retries',
        'forced',
        'history',
        'verification',
        'pr',
        'delegation',
        'conflict',
        'headless',
      ]),
      ...(stale.includes(number) ? { stale: true as const } : {}),
    };
  });
  return {
    executionId: state.executionId,
    status: executionStatus(state),
    goal: state.plan.goal,
    planFilename: state.planFilename,
    startTime: state.startTime,
    ...(state.endTime ? { endTime: state.endTime } : {}),
    progress: { done: steps.filter((step) => done(step.status)).length, total: steps.length },
    order,
    ready,
    currentStep: state.currentStep,
    steps,
    priorContext: state.priorContext,
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
