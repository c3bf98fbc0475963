import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findAgent, loadAgents } from '../src/agents/load.js';
import { resolveConfig, type ResolvedConfig } from '../src/config/validate.js';
import { buildTemplateVariables } from '../src/render/variables.js';
import { TemplateRenderer } from '../src/render/environment.js';
import { readInputsHash, renderStepPrompt } from '../src/render/prompt.js';
import { completeStep, createExecution, failStep, retryStep } from '../src/state/transitions.js';
import type { ExecutionContext, ExecutionPlan } from '../src/types.js';
import { loadPlan } from '../src/plan/load.js';
import { cleanup, EXAMPLE_PLAN, golden, makeProject, REPO, type Tree, thrown, pattern } from './helpers.js';

test.after.each(cleanup);

const NOW = { now: '2026-01-23T00:20:00.000Z' };

function setup(options: { plan?: ExecutionPlan; config?: Parameters<typeof resolveConfig>[0]; templates?: Tree } = {}) {
  const project = makeProject(options.templates ? { templates: options.templates } : {});
  const config: ResolvedConfig = resolveConfig(options.config ?? {}, project.root);
  const agents = loadAgents(config);
  const renderer = new TemplateRenderer({ userDir: config.templatesDir, root: project.root });
  const execution = createExecution(options.plan ?? loadPlan(EXAMPLE_PLAN), {
    executionId: 'exec-2026-01-23T00-17-01-717Z',
    planFilename: 'examples/user-auth.json',
    now: '2026-01-23T00:17:01.717Z',
  });
  const render = (context: ExecutionContext, stepNumber: number) => {
    const step = context.plan.steps.find((entry) => entry.stepNumber === stepNumber)!;
    return renderStepPrompt({
      execution: context,
      stepNumber,
      agent: findAgent(agents, step.agentName),
      config,
      proofDir: 'proof',
      renderer,
    });
  };
  return { project, config, agents, renderer, execution, render };
}

/** Compares with test/fixtures/<name>/expected.prompt.md (see helpers.golden). */
function goldenPrompt(name: string, actual: string): void {
  golden(`${name}/expected.prompt.md`, actual);
}

test('golden: step 2 of the example after step 1 completed (generic target)', () => {
  const { execution, render } = setup();
  const context = completeStep(execution, 1, {
    ...NOW,
    outputs: ['API created', 'Tests passed'],
    transcriptPath: 'proof/execution-exec-2026-01-23T00-17-01-717Z/step-1-backendmaster.transcript.md',
  });
  goldenPrompt('step-2-after-step-1', render(context, 2).text);
});

test('golden: a retried step on the copilot target carries the earlier errors', () => {
  const { execution, render } = setup({ config: { target: 'copilot' } });
  let context = failStep(execution, 1, ['migration fails on an empty database', 'tests were not run'], NOW);
  context = retryStep(context, 1, NOW);
  goldenPrompt('retry-copilot', render(context, 1).text);
});

test('golden: the copilot-delegate target hands the work to the coding agent and asks for a pull request', () => {
  const { execution, render } = setup({ config: { target: 'copilot-delegate' } });
  goldenPrompt('delegate-target', render(execution, 1).text);
});

test('the sections come in the order of the spec', () => {
  const { execution, render } = setup();
  const text = render(completeStep(execution, 1, NOW), 2).text;
  const headings = [
    '## Context',
    '## Your role',
    '## Task',
    '## Scope',
    '## Boundaries',
    '## Done definition',
    '## Hard rules',
    '## Refusal rules',
    '## Dependencies and context from prior steps',
    '## Other steps of this plan',
    '## Required artifacts',
    '## Transcript',
    '## Session closure',
  ];
  const positions = headings.map((heading) => text.indexOf(`\n${heading}`));
  assert.ok(
    positions.every((position) => position > 0),
    JSON.stringify(positions),
  );
  assert.equal(
    [...positions].sort((a, b) => a - b),
    positions,
  );
});

