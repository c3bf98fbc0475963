/**
 * Property-based fuzzing of the inputs a user hands the conductor: plan files, agent front
 * matter and config values, mutated thousands of times. Every command must either succeed or
 * refuse with a short ConductorError (exit 2): never another exception (which the CLI would
 * show as a crash), never exit 1, and a refused input leaves every file as it was. Runs in
 * process for speed; a few cases go through the real CLI to check what a user sees.
 */
import { readFileSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROFILE_KEYS } from '../src/agents/keys.js';
import { CONFIG_KEYS } from '../src/config/validate.js';
import { cleanup, cli, EXAMPLE_PLAN, makeProject, type Project, spawnCli } from './helpers.js';

test.after.each(cleanup);

const RUNS = Number(process.env.FUZZ_RUNS) || 1;
/**
 * Fixed, so a failure can be repeated; fast-check prints the seed and path of a failing case. FUZZ_SEED picks another.
 */
const SEED = Number(process.env.FUZZ_SEED) || 20_261_201;
const EXAMPLE = JSON.parse(readFileSync(EXAMPLE_PLAN, 'utf8')) as Record<string, unknown>;
const AGENT = '---\nname: Solo\ndescription: Does everything.\nkeywords: [all]\n---\nYou do it all.\n';

/**
 * Runs a command as the user would (in process, through the real CLI code) and checks the
 * promise: exit 0, or exit 2 with a short message and no change on disk. Exit 1 here is a
 * crash: the CLI maps every error it does not know to 1 with a hint to use --verbose.
 */
async function check(project: Project, args: string[], input: unknown): Promise<number> {
  const before = project.snapshot();
  const { code, stderr } = await cli(project.root, ...args);
  const shown = JSON.stringify(input).slice(0, 500);
  if (code !== 0 && code !== 2) throw new Error(`exit ${code} (${stderr.trim()}) on input ${shown}`);
  const lines = stderr.split('\n').filter((line) => line && !line.startsWith('note:') && !line.startsWith('warning:'));
  if (lines.length > 12) throw new Error(`message of ${lines.length} lines: ${stderr.slice(0, 300)}`);
  if (code === 2) assert.equal(project.snapshot(), before, `a refused input changed files: ${stderr}`);
  return code;
}

function resetProof(project: Project): void {
  rmSync(project.path('proof'), { recursive: true, force: true });
}

const PLAN_PATHS: (string | number)[][] = [
  ['goal'],
  ['createdAt'],
  ['steps'],
  ['$schema'],
  ...[0, 1, 3, 7].flatMap((i) => [
    ['steps', i],
    ['steps', i, 'stepNumber'],
    ['steps', i, 'agentName'],
    ['steps', i, 'task'],
    ['steps', i, 'dependencies'],
    ['steps', i, 'dependencies', 0],
    ['steps', i, 'expectedOutputs'],
  ]),
];

function setPath(target: unknown, keys: (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) return;
    node = node[key] as Record<string | number, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    ' ',
    '{{ 7*7 }}',
    '../../etc/passwd',
    '\u0000',
    '\u001b[2J',
    'BackendMaster',
    'backendmaster',
    'x'.repeat(5000),
  ),
  fc.integer({ min: -3, max: 12 }),
  fc.constant(undefined),
);

const structuralPlan = fc
  .array(fc.tuple(fc.constantFrom(...PLAN_PATHS), jsonish), { minLength: 1, maxLength: 4 })
  .map((edits) => {
    const plan = structuredClone(EXAMPLE);
    for (const [keys, value] of edits) setPath(plan, keys, value);
    return JSON.stringify(plan);
  });

const textualPlan = fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 12 })).map(([at, cut, insert]) => {
  const text = JSON.stringify(EXAMPLE, null, 2);
  const position = at % text.length;
  return cut % 3 === 0 ? text.slice(0, position) : text.slice(0, position) + insert + text.slice(position);
});

const planText = fc.oneof(
  structuralPlan,
  structuralPlan,
  textualPlan,
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
);

test('fuzz: mutated plan files never crash execute, and a refused plan changes nothing', async () => {
  const project = makeProject();
  await fc.assert(
    fc.asyncProperty(planText, fc.boolean(), async (text, asYaml) => {
      const file = asYaml ? 'plan.yaml' : 'plan.json';
      project.write(file, text);
      await check(project, ['execute', file], text);
      resetProof(project);
    }),
    { numRuns: 1200 * RUNS, seed: SEED, includeErrorInReport: true },
  );
});

const FRONT_KEYS = [...PROFILE_KEYS, 'tools', 'model'];

