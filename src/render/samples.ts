/**
 * Sample data for `templates check`: each built-in template's variables, filled so that every
 * branch that prints something runs (a completed dependency with outputs and a transcript, a
 * retried step with errors, a skipped step), so undefined variables show up before a real run.
 */
import type { ResolvedConfig } from '../config/validate.js';
import { completeStep, createExecution, failStep, retryStep, skipStep } from '../state/transitions.js';
import type { AgentProfile } from '../types.js';
import { buildTemplateContext } from './context.js';

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

export function sampleVariables(template: string, agents: readonly AgentProfile[], config: ResolvedConfig): object | undefined {
  const agent = agents[0] ?? SAMPLE_AGENT;
  if (template === 'session.md.njk') {
    const now = '2026-01-01T00:00:00.000Z';
    const plan = {
      goal: 'Check the templates',
      createdAt: now,
      steps: [1, 2, 3].map((stepNumber) => ({
        stepNumber,
        agentName: agent.name,
        task: `Sample task ${stepNumber}`,
        dependencies: stepNumber === 3 ? [1, 2] : [],
        expectedOutputs: ['sample output'],
      })),
    };
    let execution = createExecution(plan, { executionId: 'exec-sample', planFilename: 'plan.json', now });
    execution = completeStep(execution, 1, { now, outputs: ['sample output'], transcriptPath: 'proof/sample.transcript.md' });
    execution = skipStep(execution, 2, 'sample reason', { now });
    execution = retryStep(failStep(execution, 3, ['sample error'], { now }), 3, { now });
    return buildTemplateContext({ execution, stepNumber: 3, agent, config, proofDir: 'proof' });
  }
  if (template === 'planning.md.njk') {
    return { goal: 'Check the templates', agents: [agent], target: config.target, planShape: '{ "goal": "…", "steps": [] }' };
  }
  if (template === 'agent.md.njk') return { name: 'SampleAgent', description: 'A sample profile.' };
  return undefined;
}
