/**
 * Prompts made with the agent files people already have (test/fixtures/real-agents, from public
 * repositories), read as the agent that receives them would read them.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findAgent, loadAgents } from '../src/agents/load.js';
import { resolveConfig } from '../src/config/validate.js';
import { fitBody, roleLine } from '../src/render/agent-view.js';
import { TemplateRenderer } from '../src/render/environment.js';
import { explainPrompt } from '../src/render/explain.js';
import { renderStepPrompt } from '../src/render/prompt.js';
import { createExecution } from '../src/state/transitions.js';
import {
  cleanup,
  cli,
  makeFifo,
  makeProject,
  planOf,
  readJson,
  REAL_AGENTS,
  refused,
  type Project,
  pattern,
} from './helpers.js';
import { readFileSync } from 'node:fs';

test.after.each(cleanup);

const realFiles = readdirSync(REAL_AGENTS).filter((name) => name.endsWith('.md'));
const tree = Object.fromEntries(realFiles.map((name) => [name, readFileSync(path.join(REAL_AGENTS, name), 'utf8')]));

/** A project whose agents are the public files, and a renderer for prompts of a plan over them. */
function publicProject(steps: [agent: string, deps: number[]][]) {
  const project = makeProject({ agents: tree });
  const config = resolveConfig({}, project.root);
  const agents = loadAgents(config);
  const renderer = new TemplateRenderer({ userDir: config.templatesDir, root: project.root });
  const execution = createExecution(planOf('Ship the sharing feature', steps), {
    executionId: 'exec-1',
    planFilename: 'plan.json',
    now: '2026-01-01T00:00:00.000Z',
  });
  const render = (stepNumber: number, overrides: Parameters<typeof resolveConfig>[0] = {}) => {
    const step = execution.plan.steps[stepNumber - 1]!;
    const input = {
      execution,
      stepNumber,
      agent: findAgent(agents, step.agentName),
      config: resolveConfig(overrides, project.root),
      proofDir: 'proof',
      renderer,
    };
    return { prompt: renderStepPrompt(input), explanation: explainPrompt(input) };
  };
  return { project, agents, render };
}

test(
  'a Claude-style description becomes a short role line: first sentence, no routing text, no examples, no ' +
    '\\n escapes',
  async () => {
    const cases: [string, string][] = [
      [
        'Use this agent when designing APIs, building server-side logic, implementing databases, or architecting ' +
          'scalable backend systems. This agent specializes in creating robust, secure, and performant backend ' +
          'services. Examples:\\n\\n<example>\\nContext: Designing a new API\\nuser: "We need an API"\\n' +
          'assistant: "I\'ll design it"\\n</example>',
        'Called in when designing APIs, building server-side logic, implementing databases, or architecting ' +
          'scalable backend systems.',
      ],
      [
        'Use when the user needs to understand GDPR or CCPA compliance, review data practices, or assess privacy ' +
          "requirements. Triggers on: 'GDPR', 'CCPA'.",
        'Called in when the user needs to understand GDPR or CCPA compliance, review data practices, or assess ' +
          'privacy requirements.',
      ],
      [
        'PROACTIVELY use this agent when complex multi-agent tasks begin, when agents seem stuck or overwhelmed. ' +
          'This agent serves as the coach.',
        'Called in when complex multi-agent tasks begin, when agents seem stuck or overwhelmed.',
      ],
      [
        'Rigorous visual validation expert specializing in UI testing, e.g. screenshots. Masters screenshot analysis.',
        'Rigorous visual validation expert specializing in UI testing, e.g. screenshots.',
      ],
      [
        'Senior .NET architect for complex delivery: designs .NET 6+ systems.',
        'Senior .NET architect for complex delivery: designs .NET 6+ systems.',
      ],
      [
        'Server-side engineer for APIs, data models, persistence and authentication.',
        'Server-side engineer for APIs, data models, persistence and authentication.',
      ],
    ];
    for (const [description, role] of cases) assert.is(roleLine(description), role);
    assert.ok(roleLine(`An agent ${'that does a great many things, '.repeat(20)}done.`).length <= 280);
  },
);

