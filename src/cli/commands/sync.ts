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
    const { syncPullRequests } = await import('../../team/github.js');
    const result = await syncPullRequests(runner, args.id ?? 'latest', {
      cwd: runner.config.root,
      env: context.env,
      dryRun: args['dry-run'],
      now: () => new Date().toISOString(),
    });
    if (result.steps.length === 0) {
      return { stdout: `no step of ${result.executionId} is waiting on a pull request`, json: result };
    }
    if (args['dry-run']) {
      return {
        stdout: result.commands.map((command) => `would run: gh ${command.join(' ')}`).join('\n'),
        json: result,
      };
    }
    const lines = result.steps.map((step) => {
      const seen = step.seen!;
      const checks = seen.failing?.length ? `failing: ${seen.failing.join(', ')}` : seen.checks;
      const outcome =
        step.status === 'completed' ? '✓ completed' : step.status === 'failed' ? '✗ failed' : `still ${step.status}`;
      return `step ${step.stepNumber}: ${step.url} is ${seen.state.toLowerCase()}, checks ${checks} → ${outcome}`;
    });
    return { stdout: lines.join('\n'), json: result };
  },
});
