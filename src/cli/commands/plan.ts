import { shellQuote } from '../../util/text.js';
import { ConductorError } from '../../errors.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'plan',
  describe:
    'write a plan made from a goal (or, with --prompt, a planning prompt for an agent CLI); also: plan ' +
    'import|validate|show <file>',
  args: {
    goal: { type: 'strings', positional: true, describe: 'the goal, in quotes; - reads it from standard input' },
    file: { type: 'string', describe: 'read the goal from this file (an issue, a PRD; markdown welcome); - is stdin' },
    prompt: { type: 'boolean', describe: 'write a planning prompt instead of a plan' },
    agents: { type: 'names', describe: 'only plan with these agents (names, comma-separated or repeated)' },
    explain: { type: 'boolean', describe: 'say which words routed each part of the goal' },
  },
  examples: [
    ['$0 plan "Build a REST API with a React frontend"', ''],
    ['$0 plan --file issue.md', 'plan from an issue or a PRD: headings are context, non-goals left out'],
    ['$0 plan import answer.md', "take the JSON plan out of an agent's answer"],
    ['$0 plan show proof/plans/plan-….json', 'steps, order and waves'],
  ],
  async run(args, context) {
    // Line breaks stay: a goal pasted from an issue has bullets and paragraphs that the planner reads.
    const { goalFrom } = await import('../../plan/goal-input.js');
    const goal = goalFrom({ words: args.goal, file: args.file, cwd: context.cwd }).trim();
    if (!goal)
      throw new ConductorError('USAGE', 'say what the plan is for', {
        remedies: [{ run: 'plan "Build a REST API with a React frontend"' }],
      });
    const runner = await context.runner();
    const [{ findAgent }, files, report] = await Promise.all([
      import('../../agents/load.js'),
      import('../../plan/files.js'),
      import('../../views/status.js'),
    ]);
    const pool =
      args.agents.length === 0 ? runner.agents.agents : args.agents.map((name) => findAgent(runner.agents, name));
    const now = new Date();
    if (args.prompt) {
      const { file, text } = files.writePlanningPrompt(runner, goal, pool, now);
      const next =
        `planning prompt written: ${file}; give it to your agent CLI, save the answer, then run: ` +
        `${context.command} plan import <answer file>`;
      return { stdout: text.trimEnd(), notes: [next], json: { file, prompt: text } };
    }
    const made = files.makePlan(runner, goal, pool, now);
    const lines = [
      `Plan written: ${made.file}`,
      report.formatPlan(made.plan, made.validation.order, made.validation.waves),
    ];
    if (args.explain) lines.push('', report.formatRouting(made.routing));
    lines.push('', `Next: ${context.command} execute ${shellQuote(made.file)}`);
    const { order, waves } = made.validation;
    return {
      stdout: lines.join('\n'),
      notes: made.warnings,
      json: {
        file: made.file,
        plan: made.plan,
        parts: made.parts,
        routing: made.routing,
        order,
        waves,
        warnings: made.warnings,
      },
    };
  },
});
