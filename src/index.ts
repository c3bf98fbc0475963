/** swarm-conductor as a library: everything the CLI does, callable without spawning it. */
export { defineConfig, DEFAULT_HARD_RULES, DEFAULT_CONTEXT_BUDGET, TARGETS } from './config/define.js';
export type { ConductorConfig, Target } from './config/define.js';
export { loadConfig } from './config/load.js';
export type { LoadConfigOptions, LoadConfigResult } from './config/load.js';
export { validateConfig, resolveConfig } from './config/validate.js';
export type { ResolvedConfig, ConfigValidation } from './config/validate.js';

export { loadAgents, loadAgentFile, findAgent, findDuplicates } from './agents/load.js';
export type { AgentSet, AgentFileResult } from './agents/load.js';
export { parseFrontMatter } from './agents/parse.js';
export type { Diagnostic } from './agents/parse.js';

export { loadPlan, parsePlan } from './plan/load.js';
export { validatePlan } from './plan/validate.js';
export type { PlanValidation } from './plan/validate.js';
export { orderSteps } from './plan/order.js';
export { generatePlan } from './plan/generate/index.js';
export type { GeneratedPlan, RoutedPartReport } from './plan/generate/index.js';

export { renderStepPrompt, readInputsHash, SESSION_TEMPLATE } from './render/prompt.js';
export type { RenderedPrompt, RenderStepPromptInput } from './render/prompt.js';
export { buildTemplateContext } from './render/context.js';
export type { TemplateContext } from './render/context.js';
export { TemplateRenderer } from './render/environment.js';

export {
  createExecution,
  startStep,
  completeStep,
  failStep,
  retryStep,
  skipStep,
  readySteps,
  executionOrder,
  executionStatus,
} from './state/transitions.js';
export { ExecutionStore, readExecution } from './state/store.js';

export { StepRunner } from './runner.js';
export type { StepAction, StepActionResult, StepRunnerOptions, PromptResult } from './runner.js';
export { summarize, formatSummary } from './report.js';
export type { ExecutionSummary, StepSummary } from './report.js';
export { ConductorError } from './errors.js';
export type { ErrorCode } from './errors.js';

export type { ExecutionPlan, PlanStep, AgentProfile, ExecutionContext, StepResult, StepStatus } from './types.js';
