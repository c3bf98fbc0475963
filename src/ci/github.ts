/**
 * `ci github`: a GitHub Actions workflow that runs one wave of an execution, each ready step a
 * matrix job on a runner of its own. Job `ready` asks `next --json` for the ready steps; job
 * `step` runs one of them with `run --headless --step N` (which merges the verified work into the
 * checked-out branch), commits the state and pushes the result as the step's branch; job `join`
 * merges the pushed step branches into the execution's branch, the state files joined by the
 * merge driver (`git setup`). Actions is the engine: nothing of ours runs between the jobs.
 *
 * Every value written into a shell line is checked here first, and quoted; what comes from an
 * expression (`${{ … }}`) reaches a script only through `env:`, never spliced into its text.
 */
import { dump } from 'js-yaml';
import { ConductorError } from '../errors.js';
import { isExecutionId } from '../state/schema.js';
import type { CiSetup } from '../targets/target.js';

export interface GithubWorkflowInput {
  executionId: string;
  /** The agent CLI: its registry name (`claude`), its label, how a runner installs it. */
  agent: { name: string; label: string; ci: CiSetup };
  /** The agent CLI's version (or dist-tag) the step job installs: `latest` unless pinned. */
  agentVersion?: string;
  /** The project's folder, relative to the repository's top, forward slashes ('' at the top). */
  projectDir: string;
  /** The proof folder (state, transcripts), relative to the project. */
  proofDir: string;
  /** The step worktrees' folder (`headless.worktreesDir`), relative to the repository's top; none when outside it. */
  worktreesDir?: string;
}

const AGENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const NPM_PACKAGE = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
/** A version or a dist-tag (`1.2.3`, `latest`, `2.0.0-beta.1`): no range, nothing a shell reads as more. */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
const SECRET_NAME = /^[A-Z_][A-Z0-9_]{0,99}$/;
/** A relative folder of plain names (no `.` or `..` among them): nothing a shell or YAML reads as more. */
const FOLDER = /^[\w@+.-]+(?:\/[\w@+.-]+)*$/;

/** The bot GitHub documents for commits made with the workflow's token. */
const BOT = ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'] as const;

type Step = Record<string, unknown>;