const frontMatter = fc.oneof(
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...FRONT_KEYS), fc.string({ maxLength: 10 })),
      jsonish.filter((value) => value !== undefined),
      { maxKeys: 6 },
    )
    .map((data) => {
      try {
        return yaml.dump(data);
      } catch (error) {
        if (!(error instanceof yaml.YAMLException)) throw error;
        return 'name: x'; // a value js-yaml cannot write (e.g. undefined in a list)
      }
    }),
  fc
    .array(fc.tuple(fc.constantFrom(...FRONT_KEYS), fc.string({ maxLength: 30 })), { maxLength: 5 })
    .map((lines) => lines.map(([key, value]) => `${key}: ${value}`).join('\n')),
  fc.string({ maxLength: 200 }),
);

const agentFile = fc
  .tuple(
    fc.constantFrom('---', '---', '---yaml', '---js', '---coffee', '---json', ''),
    frontMatter,
    fc.string({ maxLength: 100 }),
  )
  .map(([open, matter, body]) => (open ? `${open}\n${matter}\n---\n${body}` : `${matter}\n${body}`));

test(
  'fuzz: mutated agent front matter never crashes validate or execute, and a refused run changes ' + 'nothing',
  async () => {
    const project = makeProject({
      agents: { 'solo.md': AGENT },
      'plan.json': JSON.stringify({ goal: 'g', steps: [{ stepNumber: 1, agentName: 'fuzzed', task: 't' }] }),
    });
    await fc.assert(
      fc.asyncProperty(agentFile, async (content) => {
        project.write('agents/fuzzed.md', content);
        await check(project, ['agents', 'validate'], content);
        await check(project, ['execute', 'plan.json'], content);
        resetProof(project);
      }),
      { numRuns: 1000 * RUNS, seed: SEED, includeErrorInReport: true },
    );
  },
);

const configText = fc.oneof(
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...CONFIG_KEYS), fc.string({ maxLength: 10 })),
      jsonish.filter((value) => value !== undefined),
      { maxKeys: 5 },
    )
    .map((data) => JSON.stringify(data)),
  fc.string({ maxLength: 80 }),
);

test('fuzz: mutated config values never crash list, status or execute, and a refused run changes nothing', async () => {
  const project = makeProject({
    agents: { 'solo.md': AGENT },
    'plan.json': JSON.stringify({ goal: 'g', steps: [{ stepNumber: 1, agentName: 'Solo', task: 't' }] }),
  });
  await fc.assert(
    fc.asyncProperty(configText, async (text) => {
      project.write('.conductorrc.json', text);
      await check(project, ['list'], text);
      if ((await check(project, ['execute', 'plan.json'], text)) === 0)
        await check(project, ['status', 'latest'], text);
      for (const name of [
        'proof',
        ...Object.keys(project.snapshot())
          .filter((file) => /execution-/.test(file))
          .map((file) => file.split('/')[0]!),
      ]) {
        rmSync(project.path(name), { recursive: true, force: true });
      }
    }),
    { numRuns: 800 * RUNS, seed: SEED, includeErrorInReport: true },
  );
});

/** A state with every kind of nested field a command reads: attempts, verdict, pull request, delegation, conflict. */
function richState(id: string): Record<string, unknown> {
  const at = '2026-01-01T00:00:00.000Z';
  const plan = {
    goal: 'Ship it',
    steps: [
      { stepNumber: 1, agentName: 'Solo', task: 'one', dependencies: [], expectedOutputs: ['API'] },
      { stepNumber: 2, agentName: 'Solo', task: 'two', dependencies: [1], expectedOutputs: [] },
      { stepNumber: 3, agentName: 'Solo', task: 'three', dependencies: [1], expectedOutputs: [] },
    ],
  };
  const attempt = {
    attempt: 1,
    status: 'failed',
    action: 'retry',
    at,
    startTime: at,
    endTime: at,
    errors: ['broke'],
    promptPath: `proof/execution-${id}/step-1-solo.attempt-1.prompt.md`,
    verdict: 'contradicted',
    pullRequest: 'https://github.com/acme/shop/pull/3',
  };
  const one = {
    stepNumber: 1,
    agentName: 'Solo',
    status: 'completed',
    startTime: at,
    endTime: at,
    outputs: ['API'],
    errors: ['broke'],
    retries: 1,
    transcriptPath: `proof/execution-${id}/step-1-solo.transcript.md`,
    promptPath: `proof/execution-${id}/step-1-solo.prompt.md`,
    forced: [{ action: 'complete', unfinished: [2], at }],
    history: [attempt],
    events: [
      { action: 'ready', at },
      { action: 'complete', at },
    ],
    verification: {
      verdict: 'verified',
      at,
      transcriptPath: `proof/execution-${id}/step-1-solo.transcript.md`,
      format: 'claude-jsonl',
      claims: { backed: 1, contradicted: 0, unverifiable: 0 },
      checklist: { met: 1, unmet: 0, unknown: 0 },
      reasons: [],
      tests: { runs: 1, ok: true, passed: 3, failed: 0 },
    },
    pr: {
      url: 'https://github.com/acme/shop/pull/4',
      recordedAt: at,
      seen: { state: 'MERGED', mergedAt: at, checks: 'passing', at },
    },
    delegation: { via: 'agent-task', url: 'https://github.com/acme/shop/pull/4/agent-sessions/x', at },
  };
  const two = { stepNumber: 2, agentName: 'Solo', status: 'running', startTime: at, events: [{ action: 'start', at }] };
  const three = {
    stepNumber: 3,
    agentName: 'Solo',
    status: 'pending',
    conflict: {
      ours: { stepNumber: 3, agentName: 'Solo', status: 'pending' },
      theirs: { stepNumber: 3, agentName: 'Solo', status: 'completed', outputs: ['x'], endTime: at },
      at,
    },
  };
  return {
    schemaVersion: 5,
    plan,
    planFilename: 'plan.json',
    executionId: id,
    startTime: at,
    currentStep: 0,
    stepResults: [one, two, three],
    priorContext: ['Step 1 (Solo): API'],
  };
}

