import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../../errors.js';
import { showPath } from '../../util/package.js';
import { defineCommand } from '../define.js';

/** Prompt files listed one by one; the rest are counted. */
const LISTED_PROMPTS = 10;

export default defineCommand({
  name: 'execute',
  describe: 'validate a plan, create an execution and write the prompts of the ready steps',
  args: {
    plan: {
      type: 'string',
      positional: true,
      describe: 'plan file (JSON or YAML); "latest" or none: the newest plan in plansDir',
    },
  },
  async run(args, context) {
    const runner = await context.runner();
    const [{ loadPlan, newestPlan }, { summarize }, { isInside, toProjectPath }, { arrowList }] = await Promise.all([
      import('../../plan/load.js'),
      import('../../views/status.js'),
      import('../../util/fs.js'),
      import('../../util/text.js'),
    ]);
    const { root } = runner.config;
    const given = args.plan === undefined || args.plan === 'latest' ? undefined : args.plan;
    // A file that really is called "latest" is that file.
    const named = given ?? (args.plan && existsSync(path.resolve(context.cwd, args.plan)) ? args.plan : undefined);
    const file = named ? path.resolve(context.cwd, named) : newestPlan(runner.config.plansDir);
    if (!file) {
      throw new ConductorError('NOT_FOUND', `no plan in ${showPath(runner.config.plansDir, root)} to execute`, {
        hint: 'name a plan file',
        remedies: [{ run: 'plan "<your goal>"', why: 'writes one there' }],
      });
    }
    const planFilename = isInside(root, file) ? toProjectPath(root, file) : file;
    const plan = loadPlan(file, planFilename);
    const progress = context.progress('writing prompts');
    const { state, validation } = (() => {
      try {
        return runner.execute(plan, planFilename, { onProgress: progress.tick });
      } finally {
        progress.end();
      }
    })();
    const summary = summarize(state);
    const written = summary.steps.filter((step) => step.promptPath);
    const stateFile = showPath(runner.store.file(state.executionId), runner.config.root);
    const lines = [
      `Execution ${state.executionId} created from ${planFilename}`,
      `Goal: ${plan.goal}`,
      `Order: ${arrowList(validation.order)}`,
    ];
    if (validation.waves.some((wave) => wave.length > 1)) {
      lines.push(
        `Waves (steps in one wave can run side by side): ` +
          `${validation.waves.map((wave) => `[${wave.join(', ')}]`).join(' → ')}`,
      );
    }
    lines.push(`State: ${stateFile}`, `Prompts written (${written.length}):`);
    for (const step of written.slice(0, LISTED_PROMPTS))
      lines.push(`  step ${step.stepNumber} (${step.agentName}) → ${step.promptPath}`);
    if (written.length > LISTED_PROMPTS) {
      lines.push(
        `  … and ${written.length - LISTED_PROMPTS} more in ` +
          `${showPath(runner.store.dir(state.executionId), runner.config.root)}/`,
      );
    }
    lines.push('', runner.displayStepInstructions(state, summary.ready[0]!));
    const notes = runner.skippedAgentFiles().map((problem) => `agent file skipped: ${problem}`);
    return { notes, stdout: lines.join('\n'), json: { ...summary, waves: validation.waves, stateFile } };
  },
});
