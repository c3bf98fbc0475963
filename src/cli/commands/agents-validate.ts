import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'validate',
  describe:
    'check profile files (default: the agents folders) with file:line, and what each agent CLI would do with them',
  args: { paths: { type: 'strings', positional: true, describe: 'files and folders' } },
  async run(args, context) {
    const runner = await context.runner();
    const report = await import('../../agents/check.js');
    const placeholders = report.scaffoldPlaceholders(runner.renderer);
    const { root, agentBodyExclude } = runner.config;
    const reports =
      args.paths.length > 0
        ? report.validateAgentPaths(args.paths, context.cwd, root, placeholders, agentBodyExclude)
        : report.reportAgentFiles(runner.agents.files, root, placeholders, agentBodyExclude);
    return {
      stdout: (await import('../../views/agents.js')).formatAgentReports(reports),
      json: reports,
      exitCode: reports.some((entry) => !entry.ok) ? 2 : 0,
    };
  },
});