test('the prompt of a public Claude agent shows its role line, never its routing examples', async () => {
  const { render } = publicProject([['backend-architect', []]]);
  const { body } = render(1).prompt;
  assert.match(
    body,
    pattern(
      /- Domain scope: Called in when designing APIs, building server-side logic, implementing databases, or ar/,
      /chitecting scalable backend systems\.\n/,
    ),
  );
  assert.not.match(body, /<example>|\\n|user: "|assistant: "/);
});

test(
  'a profile without scope, boundaries, done definition or refusal rules gets the defaults, marked as ' + 'such',
  async () => {
    const { render } = publicProject([['api-designer', []]]);
    const { body } = render(1).prompt;
    for (const [heading, field] of [
      ['Scope', 'scope'],
      ['Boundaries', 'boundaries'],
      ['Done definition', 'done definition'],
      ['Refusal rules', 'refusal rules'],
    ]) {
      assert.match(
        body,
        new RegExp(
          `## ${heading}[^\\n]*\\n\\(The conductor's defaults: api-designer's profile sets no ${field}\\.\\)\\n- `,
        ),
        heading,
      );
    }
    assert.match(body, /- Stop and ask before deleting data, rewriting git history/);
    const custom = render(1, { defaultBoundaries: ['Never touch the payments module'] }).prompt.body;
    assert.match(
      custom,
      /## Boundaries \(what you must not do\)\n\(The conductor's defaults[^\n]*\n- Never touch the payments module\n\n/,
    );
  },
);

