import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'sync',
  describe: 'ask GitHub (gh pr view) about every recorded pull request and settle its step',
  args: {
    id: { type: 'string', positional: true, describe: 'execution id, a unique prefix of it, or "latest" (default)' },
    'dry-run': { type: 'boolean', describe: 'print the gh commands instead of running them' },
  },
  async run(args, context) {
    const runner = await context.runner();
    const [{ syncPullRequests }, { originRepository }] = await Promise.all([
      import('../../team/github.js'),
      import('../../team/git.js'),
    ]);
    const result = await syncPullRequests(runner, args.id ?? 'latest', {
      cwd: runner.config.root,
      env: context.env,
      dryRun: args['dry-run'],
      now: () => new Date().toISOString(),
      timeoutSeconds: runner.config.ghTimeout,
      origin: originRepository(runner.config.root, context.env),
    });
    const notes = result.steps
      .filter((step) => step.otherRepository)
      .map(
        (step) =>
          `warning: step ${step.stepNumber}: ${step.url} is a pull request of ${step.otherRepository}, not of ` +
          "this clone's origin",
      );
    if (result.steps.length === 0) {
      return { stdout: `no step of ${result.executionId} is waiting on a pull request`, json: result, notes };
    }
    if (args['dry-run']) {
      return {
        stdout: result.commands.map((command) => `would run: gh ${command.join(' ')}`).join('\n'),
        json: result,
        notes,
      };
    }
    const failed = result.steps.filter((step) => step.error);
    const lines = result.steps.flatMap((step) => {
      if (step.error) return [];
      const seen = step.seen!;
      const checks = seen.failing?.length ? `failing: ${seen.failing.join(', ')}` : seen.checks;
      const outcome =
        step.status === 'completed' ? '✓ completed' : step.status === 'failed' ? '✗ failed' : `still ${step.status}`;
      return [`step ${step.stepNumber}: ${step.url} is ${seen.state.toLowerCase()}, checks ${checks} → ${outcome}`];
    });
    // Each step gh could not settle, on a line of its own; the others were settled all the same.
    const hints = [...new Set(failed.map((step) => step.hint).filter(Boolean)), 'run sync again once gh answers'];
    failed.forEach((step, index) => {
      const hint = index === failed.length - 1 ? `\n  hint: ${hints.join('; ')}` : '';
      notes.push(`error: step ${step.stepNumber}: ${step.url} — ${step.error}; left as it was${hint}`);
    });
    return { stdout: lines.join('\n'), json: result, notes, ...(failed.length > 0 ? { exitCode: 1 as const } : {}) };
  },
});
