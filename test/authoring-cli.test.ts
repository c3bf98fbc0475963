import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExecutionPlan } from '../src/types.js';
import {
  cleanup,
  cli,
  EXAMPLE_PLAN,
  makeProject,
  planOf,
  REAL_AGENTS,
  readJson,
  type Project,
  refused,
  pattern,
} from './helpers.js';

test.after.each(cleanup);

async function initialized(extra = {}): Promise<Project> {
  const project = makeProject(extra);
  assert.is((await cli(project.root, 'init')).code, 0);
  return project;
}

const plans = (project: Project) => readdirSync(project.path('proof/plans')).filter((name) => name.startsWith('plan-'));

test('plan "<goal>" writes plan-<ISO>-<slug>.json, and it executes', async () => {
  const project = await initialized();
  const result = await cli(project.root, 'plan', 'Build a REST API with a React frontend');
  assert.is(result.code, 0, result.stderr);
  const [file] = plans(project);
  assert.match(file!, /^plan-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-build-a-rest-api-with-a-react-frontend\.json$/);
  const plan = readJson<ExecutionPlan>(project.path('proof/plans', file!));
  // The package is not in this project's node_modules: no $schema (test/schemas.test.ts has the cases).
  assert.is(plan.$schema, undefined);
  assert.equal(
    plan.steps.map((step) => step.agentName),
    ['BackendMaster', 'FrontendExpert', 'IntegratorFinalizer'],
  );
  assert.match(result.stdout, /Order: 1 → 2 → 3\n/);
  assert.match(result.stdout, new RegExp(`Next: swarm-conductor execute proof/plans/${file!.replace(/\./g, '\\.')}`));
  assert.is((await cli(project.root, 'execute', `proof/plans/${file}`)).code, 0);
});

test('plan --explain says which words routed each part; the plan file keeps why for each step', async () => {
  const project = await initialized();
  const goal =
    'Dark mode: add a theme toggle to the settings page and persist the choice in the user profile API. ' +
    'Non-goals: a mobile app';
  const result = await cli(project.root, 'plan', '--explain', goal);
  assert.is(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    pattern(
      /How the goal was read:\n {2}"Dark mode" — title, context for what follows\n {2}"add a theme toggle to th/,
      /e settings page" → FrontendExpert\n {6}[^\n]*settings page \+[\d.]+ \([^)]*lexicon: frontend\)/,
    ),
  );
  assert.match(
    result.stdout,
    /"persist the choice in the user profile API" → BackendMaster\n {6}persist \+[\d.]+ \([^)]*main verb\)/,
  );
  assert.match(result.stdout, /"a mobile app" — not to be done/);
  const [file] = plans(project);
  const steps = readJson<ExecutionPlan>(project.path('proof/plans', file!)).steps;
  assert.match(steps[0]!.why!, /^"add a theme toggle to the settings page" ← /);
  assert.match(steps[2]!.why!, /closes the plan: IntegratorFinalizer is the pool's integrator/);
  assert.equal(JSON.parse((await cli(project.root, 'plan', '--json', goal)).stdout).routing.length, 5);
});

test('plan --agents restricts the pool; an unknown name is refused', async () => {
  const project = await initialized();
  const result = await cli(
    project.root,
    'plan',
    'Build a REST API with a React frontend',
    '--agents',
    'BackendMaster,IntegratorFinalizer',
    '--json',
  );
  const data = JSON.parse(result.stdout) as { plan: ExecutionPlan; warnings: string[] };
  assert.equal(
    data.plan.steps.map((step) => step.agentName),
    ['BackendMaster'],
  );
  await refused(project, ['plan', 'Build it', '--agents', 'Nobody'], /error: unknown agent "Nobody"/);
});

