import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateSchemas } from '../scripts/schemas.js';
import { schemaReference } from '../src/util/package.js';
import { cleanup, cli, makeProject, type Project, REPO, refused } from './helpers.js';

test.after.each(cleanup);

// The committed schemas, compiled by a real JSON Schema validator (strict: a keyword it does not
// know is an error), to check that they accept what the CLI accepts and refuse what it refuses.
const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const file of readdirSync(path.join(REPO, 'schemas'))) {
  ajv.addSchema(JSON.parse(readFileSync(path.join(REPO, 'schemas', file), 'utf8')) as object, file);
}

/** The validator's errors for a value against schemas/<name>.schema.json; [] when it fits. */
function schemaErrors(name: string, value: unknown): ErrorObject[] {
  const validate = ajv.getSchema(`${name}.schema.json`)!;
  return validate(value) ? [] : (validate.errors ?? []);
}

/** `/steps/0: must NOT have additional properties (dependsOn)` for each error. */
const described = (errors: ErrorObject[]) =>
  errors.map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${error.instancePath || '/'}: ${error.message}${extra ? ` (${extra})` : ''}`;
  });

/** The package's schemas where npm installs it under `dir` (the files an editor opens). */
function installSchemas(dir: string): void {
  cpSync(path.join(REPO, 'schemas'), path.join(dir, 'node_modules/swarm-conductor/schemas'), { recursive: true });
}

/** The newest plan `plan` wrote in `project` (under `plansDir`), as text and as JSON. */
function writtenPlan(project: Project, plansDir = 'proof/plans'): { text: string; $schema?: string } {
  const file = readdirSync(project.path(plansDir)).sort().at(-1)!;
  const text = project.read(`${plansDir}/${file}`);
  return { text, ...(JSON.parse(text) as { $schema?: string }) };
}

async function initialized(): Promise<Project> {
  const project = makeProject();
  assert.is((await cli(project.root, 'init')).code, 0);
  return project;
}

test('the committed JSON Schemas are the ones the validation schemas make (npm run schemas rewrites them)', () => {
  const generated = generateSchemas();
  assert.equal(Object.keys(generated).sort(), [
    'agent.schema.json',
    'config.schema.json',
    'plan.schema.json',
    'state.schema.json',
    'verify.schema.json',
  ]);
  for (const [file, text] of Object.entries(generated)) {
    assert.fixture(readFileSync(path.join(REPO, 'schemas', file), 'utf8'), text, file);
  }
});

test('the plan schema keeps what editors need: required keys, the step definition, descriptions', () => {
  const plan = JSON.parse(generateSchemas()['plan.schema.json']!) as {
    $id: string;
    required: string[];
    properties: { steps: { items: { $ref: string } } };
    $defs: { step: { required: string[]; properties: Record<string, { description?: string }> } };
  };
  assert.is(plan.$id, 'urn:swarm-conductor:schemas:plan');
  assert.equal(plan.required, ['goal', 'steps']);
  assert.is(plan.properties.steps.items.$ref, '#/$defs/step');
  assert.equal(plan.$defs.step.required, ['stepNumber', 'agentName', 'task']);
  assert.match(plan.$defs.step.properties.dependencies!.description!, /completed/);
});

test('the config schema lists every setting with its allowed values', () => {
  const config = JSON.parse(generateSchemas()['config.schema.json']!) as {
    properties: Record<string, { enum?: string[] }>;
  };
  assert.ok(config.properties.contextBudget);
  assert.equal(config.properties.target!.enum, [
    'copilot',
    'claude',
    'codex',
    'copilot-delegate',
    'gemini',
    'opencode',
    'generic',
  ]);
});

test('the example plans fit the plan schema', () => {
  const examples = readdirSync(path.join(REPO, 'examples')).filter((file) => file.endsWith('.json'));
  assert.ok(examples.length > 0);
  for (const file of examples) {
    const plan = JSON.parse(readFileSync(path.join(REPO, 'examples', file), 'utf8')) as unknown;
    assert.equal(described(schemaErrors('plan', plan)), [], file);
  }
});

test('a step with dependsOn is flagged by the plan schema, as the CLI refuses it', async () => {
  const project = await initialized();
  const plan = {
    goal: 'Add a health endpoint',
    steps: [{ stepNumber: 1, agentName: 'BackendMaster', task: 'Add GET /health', dependsOn: [] }],
  };
  assert.equal(described(schemaErrors('plan', plan)), ['/steps/0: must NOT have additional properties (dependsOn)']);
  project.write('plan.json', JSON.stringify(plan));
  await refused(project, ['plan', 'validate', 'plan.json'], /steps\[0\]\.dependsOn: not a plan key — did you mean/);
  const { dependsOn: _dropped, ...step } = plan.steps[0]!;
  assert.equal(described(schemaErrors('plan', { ...plan, steps: [step] })), [], 'without it the plan fits');
  // An unknown key at the top of the plan is flagged there too.
  assert.equal(described(schemaErrors('plan', { objective: 'x', ...plan, steps: [] })), [
    '/: must NOT have additional properties (objective)',
    '/steps: must NOT have fewer than 1 items',
  ]);
});

test('the plan plan writes and the state execute writes fit their schemas', async () => {
  const project = await initialized();
  installSchemas(project.root);
  const planned = await cli(project.root, 'plan', 'Build a REST API with tests');
  assert.is(planned.code, 0, planned.stderr);
  const [planFile] = readdirSync(project.path('proof/plans'));
  const plan = JSON.parse(project.read(`proof/plans/${planFile}`)) as { $schema?: string };
  assert.is(plan.$schema, '../../node_modules/swarm-conductor/schemas/plan.schema.json');
  assert.equal(described(schemaErrors('plan', plan)), []);
  assert.is((await cli(project.root, 'execute', 'latest')).code, 0);
  const [stateFile] = readdirSync(project.path('proof')).filter((file) => /^execution-.*\.json$/.test(file));
  assert.equal(described(schemaErrors('state', JSON.parse(project.read(`proof/${stateFile}`)))), []);
});

test('the config schema flags an unknown key, which the CLI warns about and ignores', async () => {
  const project = await initialized();
  const good = { target: 'claude', contextBudget: 6000, sessionFolders: { claude: '~/.claude/projects' } };
  assert.equal(described(schemaErrors('config', { $schema: './config.schema.json', ...good })), []);
  assert.equal(described(schemaErrors('config', { ...good, agentDir: 'agents' })), [
    '/: must NOT have additional properties (agentDir)',
  ]);
  assert.equal(described(schemaErrors('config', { sessionFolders: { claud: 'x' } })), [
    '/sessionFolders: must NOT have additional properties (claud)',
  ]);
  rmSync(project.path('conductor.config.ts'));
  project.write('.conductorrc.json', JSON.stringify({ ...good, agentDir: 'agents' }));
  const result = await cli(project.root, 'validate');
  assert.is(result.code, 0, 'a warning, not an error');
  assert.match(
    result.stdout,
    /warning: \.conductorrc\.json: agentDir: unknown key, ignored — did you mean "agentsDir"\?/,
  );
});

test('the agent schema keeps other front matter keys open (they are the meta) and checks the known ones', () => {
  const builtins = readdirSync(path.join(REPO, 'agents')).filter((file) => file.endsWith('.md'));
  for (const file of builtins) {
    const text = readFileSync(path.join(REPO, 'agents', file), 'utf8');
    const frontMatter = yaml.load(/^---\n([\s\S]*?)\n---/.exec(text)![1]!);
    assert.equal(described(schemaErrors('agent', frontMatter)), [], file);
  }
  const claude = { name: 'reviewer', description: 'Reviews', tools: 'Read, Grep', model: 'sonnet', color: 'red' };
  assert.equal(described(schemaErrors('agent', claude)), []);
  assert.equal(described(schemaErrors('agent', { name: 'x', scope: { a: { b: 1 } } })).length > 0, true);
});

test("plan names the schema in the project's node_modules, relative to the plan's folder (works offline)", () => {
  const project = makeProject({ '.conductorrc.json': '{ "plansDir": "docs/plans/q1" }\n' });
  mkdirSync(project.path('node_modules'));
  symlinkSync(REPO, project.path('node_modules/swarm-conductor'));
  // The installed bin, as `npx swarm-conductor` or an npm script starts it in the project.
  const bin = project.path('node_modules/swarm-conductor/bin/swarm-conductor.cjs');
  const result = spawnSync(process.execPath, [bin, 'plan', 'Build a REST API'], {
    cwd: project.root,
    encoding: 'utf8',
  });
  assert.is(result.status, 0, result.stderr);
  const plan = writtenPlan(project, 'docs/plans/q1');
  assert.is(plan.$schema, '../../../node_modules/swarm-conductor/schemas/plan.schema.json');
  assert.ok(plan.text.startsWith('{\n  "$schema": '), 'first, where editors look');
  assert.ok(existsSync(path.resolve(project.path('docs/plans/q1'), plan.$schema!)));
});

test('in a workspace the hoisted package is found up to the repository root, and no further', async () => {
  const workspace = makeProject({ 'package.json': '{ "private": true, "workspaces": ["packages/*"] }\n' });
  installSchemas(workspace.root);
  workspace.write('packages/app/package.json', '{ "name": "app" }\n');
  const app = workspace.path('packages/app');
  mkdirSync(workspace.path('.git'));
  assert.is((await cli(app, 'plan', 'Build a REST API')).code, 0);
  const plans = () => readdirSync(path.join(app, 'proof/plans')).sort();
  const read = (file: string) => JSON.parse(readFileSync(path.join(app, 'proof/plans', file), 'utf8'));
  assert.is(read(plans()[0]!).$schema, '../../../../node_modules/swarm-conductor/schemas/plan.schema.json');
  // Outside a repository a node_modules above the project may be this machine's alone: not named.
  rmSync(workspace.path('.git'), { recursive: true });
  assert.is((await cli(app, 'plan', 'Build a REST API')).code, 0);
  assert.is(read(plans()[1]!).$schema, undefined);
});

test('run from outside the project (npx, a global install) the plan has no $schema, and still executes', async () => {
  const project = makeProject();
  assert.is((await cli(project.root, 'plan', 'Build a REST API')).code, 0);
  const plan = writtenPlan(project);
  assert.ok(!plan.text.includes('$schema'), plan.text.slice(0, 80));
  assert.ok(!plan.text.includes('http'), 'no URL');
  assert.is((await cli(project.root, 'execute', 'latest')).code, 0);
});

test("schemaReference: the running package's own schema when it lies inside the project, else none", () => {
  const project = makeProject({ 'vendor/swarm-conductor/schemas/plan.schema.json': '{}' });
  const own = project.path('vendor/swarm-conductor/schemas');
  const plans = project.path('proof/plans');
  assert.is(
    schemaReference('plan.schema.json', plans, project.root, own),
    '../../vendor/swarm-conductor/schemas/plan.schema.json',
  );
  const elsewhere = makeProject({ 'schemas/plan.schema.json': '{}' });
  assert.is(schemaReference('plan.schema.json', plans, project.root, elsewhere.path('schemas')), undefined);
  // An installed copy without that schema (an older version) is passed over.
  project.write('node_modules/swarm-conductor/schemas/agent.schema.json', '{}');
  assert.is(schemaReference('plan.schema.json', plans, project.root, elsewhere.path('schemas')), undefined);
  project.write('node_modules/swarm-conductor/schemas/plan.schema.json', '{}');
  assert.is(
    schemaReference('plan.schema.json', plans, project.root, elsewhere.path('schemas')),
    '../../node_modules/swarm-conductor/schemas/plan.schema.json',
  );
});

test.run();