test("our own profiles' sections are not marked as defaults", async () => {
  const project = makeProject({ 'plan.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  await cli(project.root, 'execute', 'plan.json');
  assert.not.match((await cli(project.root, 'prompt')).stdout, /The conductor's defaults/);
});

test('a body over the budget is shortened by whole sections, and the prompt says what was left out', async () => {
  const { render } = publicProject([['arm-cortex-expert', []]]);
  const { prompt, explanation } = render(1);
  const profile = pattern(
    /<agent-profile name="arm-cortex-expert">\n([\s\S]*?)\n<\/agent-profile>\n/,
    /\(Left out of this profile to keep the prompt within 8000 characters: ([^\n]+)\.\)\n/,
  ).exec(prompt.body);
  assert.ok(profile, 'the body is followed by what was left out');
  assert.ok(profile![1]!.length <= 8000, `${profile![1]!.length} characters`);
  assert.match(profile![2]!, /^"[^"]+"(, "[^"]+")*$/);
  const role = explanation.sections.find((section) => section.block === 'role')!;
  assert.ok(
    role.notes.some((note) => /^agent body: [\d,]+ of 11,961 characters$/.test(note)),
    role.notes.join('\n'),
  );
  assert.ok(role.notes.some((note) => note.startsWith('left out: "')));
  const whole = render(1, { agentBodyBudget: 100_000 }).prompt.body;
  assert.not.match(whole, /Left out of this profile/);
});

test(
  'fitBody keeps whole sections in order, tries a section by its subsections, ignores headings in ' + 'code',
  async () => {
    const body = [
      'Intro line.',
      '## Keep',
      'k'.repeat(50),
      '## Big',
      'Big intro.',
      '### Small',
      's'.repeat(30),
      '### Huge',
      'h'.repeat(500),
      '## Code',
      '```md',
      '## not a heading',
      '```',
      '## Last',
      'l'.repeat(20),
    ].join('\n');
    const fitted = fitBody(body, 220);
    assert.match(
      fitted.text,
      pattern(
        /^Intro line\.\n## Keep\nk{50}\n## Big\nBig intro\.\n### Small\ns{30}\n## Code\n```md\n## not a heading/,
        /\n```\n## Last\nl{20}$/,
      ),
    );
    assert.equal(
      fitted.omitted.map((part) => part.heading),
      ['Big > Huge'],
    );
    assert.is(fitted.characters, body.length);
    assert.equal(fitBody(body, 10_000), { text: body, omitted: [], characters: body.length });
    const paragraphs = fitBody(['one '.repeat(10), 'two '.repeat(10), 'three '.repeat(10)].join('\n\n'), 100);
    assert.equal(
      paragraphs.omitted.map((part) => part.heading),
      ['the last 1 paragraph'],
    );
  },
);

test('the prompt lists the other steps of its wave and the steps after it, one line each', async () => {
  const { render } = publicProject([
    ['backend-architect', []],
    ['ui-visual-validator', []],
    ['api-designer', [1, 2]],
  ]);
  const { body } = render(1).prompt;
  assert.match(
    body,
    pattern(
      /## Other steps of this plan \(not yours: leave their work to them\)\n- Step 2 \(ui-visual-validator, alo/,
      /ngside this one\): Task 2 for ui-visual-validator\n- Step 3 \(api-designer, later, after 1, 2\): Task 3 /,
      /for api-designer\n\n/,
    ),
  );
  assert.not.match(render(3).prompt.body, /## Other steps/, 'the last step has none');
});

test('a wide plan names eight steps of the wave and counts the rest', async () => {
  const project = makeProject({
    'plan.json': JSON.stringify(
      planOf(
        'wide',
        Array.from({ length: 20 }, () => ['BackendMaster', []] as [string, number[]]),
      ),
    ),
  });
  await cli(project.root, 'execute', 'plan.json');
  const text = (await cli(project.root, 'prompt', 'latest', '1')).stdout;
  assert.is(text.split('alongside this one):').length - 1, 8);
  assert.match(text, /- … and 11 more alongside this one\n/);
});

test(
  'nothing meant for the person reaches the agent: no header, no recording commands, slash commands only in ' +
    'the fenced lines',
  async () => {
    for (const target of ['copilot', 'claude', 'codex', 'copilot-delegate', 'generic']) {
      const project = makeProject({
        agents: tree,
        'plan.json': JSON.stringify(planOf('g', [['backend-architect', []]])),
        '.conductorrc.json': JSON.stringify({ target }),
      });
      await cli(project.root, 'execute', 'plan.json');
      const prompt = (await cli(project.root, 'prompt')).stdout;
      assert.not.match(
        prompt,
        /<!--|swarm-conductor (complete|fail|prompt)|For the person running the conductor/,
        target,
      );
      const personLines = prompt
        .split('\n')
        .filter((line) => /\/share|\/export|transcript\.md|--transcript auto/.test(line));
      assert.ok(
        personLines.length >= 1 && personLines.every((line) => line.startsWith('> ')),
        `${target}: ${personLines.join(' | ')}`,
      );
      const [file] = readdirSync(project.path('proof')).filter((name) => name.endsWith('.json'));
      const state = readJson<{ stepResults: { promptPath: string }[] }>(project.path('proof', file!));
      assert.match(
        project.read(state.stepResults[0]!.promptPath),
        pattern(
          /^<!-- swarm-conductor prompt [^\n]*-->\n<!-- For the person running the conductor, not part of the p/,
          /rompt: [^\n]*swarm-conductor complete [^\n]*-->\n\n# Step 1/,
        ),
      );
    }
  },
);

test('prompt --explain lists every section with its size and what it was made from', async () => {
  const project = makeProject({
    agents: tree,
    'plan.json': JSON.stringify(
      planOf('g', [
        ['arm-cortex-expert', []],
        ['api-designer', [1]],
      ]),
    ),
  });
  await cli(project.root, 'execute', 'plan.json');
  const result = await cli(project.root, 'prompt', '--explain');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Step 1: [\d,]+ characters \(about [\d,]+ tokens\), template session\.md\.njk\n/);
  for (const block of [
    'context',
    'role',
    'task',
    'scope',
    'boundaries',
    'done_definition',
    'hard_rules',
    'refusal_rules',
    'dependencies',
    'other_steps',
    'artifacts',
    'transcript',
    'closure',
  ]) {
    assert.match(result.stdout, new RegExp(`\\n${block} +[\\d,]+ +\\d+%`), block);
  }
  assert.match(result.stdout, /boundaries +[\d,]+ +\d+% +the conductor's default boundaries: the profile sets none/);
  assert.match(result.stdout, /left out: "/);
  const json = JSON.parse((await cli(project.root, 'prompt', '--explain', '--json')).stdout) as {
    characters: number;
    sections: { characters: number }[];
    outside: number;
  };
  const sum = json.sections.reduce((total, section) => total + section.characters, 0) + json.outside;
  assert.ok(Math.abs(sum - json.characters) <= 20, `sections add up to the prompt (${sum} vs ${json.characters})`);
  assert.equal(json.characters, (await cli(project.root, 'prompt')).stdout.trim().length);
});

/** A project with an execution of a one-step plan, and that step's prompt file. */
async function executedOne(): Promise<{ project: Project; promptFile: string }> {
  const project = makeProject({ 'plan.json': JSON.stringify(planOf('g', [['BackendMaster', []]])) });
  await cli(project.root, 'execute', 'plan.json');
  const [file] = readdirSync(project.path('proof')).filter((name) => name.endsWith('.json'));
  return {
    project,
    promptFile: readJson<{ stepResults: { promptPath: string }[] }>(project.path('proof', file!)).stepResults[0]!
      .promptPath,
  };
}

test(
  'complete refuses the prompt file, a copy of a prompt, an empty file, a folder and a FIFO as the ' +
    'transcript, changing nothing',
  async () => {
    const { project, promptFile } = await executedOne();
    project.write('copy.md', project.read(promptFile));
    project.write('empty.md', '');
    project.write('blank.md', '\n  \n');
    project.write('folder/inside.md', 'x');
    makeFifo(project.path('pipe.md'));
    await refused(
      project,
      ['complete', 'latest', '1', '--transcript', promptFile],
      /transcript proof\/[^ ]+ is a prompt file written by the conductor, not the session transcript/,
    );
    await refused(
      project,
      ['complete', 'latest', '1', '--transcript', 'copy.md'],
      /transcript copy\.md is a prompt file/,
    );
    await refused(project, ['complete', 'latest', '1', '--transcript', 'empty.md'], /transcript empty\.md is empty/);
    await refused(
      project,
      ['complete', 'latest', '1', '--transcript', 'blank.md'],
      /transcript blank\.md holds only white space/,
    );
    await refused(project, ['complete', 'latest', '1', '--transcript', 'folder'], /transcript folder is a folder/);
    await refused(
      project,
      ['complete', 'latest', '1', '--transcript', 'pipe.md'],
      /transcript pipe\.md is not a regular file/,
    );
    await refused(
      project,
      ['fail', 'latest', '1', '--error', 'x', '--transcript', 'empty.md'],
      /transcript empty\.md is empty/,
    );
  },
);

test('a prompt file copied to the default transcript path is not recorded, with a note saying why', async () => {
  const { project, promptFile } = await executedOne();
  project.write(promptFile.replace('.prompt.md', '.transcript.md'), project.read(promptFile));
  const result = await cli(project.root, 'complete', 'latest', '1', '--output', 'done');
  assert.is(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /note: transcript [^ ]+ is a prompt file written by the conductor, not the session transcript; it was not recorded/,
  );
  const [file] = readdirSync(project.path('proof')).filter((name) => name.endsWith('.json'));
  assert.is(
    readJson<{ stepResults: { transcriptPath?: string }[] }>(project.path('proof', file!)).stepResults[0]!
      .transcriptPath,
    undefined,
  );
});

test.run();