test('a goal no agent matches is planned for the integrator with a warning on stderr', async () => {
  const project = await initialized();
  const result = await cli(project.root, 'plan', 'Make the coffee');
  assert.is(result.code, 0);
  assert.match(result.stderr, /note: no agent's keywords match "Make the coffee"/);
});

test('plan --prompt prints a planning prompt listing the agents and the JSON shape, and saves it', async () => {
  const project = await initialized();
  const result = await cli(project.root, 'plan', '--prompt', 'Build a REST API');
  assert.is(result.code, 0);
  assert.match(
    result.stdout,
    /^<!-- swarm-conductor planning prompt -->\n# Plan this goal\n\nGoal: Build a REST API\n/,
  );
  for (const name of [
    'BackendMaster',
    'FrontendExpert',
    'DevOpsPro',
    'SecurityAuditor',
    'TesterElite',
    'IntegratorFinalizer',
  ])
    assert.match(result.stdout, new RegExp(`### ${name}\n`));
  assert.match(result.stdout, /"stepNumber": 1, "agentName": "<an agent name from the list>"/);
  const saved = readdirSync(project.path('proof/plans')).filter((name) => name.startsWith('planning-'));
  assert.is(saved.length, 1);
  assert.is(project.read(`proof/plans/${saved[0]}`), `${result.stdout}`);
});

test('plan --prompt describes a public agent by its cleaned role line, not its raw description', async () => {
  const project = makeProject({
    agents: {
      'backend-architect.md': readFileSync(
        `${REAL_AGENTS}/contains-studio__agents__engineering__backend-architect.md`,
        'utf8',
      ),
    },
  });
  const result = await cli(project.root, 'plan', '--prompt', 'Design the orders API');
  assert.is(result.code, 0, result.stderr);
  const section = result.stdout.split('### backend-architect\n')[1]!.split('\n## ')[0]!;
  assert.not.match(section, /<example>|\\n|Context:/);
  assert.match(section, /^Called in when designing APIs, [^\n]{10,280}\n$/);
});

test('the planning prompt is a template the user can override', async () => {
  const project = await initialized({
    templates: { 'planning.md.njk': 'PLAN {{ goal }} WITH {% for a in agents %}{{ a.name }} {% endfor %}' },
  });
  assert.match((await cli(project.root, 'plan', '--prompt', 'x')).stdout, /^PLAN x WITH BackendMaster DevOpsPro/);
});

test('plan import takes the fenced JSON plan out of a markdown answer and writes a valid plan', async () => {
  const project = await initialized();
  const answer = [
    'Here is the plan.',
    '',
    '```json',
    JSON.stringify(
      planOf('Ship auth', [
        ['BackendMaster', []],
        ['TesterElite', [1]],
      ]),
      null,
      2,
    ),
    '```',
    '',
    'Good luck!',
  ].join('\n');
  project.write('answer.md', answer);
  const result = await cli(project.root, 'plan', 'import', 'answer.md');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /Plan imported from answer\.md \(fenced block at line 4\)/);
  const [file] = plans(project);
  const plan = readJson<ExecutionPlan>(project.path('proof/plans', file!));
  assert.equal([plan.goal, plan.steps.length], ['Ship auth', 2]);
  assert.is((await cli(project.root, 'plan', 'validate', `proof/plans/${file}`)).code, 0);
});

test("plan import of a transcript skips the planning prompt's own example", async () => {
  const project = await initialized();
  const prompt = (await cli(project.root, 'plan', '--prompt', 'Ship auth')).stdout;
  project.write(
    'transcript.md',
    `${prompt}\n\nassistant: here you go\n` +
      '{"goal": "Ship auth", "steps": [{"stepNumber": 1, "agentName": "BackendMaster", "task": "Build it"}]}\n',
  );
  const result = await cli(project.root, 'plan', 'import', 'transcript.md');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /bare JSON/);
});

test('plan import of a broken or missing plan is a clear error and writes nothing', async () => {
  const project = await initialized();
  project.write('broken.md', 'Plan:\n```json\n{"goal": "x", "steps": [ {"stepNumber": 1 "agentName": "a"} ]}\n```\n');
  await refused(
    project,
    ['plan', 'import', 'broken.md'],
    pattern(
      /error: broken\.md:3: the JSON plan is not valid JSON: Expected ',' or '}' after property value[^\n]*\(Co/,
      /mmaExpected\)/,
    ),
  );
  project.write('empty.md', 'I could not make a plan.');
  await refused(project, ['plan', 'import', 'empty.md'], /error: empty\.md: no JSON plan found/);
  project.write(
    'ghost.md',
    '```json\n{"goal": "x", "steps": [{"stepNumber": 1, "agentName": "Ghost", "task": "t"}]}\n```',
  );
  await refused(
    project,
    ['plan', 'import', 'ghost.md'],
    /error: ghost\.md:2: steps\[0\] \(step 1\): unknown agent "Ghost"/,
  );
  project.write(
    'shape.md',
    '```json\n{"goal": "x", "steps": [{"stepNumber": "one", "agentName": "BackendMaster"}]}\n```',
  );
  await refused(
    project,
    ['plan', 'import', 'shape.md'],
    pattern(
      /error: shape\.md:2: 2 problems:\n {2}- steps\[0\]\.stepNumber: must be a whole number from 1\n {2}- step/,
      /s\[0\]\.task: is required/,
    ),
  );
  await refused(project, ['plan', 'import', 'nope.md'], /error: file not found: nope\.md/);
});