test('a goal or task with template syntax appears verbatim in the prompt', () => {
  const plan = {
    goal: 'Compute {{ 7*7 }} and {% raw %}keep{% endraw %}',
    steps: [
      {
        stepNumber: 1,
        agentName: 'BackendMaster',
        task: 'Print {{ agent.name }} and {% include "x" %} {#c#}',
        dependencies: [],
        expectedOutputs: ['{{ out }}'],
      },
    ],
  };
  const { execution, render } = setup({ plan });
  const text = render(execution, 1).text;
  assert.ok(text.includes('Goal: Compute {{ 7*7 }} and {% raw %}keep{% endraw %}'));
  assert.ok(text.includes('Print {{ agent.name }} and {% include "x" %} {#c#}'));
  assert.ok(text.includes('- {{ out }}'));
  assert.not.ok(text.includes('49'));
});

test('each target tells the person how its CLI saves the transcript, fenced off from the agent', () => {
  const closures: Record<string, RegExp> = {
    copilot: /> type `\/share file proof\/execution-[^`]+\/step-1-backendmaster\.transcript\.md` in GitHub Copilot CLI/,
    claude: /> type `\/export proof\/execution-[^`]+\/step-1-backendmaster\.transcript\.md` in Claude Code/,
    codex: /> nothing needs saving: Codex keeps the session in `~\/\.codex\/sessions\/`, and `complete` with/,
    generic: /> save the whole conversation to `proof\//,
  };
  for (const [target, pattern] of Object.entries(closures)) {
    const { execution, render } = setup({ config: { target: target as 'copilot' } });
    const text = render(execution, 1).body;
    assert.match(text, pattern, target);
    assert.match(text, /## Transcript\n> For the person running this session, not for the agent: /);
    for (const [other, otherPattern] of Object.entries(closures))
      if (other !== target) assert.not.match(text, otherPattern, `${target} has ${other}`);
    // A slash command appears only inside the fenced lines for the person, and the transcript path only once.
    for (const line of text.split('\n')) if (/`\/(share|export)/.test(line)) assert.ok(line.startsWith('> '), line);
    assert.is(
      text.split('step-1-backendmaster.transcript.md').length - 1,
      target === 'codex' ? 0 : 1,
      `${target}: the transcript path appears once`,
    );
    assert.not.match(
      text,
      /For the person running the conductor|swarm-conductor complete/,
      'the recording commands are not in the agent text',
    );
  }
});

