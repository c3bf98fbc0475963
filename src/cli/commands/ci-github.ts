import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
    output: {
      type: 'string',
      describe: `where to write it, a .yml file in .github/workflows/ (default: ${DEFAULT_OUTPUT})`,
    },
    'agent-version': {
      type: 'string',
      describe: 'the version of the agent CLI the jobs install (default: latest, whatever is newest on each run)',
    },
    force: { type: 'boolean', describe: 'replace the file if it exists' },
  },
  examples: [
    ['ci github latest --agent claude', `write ${DEFAULT_OUTPUT} for the newest execution`],
    ['ci github exec-… --agent codex --output .github/workflows/wave.yml', 'another agent CLI, another file'],
  ],
  async run(args, context) {
    const [{ config, store }, { ciTargets }, { repositoryOf, gitSetup, isCommitted }, { writeFileAtomic, isInside }] =
      await Promise.all([
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
    const { executionStatus } = await import('../../state/transitions.js');
    if (executionStatus(store.read(id)) === 'done') {
      throw new ConductorError('NOT_FOUND', `every step of ${id} is done: nothing for a workflow to run`, {
        remedies: [{ run: 'execute <planfile>', why: 'starts another execution' }],
      });
    }
    checkInstallable(config.root);
    const top = repositoryOf(config.root, context.env);
    const file = path.resolve(context.cwd, args.output ?? path.join(top, DEFAULT_OUTPUT));
    const shown = path.relative(top, file).split(path.sep).join('/');
    // GitHub reads .github/workflows/*.yml|yaml at the repository's top, no subfolder, nothing else.
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(shown) || !isInside(top, file)) {
      const folder = path.relative(context.cwd, path.join(top, '.github/workflows')).split(path.sep).join('/');
      throw new ConductorError(
        'USAGE',
        `GitHub runs workflows only from .github/workflows/ at the top of the repository, and ${args.output} is not ` +
          'there; nothing was written',
        { hint: `use --output ${folder}/<name>.yml` },
      );
    }
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
      agentVersion: args['agent-version'] ?? 'latest',
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

/**
 * The jobs run `npm ci` and the project's own copy of swarm-conductor (`npx --no-install`): refused
 * unless package.json lists it and an npm lockfile pins it. pnpm and yarn projects are refused: the
 * workflow installs with npm only.
 */
function checkInstallable(root: string): void {
  const has = (file: string) => existsSync(path.join(root, file));
  let manifest: { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> } | undefined;
  try {
    manifest = has('package.json') ? JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) : undefined;
  } catch {
    throw new ConductorError('USAGE', `package.json of this project is not JSON (${root}); nothing was written`, {
      hint: 'fix it, then run this again',
    });
  }
  const listed = (deps: unknown) => typeof deps === 'object' && deps !== null && 'swarm-conductor' in deps;
  if (!manifest || !(listed(manifest.dependencies) || listed(manifest.devDependencies))) {
    throw new ConductorError(
      'USAGE',
      `swarm-conductor is not a dependency of this project (${manifest ? '' : 'it has no '}package.json): ` +
        "the workflow's jobs run the project's own copy",
      { hint: 'npm install -D swarm-conductor, commit package.json and the lockfile, then run this again' },
    );
  }
  if (has('package-lock.json') || has('npm-shrinkwrap.json')) return;
  const other = ['pnpm-lock.yaml', 'yarn.lock'].find(has);
  throw new ConductorError(
    'USAGE',
    other
      ? `this project installs with ${other === 'yarn.lock' ? 'yarn' : 'pnpm'} (${other}), and the workflow's jobs ` +
          'install with npm ci, which reads package-lock.json'
      : "the workflow's jobs install the project with npm ci, which needs a lockfile, and this project has none " +
          '(package-lock.json)',
    {
      hint: other
        ? 'ci github writes workflows for npm projects only: npm install writes package-lock.json to commit'
        : 'npm install writes package-lock.json: commit it, then run this again',
    },
  );
}
