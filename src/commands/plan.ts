import path from 'node:path';
import { findAgent } from '../agents/load.js';
import { ConductorError } from '../errors.js';
import { generatePlan } from '../plan/generate/index.js';
import { writeNewFile, writePlanFile } from '../plan/write.js';
import { formatPlan, formatRouting } from '../report.js';
import type { AgentProfile } from '../types.js';
import { asList, withRunner, type CommandResult, type CommonOptions } from './shared.js';
import type { StepRunner } from '../runner.js';
import { commandName } from '../util/invocation.js';

export interface PlanOptions extends CommonOptions {
  /** The goal: one string, or the words the command line split it into. */
  goal: string | string[];
  /** Write a planning prompt instead of a plan. */
  prompt?: boolean;
  /** Restrict the pool: names, comma-separated or repeated. */
  agents?: unknown;
  /** Say which words routed each part. */
  explain?: boolean;
}

const PLANNING_TEMPLATE = 'planning.md.njk';

/** `plan "<goal>"` writes a plan made from the goal; `plan --prompt "<goal>"` writes a prompt that asks an agent for one. */
export const run = withRunner(async (runner, options: PlanOptions): Promise<CommandResult> => {
  // Line breaks stay: a goal pasted from an issue has bullets and paragraphs that the planner reads.
  const goal = [options.goal].flat().join(' ').trim();
  if (!goal)
    throw new ConductorError('USAGE', 'say what the plan is for', {
      hint: `${commandName()} plan "Build a REST API with a React frontend"`,
    });
  const pool = agentPool(runner, options.agents);
  const now = new Date();
  return options.prompt
    ? planningPrompt(runner, goal, pool, now)
    : generated(runner, goal, pool, now, options.explain ?? false);
});

function agentPool(runner: StepRunner, names: unknown): AgentProfile[] {
  const wanted = asList(names)
    .flatMap((entry) => entry.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (wanted.length === 0) return runner.agents.agents;
  return wanted.map((name) => findAgent(runner.agents, name));
}

function generated(runner: StepRunner, goal: string, pool: AgentProfile[], now: Date, explain: boolean): CommandResult {
  const { plan, warnings, parts, routing } = generatePlan(goal, pool, { now: now.toISOString() });
  const validation = runner.checkPlan(plan, 'generated plan');
  const file = writePlanFile(runner.config.plansDir, runner.config.root, plan, now);
  const shown = runner.store.shown(file);
  const lines = [`Plan written: ${shown}`, formatPlan(plan, validation.order, validation.waves)];
  if (explain) lines.push('', formatRouting(routing));
  lines.push('', `Next: ${commandName()} execute ${shown}`);
  return {
    stdout: lines.join('\n'),
    notes: warnings,
    json: { file: shown, plan, parts, routing, order: validation.order, waves: validation.waves, warnings },
  };
}

function planningPrompt(runner: StepRunner, goal: string, pool: AgentProfile[], now: Date): CommandResult {
  // One step per line reads better in a prompt than JSON.stringify's layout.
  const shapeSteps = [
    {
      stepNumber: 1,
      agentName: '<an agent name from the list>',
      task: '<what this step does, standing on its own>',
      dependencies: [],
      expectedOutputs: ['<a concrete artifact>'],
    },
    {
      stepNumber: 2,
      agentName: '<an agent name from the list>',
      task: '<…>',
      dependencies: [1],
      expectedOutputs: ['<…>'],
    },
  ];
  const planShape = `{\n  "goal": ${JSON.stringify(goal)},\n  "steps": [\n${shapeSteps.map((step) => `    ${JSON.stringify(step).replace(/,"/g, ', "').replace(/":/g, '": ')}`).join(',\n')}\n  ]\n}`;
  const text = `${runner.renderer
    .render(PLANNING_TEMPLATE, {
      goal,
      agents: pool.map(({ name, description, scope, keywords, outputs }) => ({
        name,
        description,
        scope,
        keywords,
        outputs,
      })),
      target: runner.config.target,
      planShape,
    })
    .trim()}\n`;
  const file = writeNewFile(runner.config.plansDir, 'planning', goal, now, '.prompt.md', text);
  const shown = runner.store.shown(file);
  return {
    stdout: text.trimEnd(),
    notes: [
      `planning prompt written: ${shown}; give it to your agent CLI, save the answer, then run: ${commandName()} plan import <answer file>`,
    ],
    json: { file: shown, prompt: text },
  };
}

/** A plan file argument: resolved against the working folder, shown relative to the project. */
export function planArgument(runner: StepRunner, cwd: string, file: string): { absolute: string; shown: string } {
  const absolute = path.resolve(cwd, file);
  return { absolute, shown: runner.store.shown(absolute) };
}