test(
  'hard rules: the defaults, replaced by hardRules, extended by extraHardRules; config refusal rules are ' + 'appended',
  () => {
    const defaults = setup().render(setup().execution, 1).text;
    assert.match(defaults, /1\. Do not invent features, flags, APIs or tool behaviour/);
    assert.match(defaults, /3\. Never claim that tests passed unless you ran them/);
    const custom = setup({
      config: {
        hardRules: ['Only rule.'],
        extraHardRules: ['Extra rule.'],
        refusalRules: ['Ask before deleting files.'],
      },
    });
    const text = custom.render(custom.execution, 1).text;
    assert.match(text, /## Hard rules\n1\. Only rule\.\n2\. Extra rule\.\n/);
    assert.not.match(text, /Do not invent features/);
    assert.match(
      text,
      pattern(
        /## Refusal rules[^\n]*\n- Stop and ask when the task needs a schema change[^\n]*\n(- [^\n]*\n)+- Ask b/,
        /efore deleting files\.\n\n/,
      ),
    );
  },
);

test('the provenance header names execution, step, agent and template, and its hash follows the inputs', () => {
  const { execution, render } = setup();
  const first = render(execution, 1);
  assert.match(
    first.text,
    pattern(
      /^<!-- swarm-conductor prompt · execution exec-2026-01-23T00-17-01-717Z · step 1 of 4 · agent BackendMast/,
      /er · template session\.md\.njk \(built-in\) · inputs sha256:[0-9a-f]{16} -->\n/,
    ),
  );
  assert.is(readInputsHash(first.text), first.inputsHash);
  assert.is(render(execution, 1).inputsHash, first.inputsHash, 'same inputs, same hash');
  const changedGoal = { ...execution, plan: { ...execution.plan, goal: 'Another goal' } };
  assert.is.not(render(changedGoal, 1).inputsHash, first.inputsHash);
  const withTemplate = setup({ templates: { 'session.md.njk': '{% extends "builtin/session.md.njk" %}' } });
  assert.is.not(
    withTemplate.render(withTemplate.execution, 1).inputsHash,
    first.inputsHash,
    'a template change changes the hash',
  );
});

test('a user template of the same name replaces the built-in', () => {
  const { execution, render } = setup({ templates: { 'session.md.njk': 'Only {{ agent.name }} for {{ goal }}' } });
  const text = render(execution, 1).text;
  assert.match(text, /template session\.md\.njk \(templates\/session\.md\.njk\)/);
  assert.ok(text.endsWith('\n\nOnly BackendMaster for Build a user authentication system\n'));
});

test('one block can be overridden by extending the built-in', () => {
  const templates = {
    'session.md.njk':
      '{% extends "builtin/session.md.njk" %}{% block boundaries %}## Boundaries\n- Never touch billing.\n\n{% ' +
      'endblock %}',
  };
  const { execution, render } = setup({ templates });
  const text = render(execution, 1).text;
  assert.match(text, /## Boundaries\n- Never touch billing\.\n\n## Done definition/);
  assert.not.match(text, /Do not build or restyle user interfaces/);
  assert.match(text, /## Scope \(what you are responsible for\)\n- HTTP and RPC APIs/);
});

test('an undefined variable fails with the template file and line', () => {
  const { execution, render } = setup({ templates: { 'session.md.njk': 'line one\nline two\n{{ agent.nmae }}\n' } });
  const error = thrown(() => render(execution, 1));
  assert.is(error.code, 'TEMPLATE');
  assert.is(error.where, 'templates/session.md.njk:3');
  assert.match(error.message, /undefined/);
});

test('a syntax error names the file and line', () => {
  const { execution, render } = setup({ templates: { 'session.md.njk': 'ok\n{% if %}\n' } });
  const error = thrown(() => render(execution, 1));
  assert.is(error.where, 'templates/session.md.njk:2');
});

test('a template that extends itself gets a short error pointing at builtin/', () => {
  const { execution, render } = setup({ templates: { 'session.md.njk': '{% extends "session.md.njk" %}' } });
  const error = thrown(() => render(execution, 1));
  assert.match(error.message, /loop: session\.md\.njk → session\.md\.njk/);
  assert.match(error.hint!, /builtin\/session\.md\.njk/);
});

test('the context budget keeps the newest prior context and says how much was left out', () => {
  const { execution, render } = setup({ config: { contextBudget: 60 } });
  let context = completeStep(execution, 1, { ...NOW, outputs: ['a'.repeat(40)] });
  context = completeStep(context, 2, { ...NOW, outputs: ['b'.repeat(20)] });
  // Step 4 depends only on step 3, so the lines of steps 1 and 2 are its context.
  const template = buildTemplateVariables({
    execution: context,
    stepNumber: 4,
    agent: loadAgents(resolveConfig({}, REPO)).agents[0]!,
    config: resolveConfig({ contextBudget: 60 }, REPO),
    proofDir: 'proof',
  });
  assert.equal(template.priorContext, [`Step 2 (FrontendExpert): ${'b'.repeat(20)}`]);
  assert.is(template.priorContextOmitted, 1);
  assert.match(
    render(context, 4).text,
    /Context from other earlier steps \(the 1 oldest entry is left out to fit the context budget\):/,
  );
});

test("a dependency's outputs appear once: in the dependencies, not again as context", () => {
  const { execution, render } = setup();
  const context = completeStep(execution, 1, { ...NOW, outputs: ['API created on /auth'] });
  const text = render(context, 2).body;
  assert.is(text.split('API created on /auth').length - 1, 1);
  assert.not.match(text, /Context from/);
});

test("an agent's standard deliverables are not listed again when the step expects them already", () => {
  const step = (stepNumber: number, expectedOutputs: string[]) => ({
    stepNumber,
    agentName: 'BackendMaster',
    task: `Task ${stepNumber}`,
    dependencies: [],
    expectedOutputs,
  });
  const plan = {
    goal: 'Outputs once',
    steps: [
      step(1, [
        'API contract (endpoint list or OpenAPI document) for what changed',
        'Migration files for every schema change',
        'Tests for the new server behaviour, with the command that runs them',
      ]),
      // Other case, trailing punctuation and spacing still make the same line.
      step(2, ['migration files for  every schema change.', 'A health check endpoint']),
    ],
  };
  const { execution, render } = setup({ plan });
  const all = render(execution, 1).body;
  assert.is(all.split('Migration files for every schema change').length - 1, 1);
  assert.not.match(all, /always delivers/);
  const some = render(execution, 2).body;
  const delivers = some.slice(some.indexOf('What BackendMaster always delivers:'));
  assert.match(
    delivers,
    /^What BackendMaster always delivers:\n- API contract .*\n- Tests for the new server behaviour/,
  );
  assert.not.match(delivers.split('\n\n')[0]!, /migration/i);
  assert.ok(some.includes('- migration files for  every schema change.'));
});

test('the template context carries the documented variables', () => {
  const { execution, agents, config } = setup();
  const context = buildTemplateVariables({
    execution,
    stepNumber: 1,
    agent: findAgent(agents, 'BackendMaster'),
    config,
    proofDir: 'proof',
  });
  assert.equal(Object.keys(context).sort(), [
    'agent',
    'boundaries',
    'closing',
    'config',
    'defaults',
    'deliverables',
    'dependencies',
    'doneDefinition',
    'execution',
    'goal',
    'hardRules',
    'otherSteps',
    'plan',
    'priorContext',
    'priorContextOmitted',
    'refusalRules',
    'scope',
    'step',
    'target',
    'transcriptPath',
  ]);
  assert.equal(Object.keys(context.agent).sort(), [
    'body',
    'bodyCharacters',
    'bodyDropped',
    'bodyOmitted',
    'boundaries',
    'description',
    'doneDefinition',
    'keywords',
    'meta',
    'name',
    'outputs',
    'refusalRules',
    'role',
    'scope',
    'slug',
  ]);
  assert.is(context.transcriptPath, 'proof/execution-exec-2026-01-23T00-17-01-717Z/step-1-backendmaster.transcript.md');
  assert.equal(context.execution.order, [1, 2, 3, 4]);
});

test('templates: include loops, self-extension and dynamic loops give a short error', async () => {
  const project = makeProject({
    templates: {
      'a.njk': '{% include "b.njk" %}',
      'b.njk': '{% include "a.njk" %}',
      'self.njk': '{% extends "self.njk" %}',
      'dynamic.njk': '{% set name = "dynamic.njk" %}{% include name %}',
      'dynamic-extends.njk': '{% set name = "dynamic-extends.njk" %}{% extends name %}',
      'dynamic-import.njk': '{% set name = "dynamic-import.njk" %}{% import name as again %}',
      'wide.njk': '{% for i in range(0, 500) %}{% include "leaf.njk" %}{% endfor %}',
      'leaf.njk': '.',
    },
  });
  const renderer = new TemplateRenderer({ userDir: project.path('templates'), root: project.root });
  assert.match(
    thrown(() => renderer.render('a.njk', {})).message,
    /templates refer to each other in a loop: a\.njk → b\.njk → a\.njk/,
  );
  assert.match(thrown(() => renderer.render('self.njk', {})).message, /loop: self\.njk → self\.njk/);
  for (const name of ['dynamic.njk', 'dynamic-extends.njk', 'dynamic-import.njk']) {
    const error = thrown(() => renderer.render(name, {}));
    assert.is(error.code, 'TEMPLATE', name);
    assert.match(error.message, /templates refer to each other more than 64 deep/, name);
    assert.is(error.where, `templates/${name}`);
  }
  // Many includes side by side are not depth: only nesting counts.
  assert.is(renderer.render('wide.njk', {}), '.'.repeat(500));
});

test.run();
