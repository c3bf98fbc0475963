/**
 * Sample data for `templates check`: each built-in template's variables, filled so that every
 * branch that prints something runs — a completed dependency with outputs and a transcript, a
 * retried step with errors, a skipped step, other steps alongside and after the step, older
 * context left out, and a second rendering with a bare public-style profile (defaults for every
 * section, a body over the budget) — so undefined variables show up before a real run.
 */
import type { ResolvedConfig } from '../config/validate.js';
import {
  completeStep,
  createExecution,
  failStep,
  retryStep,
  skipStep,
  recordDelegation,
  recordHeadless,
  recordPullRequest,
  recordVerification,
} from '../state/transitions.js';
import type { AgentProfile, ExecutionContext, PlanStep } from '../types.js';
import { REPORT_TEMPLATE, reportVariables } from '../reports/html.js';
import { buildTemplateVariables } from './variables.js';
import { roleLine } from './agent-view.js';

const SAMPLE_AGENT: AgentProfile = {
  name: 'SampleAgent',
  slug: 'sampleagent',
  description: 'A sample profile for checking templates.',
  scope: ['sample scope'],
  boundaries: ['sample boundary'],
  doneDefinition: ['sample done criterion'],
  outputs: ['sample artifact'],
  refusalRules: ['sample refusal rule'],
  keywords: ['sample'],
  meta: { tools: ['read'] },
  body: 'Sample body.',
  file: 'sample.md',
};

/** A profile as public agent files are: a routing description, no lists, a long body with sections. */
const BARE_AGENT: AgentProfile = {
  ...SAMPLE_AGENT,
  name: 'bare-agent',
  slug: 'bare-agent',
  description: 'Use this agent when checking templates. Examples:\\n\\n<example>user: "check"</example>',
  scope: [],
  boundaries: [],
  doneDefinition: [],
  outputs: [],
  refusalRules: [],
  keywords: [],
  body: ['Intro.', '## First', 'a'.repeat(400), '## Second', 'b'.repeat(400)].join('\n\n'),
};

const NOW = '2026-01-01T00:00:00.000Z';

/** Step 3 depends on 1 and 2; 4–13 share its wave; 14–23 come after it. */
function samplePlan(agent: AgentProfile): { goal: string; createdAt: string; steps: PlanStep[] } {
  const dependencies = (stepNumber: number): number[] =>
    stepNumber === 3 ? [1, 2] : stepNumber <= 2 ? [] : stepNumber <= 13 ? [1] : [3];
  return {
    goal: 'Check the templates',
    createdAt: NOW,
    steps: Array.from({ length: 23 }, (_, index) => ({
      stepNumber: index + 1,
      agentName: agent.name,
      task: `Sample task ${index + 1}`,
      dependencies: dependencies(index + 1),
      expectedOutputs: ['sample output'],
    })),
  };
}

/**
 * Step 3 delegated with its pull request, step 1 recorded differently by two clones, step 4 run
 * by `run --headless`: every report field set.
 */
function handedToGitHub(state: ExecutionContext): ExecutionContext {
  const options = { now: NOW, force: true };
  state = recordHeadless(state, 4, {
    agent: 'claude',
    branch: 'conductor/exec-sample/step-4',
    into: 'main',
    worktree: '.conductor/worktrees/exec-sample/step-4',
    startedAt: NOW,
    endedAt: NOW,
    durationMs: 4200,
    usage: { inputTokens: 1200, outputTokens: 340, costUsd: 0.0421, turns: 3 },
    merged: '0a8533d',
  });
  const delegation = { via: 'agent-task' as const, url: 'https://github.com/o/r/pull/1/agent-sessions/s', at: NOW };
  const delegated = recordPullRequest(
    recordDelegation(state, 3, delegation, options),
    3,
    'https://github.com/o/r/pull/1',
    options,
  );
  return {
    ...delegated,
    stepResults: delegated.stepResults.map((result) =>
      result.stepNumber === 1
        ? {
            ...result,
            conflict: { ours: result, theirs: { ...result, status: 'failed', errors: ['sample error'] }, at: NOW },
          }
        : result,
    ),
  };
}

function sampleExecution(agent: AgentProfile) {
  let execution = createExecution(samplePlan(agent), {
    executionId: 'exec-sample',
    planFilename: 'plan.json',
    now: NOW,
  });
  execution = completeStep(execution, 1, {
    now: NOW,
    outputs: ['sample output'],
    transcriptPath: 'proof/sample.transcript.md',
  });
  execution = skipStep(execution, 2, 'sample reason', { now: NOW });
  execution = completeStep(execution, 4, { now: NOW, outputs: ['older sample context'] });
  execution = completeStep(execution, 5, { now: NOW, outputs: ['newer sample context'] });
  return retryStep(failStep(execution, 3, ['sample error'], { now: NOW }), 3, { now: NOW });
}

function sessionVariables(agent: AgentProfile, config: ResolvedConfig): object {
  const execution = sampleExecution(agent);
  const newest = execution.priorContext[execution.priorContext.length - 1]!;
  const sampleConfig = { ...config, contextBudget: newest.length, agentBodyBudget: 300 };
  return buildTemplateVariables({ execution, stepNumber: 3, agent, config: sampleConfig, proofDir: 'proof' });
}

/** The variable sets a known template is rendered with, or undefined for a template of another name. */
export function sampleVariables(
  template: string,
  agents: readonly AgentProfile[],
  config: ResolvedConfig,
): object[] | undefined {
  const agent = agents[0] ?? SAMPLE_AGENT;
  if (template === 'session.md.njk') return [sessionVariables(agent, config), sessionVariables(BARE_AGENT, config)];
  if (template === 'planning.md.njk') {
    return [
      {
        goal: 'Check the templates',
        agents: [{ ...agent, role: agent.description ? roleLine(agent.description) : '' }],
        target: config.target,
        planShape: '{ "goal": "…", "steps": [] }',
      },
    ];
  }
  if (template === 'agent.md.njk') return [{ name: 'SampleAgent', description: 'A sample profile.' }];
  if (template === REPORT_TEMPLATE) {
    const verified = recordVerification(sampleExecution(agent), 1, {
      verdict: 'contradicted',
      at: NOW,
      transcriptPath: 'proof/sample.transcript.md',
      format: 'terminal',
      claims: { backed: 0, contradicted: 1, unverifiable: 0 },
      checklist: { met: 0, unmet: 1, unknown: 0 },
      reasons: ['sample reason'],
      tests: { runs: 1, ok: false, passed: 1, failed: 1 },
      overridden: true,
    });
    return [
      {
        report: reportVariables({
          state: handedToGitHub(verified),
          root: config.root,
          reportDir: config.root,
          now: NOW,
        }),
      },
    ];
  }
  return undefined;
}