test('plan import reads JSON with comments and trailing commas, as models write it', async () => {
  const project = await initialized();
  const jsonc = [
    'Here is the plan:',
    '```jsonc',
    '{',
    '  // the whole goal',
    '  "goal": "Ship auth",',
    '  "steps": [',
    '    { "stepNumber": 1, "agentName": "BackendMaster", "task": "Build the API", }, /* first */',
    '    { "stepNumber": 2, "agentName": "TesterElite", "task": "Test it", "dependencies": [1,], },',
    '  ],',
    '}',
    '```',
  ].join('\n');
  project.write('answer.md', jsonc);
  const result = await cli(project.root, 'plan', 'import', 'answer.md');
  assert.is(result.code, 0, result.stderr);
  const [file] = plans(project);
  assert.equal(
    readJson<ExecutionPlan>(project.path('proof/plans', file!)).steps.map((step) => step.dependencies),
    [[], [1]],
  );
  project.write(
    'bad.md',
    '```json\n{\n  // fine\n  "goal": "x",\n  "steps": [ { "stepNumber": 1 "agentName": "a" } ]\n}\n```\n',
  );
  await refused(
    project,
    ['plan', 'import', 'bad.md'],
    /error: bad\.md:5: the JSON plan is not valid JSON: .*\(CommaExpected\)/,
  );
});

test('plan import says which key was meant when a model writes agent, step or dependsOn', async () => {
  const project = await initialized();
  project.write(
    'answer.md',
    '```json\n{"goal": "x", "steps": [{"step": 1, "agent": "BackendMaster", "task": "t", "dependsOn": []}]}\n```',
  );
  const before = project.snapshot();
  const result = await cli(project.root, 'plan', 'import', 'answer.md');
  assert.is(result.code, 2);
  assert.match(result.stderr, /steps\[0\]\.step: not a plan key — did you mean "stepNumber"\?/);
  assert.match(result.stderr, /steps\[0\]\.agent: not a plan key — did you mean "agentName"\?/);
  assert.match(result.stderr, /steps\[0\]\.dependsOn: not a plan key — did you mean "dependencies"\?/);
  assert.not.match(result.stderr, /is required/, 'the near miss replaces "is required"');
  assert.equal(project.snapshot(), before);
  project.write(
    'typo.json',
    JSON.stringify({
      goal: 'x',
      steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 't', expectedOutput: ['x'] }],
    }),
  );
  await refused(
    project,
    ['plan', 'validate', 'typo.json'],
    /steps\[0\]\.expectedOutput: not a plan key — did you mean "expectedOutputs"\?/,
  );
});

test('plan validate and plan show: order and waves, exit 2 with every problem', async () => {
  const project = await initialized({
    'good.json': readFileSync(EXAMPLE_PLAN, 'utf8'),
    'cycle.json': JSON.stringify(
      planOf('g', [
        ['BackendMaster', [2]],
        ['TesterElite', [1]],
      ]),
    ),
  });
  const ok = await cli(project.root, 'plan', 'validate', 'good.json');
  assert.equal([ok.code, ok.stdout.trim()], [0, '✓ good.json: 4 steps, order 1 → 2 → 3 → 4']);
  const show = await cli(project.root, 'plan', 'show', 'good.json');
  assert.match(
    show.stdout,
    /^Goal: Build a user authentication system\nSteps:\n {2}1 {2}BackendMaster {8}Implement the authentication API/,
  );
  assert.match(show.stdout, /Waves: \[1\] → \[2\] → \[3\] → \[4\]\n$/);
  const json = JSON.parse((await cli(project.root, 'plan', 'show', 'good.json', '--json')).stdout) as {
    waves: number[][];
  };
  assert.equal(json.waves, [[1], [2], [3], [4]]);
  await refused(
    project,
    ['plan', 'validate', 'cycle.json'],
    /error: cycle\.json: dependency cycle: step 1 → step 2 → step 1/,
  );
});

