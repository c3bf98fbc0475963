/** The goal table: goals in the shape of public issues, routed with the built-in and with public agent files. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { judgeGoal, type TableGoal } from '../src/plan/generate/table.js';
import { validatePlan } from '../src/plan/validate.js';
import { generatePlan } from '../src/plan/generate/index.js';
import { REPO } from './helpers.js';

const { goals } = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/goals/goals.json'), 'utf8')) as {
  goals: TableGoal[];
};
const pools: Record<string, ReturnType<typeof loadAgents>['agents']> = {
  builtin: loadAgents(resolveConfig({}, REPO)).agents,
  public: loadAgents(resolveConfig({ agentsDir: 'test/fixtures/real-agents' }, REPO)).agents,
  team: loadAgents(resolveConfig({ agentsDir: 'test/fixtures/goals/pools/team' }, REPO)).agents,
};

test('the table has at least 40 goals, most with several parts, over both pools', () => {
  assert.ok(goals.length >= 40, `${goals.length} goals`);
  assert.ok(goals.filter((goal) => goal.pool === 'public').length >= 15);
  assert.ok(goals.filter((goal) => /,|;| and | with |\+|\(|:/.test(goal.goal)).length >= 30, 'multi-part goals');
});

for (const goal of goals.filter((entry) => !entry.heldOut)) {
  test(`routed as expected (${goal.pool}): "${goal.goal}" → ${goal.agents.join(', ')}`, () => {
    const verdict = judgeGoal(goal, pools[goal.pool]!);
    assert.equal(verdict.unrouted, [], 'every part routed by its own words');
    assert.ok(verdict.ok, `got ${verdict.agents.join(', ')}`);
    const { plan } = generatePlan(goal.goal, pools[goal.pool]!, { now: '2026-01-01T00:00:00.000Z' });
    assert.equal(validatePlan(plan, pools[goal.pool]!).errors, [], 'the plan is valid');
    assert.ok(
      plan.steps.every((step) => step.why && step.why.length > 0),
      'every step says why',
    );
  });
}

test('the held-out goals (written after the router was tuned) route at least 4 in 5 as expected', () => {
  const heldOut = goals.filter((entry) => entry.heldOut);
  const passed = heldOut.filter((goal) => judgeGoal(goal, pools[goal.pool]!).ok).length;
  assert.is(heldOut.length, 26);
  assert.ok(passed >= heldOut.length * 0.8, `${passed} of ${heldOut.length}`);
});

test('the integrator is chosen by role: payment-integration builds, code-reviewer closes the plan', () => {
  const goal = 'Add Stripe billing with a React checkout page';
  const { plan } = generatePlan(goal, pools.team!, { now: '2026-01-01T00:00:00.000Z' });
  assert.equal(
    plan.steps.map((step) => step.agentName),
    ['payment-integration', 'frontend-developer', 'code-reviewer'],
  );
});

test.run();