/** The workflow file's text. */
export function githubWorkflow(input: GithubWorkflowInput): string {
  const { executionId: id, agent, agentVersion: version = 'latest' } = checked(input);
  // The project's own copy, never one npx would fetch from the registry.
  const sc = 'npx --no-install swarm-conductor';
  const proof = input.proofDir;
  const inRepo = (folder: string) =>
    input.projectDir ? (folder === '.' ? input.projectDir : `${input.projectDir}/${folder}`) : folder;
  const setup: Step[] = [
    { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } },
    { name: 'Install the project', run: 'npm ci' },
  ];
  const checkout = (more: Step = {}): Step => ({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0, ...more } });
  // The token GitHub gives the workflow: read-only for the whole of it, and write access only in the
  // jobs that push. The step job keeps it out of .git/config while the agent runs (persist-credentials
  // false) and hands it to its push step alone, in that step's env.
  const push = (branch: string, force: boolean) =>
    `git push${force ? ' --force' : ''} "https://x-access-token:\${GITHUB_TOKEN}@\${GITHUB_SERVER_URL#https://}/` +
    `\${GITHUB_REPOSITORY}.git" ${branch}`;
  const gitReady: Step = {
    name: 'Commit as github-actions and register the merge driver for state files',
    run: lines(`git config user.name ${quoted(BOT[0])}`, `git config user.email ${quoted(BOT[1])}`, `${sc} git setup`),
  };
  const secrets = Object.fromEntries(agent.ci.secrets.map((name) => [name, expr(`secrets.${name}`)]));
  const workflow = {
    name: `swarm-conductor ${id}`,
    on: { workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: `swarm-conductor-${id}`, 'cancel-in-progress': false },
    defaults: { run: { shell: 'bash', ...(input.projectDir ? { 'working-directory': input.projectDir } : {}) } },
    jobs: {
      ready: {
        name: 'Ready steps',
        'runs-on': 'ubuntu-latest',
        outputs: { steps: expr('steps.ready.outputs.steps') },
        steps: [
          checkout(),
          ...setup,
          {
            id: 'ready',
            name: 'List the ready steps',
            run: lines(
              `steps=$(${sc} next ${quoted(id)} --json | jq -c '[.ready[].stepNumber]')`,
              'echo "ready: $steps"',
              'echo "steps=$steps" >> "$GITHUB_OUTPUT"',
            ),
          },
        ],
      },
      step: {
        name: `Step ${expr('matrix.step')}`,
        needs: 'ready',
        if: "needs.ready.outputs.steps != '[]'",
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'write' },
        strategy: { 'fail-fast': false, matrix: { step: expr('fromJSON(needs.ready.outputs.steps)') } },
        steps: [
          checkout({ 'persist-credentials': false }),
          ...setup,
          { name: `Install ${agent.label}`, run: `npm install --global ${quoted(`${agent.ci.package}@${version}`)}` },
          gitReady,
          {
            name: `Run the step with ${agent.label}`,
            env: { STEP: expr('matrix.step'), ...secrets },
            run: `${sc} run ${quoted(id)} --headless --agent ${quoted(agent.name)} --step "$STEP"`,
          },
          {
            name: "Commit the state and push the step's branch",
            env: {
              STEP: expr('matrix.step'),
              BRANCH: `conductor/${id}/step-${expr('matrix.step')}`,
              GITHUB_TOKEN: expr('secrets.GITHUB_TOKEN'),
            },
            run: lines(
              `git add -A -- ${quoted(proof)}`,
              'git commit --quiet -m "swarm-conductor: the state after step $STEP"',
              push('"HEAD:refs/heads/$BRANCH"', true),
            ),
          },
          {
            name: "Keep a failed step's transcript, state and worktree",
            if: 'failure()',
            uses: 'actions/upload-artifact@v4',
            with: {
              name: `swarm-conductor-step-${expr('matrix.step')}`,
              path: lines(
                inRepo(proof),
                ...(input.worktreesDir ? [`${input.worktreesDir}/${id}/step-${expr('matrix.step')}`] : []),
              ),
              'include-hidden-files': true,
              'if-no-files-found': 'ignore',
            },
          },
        ],
      },
      join: {
        name: "Join the steps' branches",
        needs: ['ready', 'step'],
        if: "always() && needs.ready.result == 'success' && needs.ready.outputs.steps != '[]'",
        'runs-on': 'ubuntu-latest',
        // It runs no agent: its checkout keeps the token, to fetch the step branches and push.
        permissions: { contents: 'write' },
        steps: [
          // The branch as it is now, not as it was when the wave started: the steps join what came since.
          checkout({ ref: expr('github.ref') }),
          ...setup,
          gitReady,
          {
            name: 'Merge each pushed step branch (a failed step pushed none)',
            env: { STEPS: expr('needs.ready.outputs.steps'), PREFIX: `conductor/${id}/step-` },
            run: lines(
              `for step in $(jq -r '.[]' <<< "$STEPS"); do`,
              '  branch="$PREFIX$step"',
              '  if git fetch --quiet origin "refs/heads/$branch"; then',
              '    git merge --no-ff --no-edit -m "swarm-conductor: join $branch" FETCH_HEAD',
              '  else',
              '    echo "step $step: no branch $branch (the step failed): not joined"',
              '  fi',
              'done',
              'git push origin HEAD',
            ),
          },
        ],
      },
    },
  };
  const header = [
    `# Written by swarm-conductor ci github: one wave of ${id}, each ready step a job running ${agent.label}.`,
    '# Start it from the Actions tab (or gh workflow run); run it again for the next wave.',
    ...(agent.ci.secrets.length > 0 ? [`# Repository secrets it reads: ${agent.ci.secrets.join(', ')}.`] : []),
    ...(version === 'latest'
      ? [
          `# ${agent.ci.package}@latest installs whatever version is newest on each run: pin the one you checked ` +
            '(ci github --agent-version <version>).',
        ]
      : []),
  ];
  return `${header.join('\n')}\n${dump(workflow, { lineWidth: -1, noRefs: true })}`;
}

/** The input, refused where a value could be read as more than itself in YAML or a shell line. */
function checked(input: GithubWorkflowInput): GithubWorkflowInput {
  const bad = (what: string, value: string) =>
    new ConductorError('USAGE', `ci github cannot write ${what} ${JSON.stringify(value)} into a workflow`);
  if (!isExecutionId(input.executionId)) throw bad('the execution id', input.executionId);
  if (!AGENT_NAME.test(input.agent.name)) throw bad('the agent name', input.agent.name);
  if (!NPM_PACKAGE.test(input.agent.ci.package)) throw bad('the npm package', input.agent.ci.package);
  if (input.agentVersion !== undefined && !VERSION.test(input.agentVersion)) {
    throw new ConductorError(
      'USAGE',
      `ci github cannot install the agent version ${JSON.stringify(input.agentVersion)}`,
      {
        hint: 'give --agent-version a version (1.2.3) or a dist-tag (latest)',
      },
    );
  }
  for (const name of input.agent.ci.secrets) if (!SECRET_NAME.test(name)) throw bad('the secret name', name);
  for (const [what, folder] of [
    ['the project folder', input.projectDir],
    ['the proof folder', input.proofDir],
    ['the worktrees folder', input.worktreesDir ?? '.'],
  ] as const) {
    if ((folder === '' && what === 'the project folder') || (folder === '.' && what !== 'the project folder')) continue;
    if (!FOLDER.test(folder) || folder.split('/').some((name) => name === '.' || name === '..'))
      throw bad(what, folder);
  }
  return input;
}

/** A GitHub Actions expression, `${{ … }}`: in `env:`, `if:`, names and inputs only, never in a script. */
function expr(text: string): string {
  return `\${{ ${text} }}`;
}

/** A word for bash, in single quotes whatever it holds. */
function quoted(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

function lines(...text: string[]): string {
  return text.join('\n');
}