/** Every path to a value inside a JSON value: `['stepResults', 0, 'pr', 'seen', 'state']`, … */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

test('fuzz: hand-edited nested fields of a state are read or refused as CORRUPT_STATE, never a crash', async () => {
  const project = makeProject({ agents: { 'solo.md': AGENT } });
  const id = 'exec-2026-01-01T00-00-00-000Z';
  const base = richState(id);
  const paths = pathsOf(base).filter((keys) => keys.length > 0);
  const file = project.path(`proof/execution-${id}.json`);
  // Values of the kinds a state holds, so that many edited states are still valid and are read on.
  const plausible = fc.constantFrom(
    ...['pending', 'running', 'completed', 'failed', 'skipped', 'retry', 'reopen', 'verified', 'MERGED', 'OPEN'],
    ...[0, 1, 2, 3, 4, true, false, null, undefined, [], [1], [2, 3], [3], ['a'], {}],
    ...['2026-02-02T00:00:00.000Z', 'proof/x.md', '../x.md', 'https://github.com/a/b/pull/2', 'https://x.y/z'],
  );
  const edit = fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(jsonish, plausible, plausible)), {
    minLength: 1,
    maxLength: 3,
  });
  let refused = 0;
  let read = 0;
  await fc.assert(
    fc.asyncProperty(edit, fc.constantFrom('status', 'next', 'report', 'retry', 'resolve'), async (edits, command) => {
      const state = structuredClone(base);
      for (const [keys, value] of edits) setPath(state, keys, value);
      project.write(`proof/execution-${id}.json`, JSON.stringify(state));
      const args = {
        status: ['status', id, '--json'],
        next: ['next', id, '--json'],
        report: ['report', id],
        retry: ['reopen', id, '1'],
        resolve: ['resolve', id, '3', '--take', 'theirs'],
      }[command]!;
      const before = project.snapshot();
      const { code, stderr } = await cli(project.root, ...args);
      if (code !== 0 && code !== 2) throw new Error(`exit ${code} (${stderr.trim()}) on ${JSON.stringify(edits)}`);
      assert.not.match(stderr, /Cannot read|TypeError|is not a function|\n\s+at /, stderr);
      if (/execution state is unreadable/.test(stderr)) {
        refused++;
        assert.is(code, 2);
        assert.equal(project.snapshot(), before, `a refused state changed files: ${stderr}`);
      } else read++;
      rmSync(project.path(`proof/execution-${id}`), { recursive: true, force: true });
      rmSync(file, { force: true });
    }),
    { numRuns: 1500 * RUNS, seed: SEED, includeErrorInReport: true },
  );
  assert.ok(refused > 100 && read > 50, `${refused} refused, ${read} read on`);
});

test('fuzz through the real CLI: exit 0 or 2, no stack trace, nothing changed when refused', () => {
  const project = makeProject();
  const samples = fc.sample(planText, { numRuns: 25, seed: 7 });
  for (const text of samples) {
    project.write('plan.json', text);
    const before = project.snapshot();
    const result = spawnCli(project.root, 'execute', 'plan.json');
    assert.ok(result.code === 0 || result.code === 2, `exit ${result.code}: ${result.stderr}`);
    assert.not.match(result.stderr, /\n\s+at /);
    if (result.code === 2) assert.equal(project.snapshot(), before);
    resetProof(project);
  }
});

test.run();