test('a goal that starts with a subcommand word is still a goal', async () => {
  const project = await initialized();
  const result = await cli(project.root, 'plan', 'show the order history page in the React app');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /FrontendExpert/);
});

test('agents list shows every profile; with a duplicate name it warns naming both files', async () => {
  const project = await initialized();
  project.write('agents/twin.md', '---\nname: backendmaster\ndescription: a twin\n---\n');
  const result = await cli(project.root, 'agents', 'list');
  assert.is(result.code, 0);
  assert.match(result.stdout, /• BackendMaster {8}agents\/backend-master\.md/);
  assert.match(result.stderr, /"BackendMaster" is defined by 2 files: agents\/backend-master\.md, agents\/twin\.md/);
  const json = JSON.parse((await cli(project.root, 'agents', 'list', '--json')).stdout) as { name: string }[];
  assert.is(json.length, 7);
});

test('agents show prints every field; an unknown name is exit 2 with the known names', async () => {
  const project = await initialized();
  const result = await cli(project.root, 'agents', 'show', 'devopspro');
  assert.match(result.stdout, /^DevOpsPro \(agents\/devops-pro\.md\)\nDescription: Build, CI\/CD/);
  assert.match(result.stdout, /Refusal rules:\n {2}- Stop and ask before any change that would touch production/);
  assert.match(result.stdout, /tools: \["read","edit","search","execute"\]/);
  await refused(project, ['agents', 'show', 'Nobody'], /error: unknown agent "Nobody" \(known: BackendMaster/);
});

test('agents validate gives file:line problems and CLI notes; --json one result per file; errors exit 2', async () => {
  const project = await initialized();
  project.write('bad/broken.md', '---\nname: x\nboundaries:\n  nested: map\n---\n');
  project.write('bad/colon.md', '---\nname: y\ndescription: Use when: things happen\n---\nbody\n');
  const result = await cli(project.root, 'agents', 'validate', 'bad', 'agents/backend-master.md', '--json');
  assert.is(result.code, 2);
  const reports = JSON.parse(result.stdout) as {
    file: string;
    ok: boolean;
    name: string;
    errors: string[];
    warnings: string[];
  }[];
  assert.equal(
    reports.map((report) => [report.file, report.ok]),
    [
      ['bad/broken.md', false],
      ['bad/colon.md', true],
      ['agents/backend-master.md', true],
    ],
  );
  assert.equal(reports[0]!.errors, ['bad/broken.md:3: boundaries: must be a list of text items']);
  assert.match(reports[1]!.warnings[0]!, /^bad\/colon\.md:3: description: unquoted value contains ": "/);
  const text = await cli(project.root, 'agents', 'validate', 'bad/colon.md');
  assert.equal([text.code, text.stdout.split('\n')[0]], [0, '⚠ bad/colon.md  y']);
  await refused(project, ['agents', 'validate', 'missing.md'], /error: no such file or folder: missing\.md/);
});

test('agents validate checks the real-world fixtures without errors', async () => {
  const project = await initialized();
  const result = await cli(project.root, 'agents', 'validate', REAL_AGENTS);
  assert.is(result.code, 0, result.stdout);
  assert.match(result.stdout, /17 files: \d+ ok, \d+ with warnings, 0 with errors/);
});

test('agents new scaffolds a profile that loads, and never overwrites without --force', async () => {
  const project = await initialized();
  const result = await cli(
    project.root,
    'agents',
    'new',
    'Payments Pro',
    '--description',
    'Stripe: billing and invoices',
  );
  assert.is(result.code, 0, result.stderr);
  assert.match(
    project.read('agents/payments-pro.md'),
    /^---\nname: "Payments Pro"\ndescription: "Stripe: billing and invoices"\n/,
  );
  assert.match(
    (await cli(project.root, 'agents', 'show', 'payments pro')).stdout,
    /^Payments Pro \(agents\/payments-pro\.md\)/,
  );
  await refused(project, ['agents', 'new', 'Payments Pro'], /error: agents\/payments-pro\.md already exists/);
  await refused(
    project,
    ['agents', 'new', 'backendmaster'],
    /error: an agent named "BackendMaster" already exists in agents\/backend-master\.md/,
  );
  assert.is((await cli(project.root, 'agents', 'new', 'Payments Pro', '--force')).code, 0);
});

test('agents export writes each format; replaces differing files only with --force; --out stays inside', async () => {
  const project = await initialized();
  const claude = await cli(project.root, 'agents', 'export', '--target', 'claude');
  assert.is(claude.code, 0, claude.stderr);
  assert.match(claude.stdout, /created {4}\.claude\/agents\/backendmaster\.md/);
  assert.match(project.read('.claude/agents/testerelite.md'), /^---\nname: testerelite\ndescription: Test engineer/);
  assert.match(
    (await cli(project.root, 'agents', 'export', '--target', 'copilot', '--out', 'out')).stdout,
    /created {4}out\/\.github\/agents\/devopspro\.agent\.md/,
  );
  assert.match((await cli(project.root, 'agents', 'export', '--target', 'agents-md')).stdout, /created {4}AGENTS\.md/);
  assert.match(
    (await cli(project.root, 'agents', 'export', '--target', 'claude')).stdout,
    /unchanged {2}\.claude\/agents\/backendmaster\.md/,
  );
  project.write('.claude/agents/backendmaster.md', 'hand edited');
  await refused(
    project,
    ['agents', 'export', '--target', 'claude'],
    /error: a file would be replaced: \.claude\/agents\/backendmaster\.md\n {2}hint: pass --force/,
  );
  await refused(
    project,
    ['agents', 'export', '--target', 'claude', '--out', '../elsewhere'],
    /error: export folder \.\.\/elsewhere is outside the project/,
  );
  await refused(
    project,
    ['agents', 'export', '--target', 'vim'],
    /error: --target must be one of claude, copilot, gemini, opencode, codex, agents-md, skills, not "vim"/,
  );
  assert.match(
    (await cli(project.root, 'agents', 'export', '--target', 'claude', '--force')).stdout,
    /replaced {3}\.claude\/agents\/backendmaster\.md/,
  );
});

test('agents import turns Claude Code and Copilot files into profiles, refusing clashes', async () => {
  const project = await initialized();
  project.write(
    '.claude/agents/studio-coach.md',
    readFileSync(`${REAL_AGENTS}/contains-studio__agents__bonus__studio-coach.md`, 'utf8'),
  );
  project.write(
    '.github/agents/csharp.agent.md',
    readFileSync(`${REAL_AGENTS}/github__awesome-copilot__agents__CSharpExpert.agent.md`, 'utf8'),
  );
  const result = await cli(
    project.root,
    'agents',
    'import',
    '.claude/agents/studio-coach.md',
    '.github/agents/csharp.agent.md',
  );
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /imported {2}\.github\/agents\/csharp\.agent\.md → agents\/c-expert\.md/);
  assert.match(
    project.read('agents/studio-coach.md'),
    /^---\nname: studio-coach\ndescription: "PROACTIVELY use this agent/,
  );
  assert.match(project.read('agents/studio-coach.md'), /\ncolor: gold\ntools: Task, Write, Read\n---\n/);
  assert.match((await cli(project.root, 'agents', 'show', 'C# Expert')).stdout, /^C# Expert \(agents\/c-expert\.md\)/);
  await refused(
    project,
    ['agents', 'import', '.claude/agents/studio-coach.md'],
    /error: agents\/studio-coach\.md already exists/,
  );
  assert.is((await cli(project.root, 'agents', 'export', '--target', 'claude', '--force')).code, 0);
  await refused(
    project,
    ['agents', 'import', '.claude/agents/backendmaster.md', '--out', 'agents'],
    /error: an agent named "BackendMaster" already exists in agents\/backend-master\.md/,
  );
  assert.is(
    (await cli(project.root, 'agents', 'import', '.claude/agents/backendmaster.md', '--out', 'elsewhere')).code,
    0,
  );
});

test('templates list shows built-ins and overrides; eject copies one out, never over one without --force', async () => {
  const project = await initialized();
  assert.match(
    (await cli(project.root, 'templates', 'list')).stdout,
    pattern(
      /^agent\.md\.njk {5}built-in\nplanning\.md\.njk {2}built-in\nreport\.html\.njk {2}built-in\nsession\.md\./,
      /njk {3}built-in\n/,
    ),
  );
  const eject = await cli(project.root, 'templates', 'eject', 'session.md.njk');
  assert.is(eject.code, 0);
  assert.is(
    project.read('templates/session.md.njk'),
    readFileSync(`${process.cwd()}/templates/session.md.njk`, 'utf8'),
  );
  assert.match(
    (await cli(project.root, 'templates', 'list')).stdout,
    /session\.md\.njk {3}built-in, overridden by templates\/session\.md\.njk/,
  );
  await refused(project, ['templates', 'eject', 'session.md.njk'], /error: templates\/session\.md\.njk already exists/);
  await refused(
    project,
    ['templates', 'eject', 'nope.njk'],
    pattern(
      /error: no built-in template "nope\.njk" \(built-ins: agent\.md\.njk, planning\.md\.njk, report\.html\.nj/,
      /k, session\.md\.njk\)/,
    ),
  );
  assert.is((await cli(project.root, 'templates', 'eject', 'builtin/session.md.njk', '--force')).code, 0);
});

test('templates check compiles every template and finds undefined variables with file and line', async () => {
  const project = await initialized();
  assert.match((await cli(project.root, 'templates', 'check')).stdout, /4 templates: 4 ok, 0 with errors/);
  project.write(
    'templates/session.md.njk',
    '{% extends "builtin/session.md.njk" %}\n{% block task %}\n{{ step.tsk }}\n{% endblock %}',
  );
  project.write('templates/partial.njk', '{% if %}');
  const result = await cli(project.root, 'templates', 'check');
  assert.is(result.code, 2);
  assert.match(
    result.stdout,
    pattern(
      /✗ session\.md\.njk {2}templates\/session\.md\.njk:3: "step\.tsk" is not a template variable — did you me/,
      /an "step\.task"\?/,
    ),
  );
  assert.match(result.stdout, /✗ partial\.njk {2}templates\/partial\.njk:1: /);
});

test('templates check names undefined variables outside output too, and blocks the parent does not have', async () => {
  const project = await initialized();
  project.write(
    'templates/session.md.njk',
    [
      '{% extends "builtin/session.md.njk" %}',
      '{% block boundary %}',
      '## Boundaries',
      '{% for dep in dependencies %}{% if dep.outputz %}x{% endif %}{% endfor %}',
      '{% endblock %}',
      '{% block task %}{% if agent.nmae %}{{ agent.name }}{% endif %}{{ step.task | upper }}' +
        '{% for d in step.dependencies %}{{ d }}{% endfor %}',
      '{% endblock %}',
    ].join('\n'),
  );
  const result = await cli(project.root, 'templates', 'check');
  assert.is(result.code, 2);
  assert.match(
    result.stdout,
    pattern(
      /templates\/session\.md\.njk:2: block "boundary" is not a block of builtin\/session\.md\.njk, so nunjucks/,
      / never shows it — did you mean "boundaries"\?/,
    ),
  );
  assert.match(
    result.stdout,
    /templates\/session\.md\.njk:4: "dep\.outputz" is not a template variable — did you mean "dep\.outputs"\?/,
  );
  assert.match(
    result.stdout,
    /templates\/session\.md\.njk:6: "agent\.nmae" is not a template variable — did you mean "agent\.name"\?/,
  );
  assert.not.match(
    result.stdout,
    /"(step\.task|d|agent\.name|upper)" is not a template variable/,
    'real variables, loop variables and filters pass',
  );
});

test('a render names the undefined variable with the closest real one', async () => {
  const project = await initialized({ 'plan.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  project.write('templates/session.md.njk', 'x\n{{ agent.nmae }}\n');
  await refused(
    project,
    ['execute', 'plan.json'],
    /error: templates\/session\.md\.njk:2: "agent\.nmae" is undefined — did you mean "agent\.name"\?/,
  );
});

test('agents validate flags the placeholders agents new wrote until they are replaced', async () => {
  const project = await initialized();
  await cli(project.root, 'agents', 'new', 'PaymentsPro');
  const fresh = await cli(project.root, 'agents', 'validate', 'agents/payments-pro.md');
  assert.is(fresh.code, 0);
  for (const field of ['description', 'scope', 'boundaries', 'doneDefinition', 'outputs', 'refusalRules']) {
    assert.match(
      fresh.stdout,
      new RegExp(`warning: agents/payments-pro\\.md:\\d+: ${field}: still the placeholder that agents new wrote`),
      field,
    );
  }
  assert.match(fresh.stdout, /body: still the text that agents new wrote/);
  project.write(
    'agents/payments-pro.md',
    project
      .read('agents/payments-pro.md')
      .replace('What this agent is responsible for (one area per line)', 'Stripe checkout')
      .replace('One line: the domain this agent works in.', 'Billing.'),
  );
  const edited = (await cli(project.root, 'agents', 'validate', 'agents/payments-pro.md')).stdout;
  assert.not.match(edited, /scope: still the placeholder|description: still the placeholder/);
  assert.match(edited, /boundaries: still the placeholder/);
  assert.not.match((await cli(project.root, 'agents', 'validate', 'agents/backend-master.md')).stdout, /placeholder/);
});

test('AGENTS.md over 32 KiB gets a warning with what to do; --only and --compact make it smaller', async () => {
  const project = await initialized();
  for (const file of readdirSync(REAL_AGENTS).filter((name) => name.endsWith('.md')))
    project.write(`agents/${file}`, readFileSync(`${REAL_AGENTS}/${file}`, 'utf8'));
  const big = await cli(project.root, 'agents', 'export', '--target', 'agents-md');
  assert.is(big.code, 0, big.stderr);
  assert.match(
    big.stderr,
    pattern(
      /note: AGENTS\.md is \d+\.\d KiB; Codex reads only the first 32 KiB \(project_doc_max_bytes\) and ignores/,
      / the rest — export fewer agents with --only <names>, or their fields without the bodies with --compact/,
    ),
  );
  const only = await cli(
    project.root,
    'agents',
    'export',
    '--target',
    'agents-md',
    '--only',
    'BackendMaster,TesterElite',
    '--force',
  );
  assert.not.match(only.stderr, /32 KiB/);
  const written = project.read('AGENTS.md');
  assert.match(written, /\n## BackendMaster\n/);
  assert.not.match(written, /\n## FrontendExpert\n/);
  const compact = await cli(project.root, 'agents', 'export', '--target', 'agents-md', '--compact', '--force');
  assert.not.match(compact.stderr, /32 KiB/);
  assert.not.match(project.read('AGENTS.md'), /You are BackendMaster/);
  await refused(project, ['agents', 'export', '--target', 'claude', '--only', 'Nobody'], /unknown agent "Nobody"/);
});

test('validate with warnings and no errors ends by counting them, exit 0; with errors it counts both', async () => {
  const project = await initialized();
  const colon = (name: string) => `---\nname: ${name}\ndescription: Use when: things happen\n---\nbody\n`;
  project.write('agents/colon.md', colon('Colon'));
  const one = await cli(project.root, 'validate');
  assert.is(one.code, 0, one.stdout);
  assert.match(one.stdout, /\n\nNo errors; 1 warning\.\n$/);
  assert.not.match(one.stdout, /Everything checks out/);
  project.write('agents/colon-2.md', colon('ColonTwo'));
  const two = await cli(project.root, 'validate');
  assert.is(two.code, 0, two.stdout);
  assert.match(two.stdout, /\n\nNo errors; 2 warnings\.\n$/);
  project.write('agents/broken.md', '---\nname: [x\n---\n');
  const bad = await cli(project.root, 'validate');
  assert.is(bad.code, 2);
  assert.match(bad.stdout, /\n\n1 error, 2 warnings: see ✗ above\.\n$/);
});

test('validate checks config, agents, templates and plans in one pass', async () => {
  const project = await initialized();
  await cli(project.root, 'plan', 'Build a REST API');
  const ok = await cli(project.root, 'validate');
  assert.is(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /^Config: conductor\.config\.ts\n/);
  assert.match(ok.stdout, /Everything checks out\.\n$/);
  project.write(
    'proof/plans/bad.json',
    '{"goal": "x", "steps": [{"stepNumber": 1, "agentName": "Ghost", "task": "t"}]}',
  );
  project.write('agents/broken.md', '---\nname: [x\n---\n');
  const bad = await cli(project.root, 'validate', '--json');
  assert.is(bad.code, 2);
  const report = JSON.parse(bad.stdout) as {
    ok: boolean;
    plans: { file: string; ok: boolean }[];
    agents: { file: string; ok: boolean }[];
  };
  assert.is(report.ok, false);
  assert.equal(report.plans.find((plan) => plan.file === 'proof/plans/bad.json')!.ok, false);
  assert.equal(report.agents.find((agent) => agent.file === 'agents/broken.md')!.ok, false);
});

test.run();
