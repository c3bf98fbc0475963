/**
 * swarm-conductor as a library: everything a command does is one of these functions, so a
 * program (or a test) gets the same results without spawning the CLI. `main` is the CLI itself,
 * runnable in-process.
 */

// ── Config and project ──────────────────────────────────────────────────────────────────────
export { DEFAULT_CONTEXT_BUDGET, DEFAULT_HARD_RULES, defineConfig, TARGETS } from './config/define.js';
export type { ConductorConfig, Target } from './config/define.js';
export { loadConfig } from './config/load.js';
export type { LoadConfigOptions, LoadConfigResult } from './config/load.js';
export { CONFIG_KEYS, resolveConfig, validateConfig } from './config/validate.js';
export type { ConfigValidation, ResolvedConfig } from './config/validate.js';
export { loadProject } from './project/load.js';
export type { Project } from './project/load.js';
export { initProject } from './project/init.js';
export type { InitAction, InitEntry, InitOptions } from './project/init.js';
export { validateProject } from './project/validate.js';
export type { PlanCheck, ProjectValidation } from './project/validate.js';

// ── Agents ──────────────────────────────────────────────────────────────────────────────────
export { findAgent, findDuplicates, loadAgentFile, loadAgents } from './agents/load.js';
export type { AgentFileResult, AgentSet } from './agents/load.js';
export { parseFrontMatter } from './agents/parse.js';
export type { Diagnostic } from './agents/parse.js';
export { listAgentRows, reportAgentFiles, scaffoldPlaceholders, validateAgentPaths } from './agents/check.js';
export type { AgentFileReport, AgentRow } from './agents/check.js';
export { AGENTS_MD_LIMIT, exportAgents, importAgents, scaffoldAgent } from './agents/files.js';
export type { AgentProject, ExportedEntry, ExportOptions, ImportedEntry, ScaffoldResult } from './agents/files.js';
export { SKILL_FILES, SKILL_MD, SKILL_NAME } from './skill/skill.js';
export { exportSkill, planSkill } from './skill/write.js';
export type { ExportSkillOptions, SkillFile } from './skill/write.js';

// ── Plans ───────────────────────────────────────────────────────────────────────────────────
export { loadPlan, parsePlan } from './plan/load.js';
export { validatePlan } from './plan/validate.js';
export type { PlanValidation } from './plan/validate.js';
export { orderSteps } from './plan/order.js';
export { generatePlan } from './plan/generate/index.js';
export type { GeneratedPlan, RoutedPartReport } from './plan/generate/index.js';
export { importPlanFile, makePlan, writePlanningPrompt } from './plan/files.js';
export type { PlanProject, WrittenPlan } from './plan/files.js';

// ── Prompts and templates ───────────────────────────────────────────────────────────────────
export { readInputsHash, renderStepPrompt, SESSION_TEMPLATE } from './render/prompt.js';
export type { RenderedPrompt, RenderStepPromptInput } from './render/prompt.js';
export { buildTemplateVariables } from './render/variables.js';
export type { TemplateVariables } from './render/variables.js';
export { TemplateRenderer } from './render/environment.js';
export { explainPrompt } from './render/explain.js';
export type { PromptExplanation, SectionSize } from './render/explain.js';
export { checkTemplates, ejectTemplate, listTemplates } from './render/templates.js';
export type { TemplateCheck, TemplateEntry } from './render/templates.js';

// ── Executions ──────────────────────────────────────────────────────────────────────────────
export {
  completeStep,
  createExecution,
  executionOrder,
  executionStatus,
  failStep,
  readySteps,
  recordVerification,
  reopenStep,
  retryStep,
  skipStep,
  startStep,
} from './state/transitions.js';
export { ExecutionStore, listExecutions, readExecution } from './state/store.js';
export type { ExecutionRow } from './state/store.js';
export { executionFolder, stateFile, stepPaths } from './state/paths.js';
export type { StepPaths } from './state/paths.js';
export { StepRunner } from './step-runner.js';
export type { PromptResult, StepAction, StepActionResult, StepRunnerOptions } from './step-runner.js';

export { summarize } from './state/summary.js';
export type { ExecutionSummary, StepSummary } from './state/summary.js';

// ── Transcripts and evidence ────────────────────────────────────────────────────────────────
export { READERS, readTranscript } from './transcripts/read.js';
export type { TranscriptInput, TranscriptReader } from './transcripts/read.js';
export type {
  CommandRun,
  FileEdit,
  OutputLine,
  TranscriptFormat,
  TranscriptProblem,
  TranscriptRecord,
  Turn,
} from './transcripts/record.js';
export { findSession, sessionFolders } from './transcripts/find.js';
export type { FoundSession, SessionFolders, SessionQuery } from './transcripts/find.js';
export { factsOf } from './evidence/facts.js';
export type { Facts, RunFact, TestRunFact } from './evidence/facts.js';
export { claimsOf } from './evidence/claims.js';
export type { Claim, ClaimKind } from './evidence/claims.js';
export { verifyStep } from './evidence/verify.js';
export type {
  Evidence,
  JudgedClaim,
  JudgedItem,
  OutputCheck,
  Verdict,
  VerdictKind,
  VerifyInput,
} from './evidence/verify.js';

export { verificationOf } from './evidence/step.js';
export type { TranscriptChoice } from './evidence/step.js';

// ── Reports and analytics ───────────────────────────────────────────────────────────────────
export { markdownReport } from './reports/markdown.js';
export type { ReportInput } from './reports/markdown.js';
export { htmlReport, REPORT_TEMPLATE, reportVariables } from './reports/html.js';
export type { HtmlReportInput } from './reports/html.js';
export { writeHtmlReport, writeMarkdownReport } from './reports/write.js';
export type { WrittenReport } from './reports/write.js';
export { statsOf } from './reports/stats.js';
export type { AgentStats, ShapeStats, Stats } from './reports/stats.js';
export { timingOf } from './reports/timeline.js';
export type { Bar, ExecutionTiming, StepTiming } from './reports/timeline.js';

// ── Teams: git and GitHub ──────────────────────────────────────────────────────────────────
export { mergeStates } from './team/merge.js';
export type { MergeResult } from './team/merge.js';
export { gitSetup } from './team/git.js';
export type { GitSetupInput, GitSetupResult } from './team/git.js';
export { delegateStep, syncPullRequests } from './team/github.js';
export type { DelegateResult, SyncedStep, SyncResult } from './team/github.js';
export { pullRequestSeen } from './team/gh.js';
export {
  recordDelegation,
  recordPullRequest,
  recomputed,
  resolveConflict,
  settlePullRequest,
} from './state/transitions.js';

// ── Errors, the CLI ─────────────────────────────────────────────────────────────────────────
export { ConductorError } from './errors.js';
export type { ErrorCode, Remedy } from './errors.js';
export type { MainOptions } from './cli/main.js';
export type { Streams } from './cli/output.js';

/**
 * The command line in this process, e.g. `await main(['status', 'latest'], process, { launcher:
 * 'swarm-conductor', cwd })` prints what the command prints and gives its exit code. yargs is
 * loaded on the first call, not by importing the library.
 */
export async function main(...args: Parameters<typeof import('./cli/main.js').main>): Promise<number> {
  const cli = await import('./cli/main.js');
  return cli.main(...args);
}

export type {
  AgentProfile,
  Env,
  ExecutionContext,
  ExecutionPlan,
  PlanStep,
  StepResult,
  StepStatus,
  StepEvent,
  StepHeadless,
  StepPullRequest,
  StepVerification,
} from './types.js';
