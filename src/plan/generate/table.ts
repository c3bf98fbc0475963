/**
 * How a goal table is scored (test/fixtures/goals/goals.json): a goal counts when its plan has
 * exactly the expected agents (the pool's closing integrator aside; `a|b` accepts either) and
 * every part of it was routed by its own words — none kept with a neighbour, no fallback to the
 * whole goal. Used by test/routing-table.test.ts and by `npm run bench`, which prints the score.
 */
import type { AgentProfile } from '../../types.js';
import { agentPhase, generatePlan } from './index.js';

export interface TableGoal {
  goal: string;
  pool: string;
  agents: string[];
  heldOut?: boolean;
}

export interface GoalVerdict {
  goal: TableGoal;
  ok: boolean;
  agents: string[];
  unrouted: string[];
}

export function judgeGoal(goal: TableGoal, pool: readonly AgentProfile[]): GoalVerdict {
  const result = generatePlan(goal.goal, pool, { now: '2026-01-01T00:00:00.000Z' });
  const integrator = pool.find((agent) => agentPhase(agent) === 'integrate');
  const steps = result.plan.steps;
  const closing =
    steps.length > 1 &&
    integrator &&
    steps[steps.length - 1]!.agentName === integrator.name &&
    !goal.agents.includes(integrator.name);
  const agents = (closing ? steps.slice(0, -1) : steps).map((step) => step.agentName);
  const unrouted = [
    ...result.routing.filter((part) => part.kind === 'kept-with-neighbour').map((part) => part.text),
    ...(result.warnings.some((warning) => warning.startsWith("no agent's keywords match")) ? ['(the whole goal)'] : []),
  ];
  const ok =
    agents.length === goal.agents.length &&
    goal.agents.every((wanted) => wanted.split('|').some((name) => agents.includes(name))) &&
    unrouted.length === 0;
  return { goal, ok, agents, unrouted };
}
