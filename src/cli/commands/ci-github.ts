import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../../errors.js';
import { defineCommand } from '../define.js';

const DEFAULT_OUTPUT = '.github/workflows/swarm-conductor.yml';

export default defineCommand({
  name: 'github',
  describe: 'write a GitHub Actions workflow running each ready step of an execution as a matrix job',
  args: {
    id: {
      type: 'string',
      positional: true,
      describe: 'execution id, a unique prefix of it, or "latest" (default: the newest one not finished)',
    },
    agent: { type: 'string', describe: 'the agent CLI each job runs: claude, codex, copilot, gemini or opencode' },
    output: { type: 'string', describe: `where to write it, in the repository (default: ${DEFAULT_OUTPUT})` },
    force: { type: 'boolean', describe: 'replace the file if it exists' },
  },
  examples: [
    ['ci github latest --agent claude', `write ${DEFAULT_OUTPUT} for the newest execution`],
    ['ci github exec-… --agent codex --output .github/workflows/wave.yml', 'another agent CLI, another file'],
  ],
  async run(args, context) {
    const [
      { config, store },
      { ciTargets },
      { repositoryOf, gitSetup, isCommitted },
      { writeFileAtomic, resolveInside },
    ] = await Promise.all([
      context.project(),
      import('../../targets/index.js'),
      import('../../team/git.js'),
      import('../../util/fs.js'),
    ]);
    const targets = ciTargets();
    const name = args.agent ?? config.agentCommand;
    const agent = targets.find((target) => target.name === name);
    if (!agent?.ci) {
      const names = targets.map((target) => target.name).join(', ');
      throw new ConductorError(
        'USAGE',
        name === undefined
          ? 'ci github needs the agent CLI the jobs run'
          : `ci github runs an agent CLI it can install on a runner, and ${JSON.stringify(name)} is not one`,
        { hint: `name one of them: --agent ${names}` },
      );
    }
    const { latestUnfinished } = await import('../../state/store.js');
    const id = args.id === undefined ? latestUnfinished(store) : store.resolve(args.id);
    store.read(id);
    const top = repositoryOf(config.root, context.env);
    const file = resolveInside(top, context.cwd, args.output ?? path.join(top, DEFAULT_OUTPUT), 'the workflow file');
    const shown = path.relative(top, file).split(path.sep).join('/');
    if (existsSync(file) && !args.force) {
      throw new ConductorError('USAGE', `${shown} exists already; nothing was written`, {
        hint: `add --force to replace it, or --output <another file>`,
      });
    }
    const inRepo = (folder: string) => path.relative(top, folder).split(path.sep).join('/');
    const worktrees = inRepo(path.resolve(top, config.headless.worktreesDir));
    const { githubWorkflow } = await import('../../ci/github.js');
    const text = githubWorkflow({
      executionId: id,
      agent: { name: agent.name, label: agent.label, ci: agent.ci },
      projectDir: inRepo(config.root),
      proofDir: path.relative(config.root, config.proofDir).split(path.sep).join('/') || '.',
      ...(worktrees.startsWith('..') || path.isAbsolute(worktrees) ? {} : { worktreesDir: worktrees }),
    });
    const attributes = gitSetup({
      root: config.root,
      proofDir: config.proofDir,
      program: context.program,
      dryRun: true,
      env: context.env,
    }).attributes;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, text);
    const secrets = agent.ci.secrets;
    const notes = [
      ...(isCommitted(store.file(id), context.env)
        ? []
        : [`the execution's state is not committed as it is: commit ${inRepo(config.proofDir)}/ before the first run`]),
      ...(attributes.missing.length > 0
        ? [
            '.gitattributes does not name the merge driver yet, so the jobs would find the checkout changed: ' +
              `run ${context.command} git setup and commit .gitattributes`,
          ]
        : []),
      ...(secrets.length === 0
        ? [`${agent.label} reads the key of the provider its config names: add it to the step job's env`]
        : []),
    ];
    return {
      stdout: [
        `Wrote ${shown}: the ready steps of ${id}, each a job running ${agent.label} (run --headless --step N).`,
        ...(secrets.length > 0 ? [`Repository secrets it reads: ${secrets.join(', ')}.`] : []),
        `Next: commit and push it with the execution's state, then start it from the Actions tab ` +
          `(gh workflow run ${path.basename(file)}); each run is one wave.`,
      ].join('\n'),
      json: { file: shown, executionId: id, agent: agent.name, secrets },
      notes,
    };
  },
});
