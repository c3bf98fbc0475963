/** `report` (markdown and HTML) and `stats` over a fixture proof folder; escaping of state text. */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TemplateRenderer } from '../src/render/environment.js';
import { htmlReport } from '../src/reports/html.js';
import { markdownReport } from '../src/reports/markdown.js';
import { statsOf } from '../src/reports/stats.js';
import { formatStats } from '../src/views/stats.js';
import { timingOf } from '../src/reports/timeline.js';
import { completeStep, createExecution } from '../src/state/transitions.js';
import type { ExecutionContext } from '../src/types.js';
import { chainPlan, cleanup, cli, golden, makeProject, REPO, readJson, refused } from './helpers.js';

test.after.each(cleanup);

const FIXTURE = path.join(REPO, 'test/fixtures/reports');
const NOW = '2026-11-05T00:00:00.000Z';
const states = (): ExecutionContext[] =>
  readdirSync(path.join(FIXTURE, 'proof'))
    .sort()
    .map((name) => readJson<ExecutionContext>(path.join(FIXTURE, 'proof', name)));

const folderOf = (state: ExecutionContext) => path.join(FIXTURE, 'proof', `execution-${state.executionId}`);

test('golden: the markdown report of each fixture execution (done, blocked, skipped and reopened)', () => {
  for (const state of states()) {
    const text = markdownReport({ state, root: FIXTURE, reportDir: folderOf(state), now: NOW });
    golden(`reports/${state.executionId}.REPORT.md`, text);
  }
});

test('golden: the stats table over the fixture proof folder, and --since', () => {
  golden('reports/stats.txt', `${formatStats(statsOf(states(), NOW))}\n`);
  const since = statsOf(states(), NOW, '2026-11-03T00:00:00.000Z');
  assert.is(since.executions, 2);
  assert.match(formatStats(since), /^2 executions since 2026-11-03T00:00:00\.000Z\n/);
});

test('timing: an attempt lasts from its start (or from when the step became ready) to its end', () => {
  const [done] = states();
  const timing = timingOf(done!, NOW);
  const step2 = timing.steps.find((step) => step.stepNumber === 2)!;
  assert.equal(
    step2.bars.map((bar) => [bar.attempt, bar.status, bar.start.slice(11, 16), bar.end.slice(11, 16), bar.fromReady]),
    [
      [1, 'failed', '09:16', '09:30', false],
      [2, 'completed', '09:32', '09:50', false],
    ],
  );
  const step3 = timing.steps.find((step) => step.stepNumber === 3)!;
  assert.equal(
    [step3.duration, step3.bars[0]!.fromReady],
    [20 * 60_000, true],
    'completed from pending: since it became ready',
  );
  assert.is(timing.wallTime, 90 * 60_000);
});

test('a state written before steps had events still reports, from its times', () => {
  const [done] = states();
  const old = { ...done!, stepResults: done!.stepResults.map(({ events: _events, ...rest }) => rest) };
  const step1 = timingOf(old, NOW).steps[0]!;
  assert.is(step1.duration, 14 * 60_000);
});

function page(state: ExecutionContext): string {
  const renderer = new TemplateRenderer({ root: FIXTURE, autoescape: true });
  return htmlReport({ state, root: FIXTURE, reportDir: folderOf(state), now: NOW, renderer });
}

test('the HTML page: one self-contained document with the timeline, the graph and every step', () => {
  const [done] = states();
  const html = page(done!);
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.match(html, /<svg class="timeline" role="img" aria-labelledby="timeline-title"/);
  assert.match(html, /<svg class="graph" role="img" aria-labelledby="graph-title"/);
  assert.is((html.match(/<li class="step status-/g) ?? []).length, 4);
  assert.is((html.match(/<g class="bar status-/g) ?? []).length, 5, 'a bar per attempt');
  assert.is((html.match(/<g class="node status-/g) ?? []).length, 4);
  assert.is((html.match(/<path class="edge"/g) ?? []).length, 4, 'an arrow per dependency');
  assert.not.match(html, /<(?:script|link|img|iframe)\b/i, 'nothing loaded or run');
  assert.not.match(html, /\b(?:src|href)="(?:https?:)?\/\//, 'no network address');
  assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  assert.match(html, /@media print/);
  assert.match(html, /<h2 id="steps-heading">Steps<\/h2>/);
});

/** A chain of `count` steps, one per wave (the widest graph), the first completed. */
function chain(count: number): ExecutionContext {
  const state = createExecution(chainPlan(count), {
    executionId: 'exec-2026-12-03T10-00-00-000Z',
    planFilename: 'plans/chain.json',
    now: '2026-12-03T10:00:00.000Z',
  });
  return completeStep(state, 1, { now: '2026-12-03T10:05:00.000Z', outputs: ['Part one'] });
}

test('the dependency graph of 12 steps in a row shows every step: it fits the column or its frame scrolls', () => {
  const html = page(chain(12));
  const svg = /<svg class="graph"[^>]*>/.exec(html)![0];
  const [, , boxWidth] = /viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
  const nodes = [
    ...html.matchAll(/<g class="node [^"]+"><title>[^<]*<\/title><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g),
  ];
  assert.is(nodes.length, 12);
  for (const [, x, width] of nodes) assert.ok(Number(x) + Number(width) <= boxWidth!, `node at ${x} in ${boxWidth}`);
  // Drawn as wide as the column, between 3/4 of its own size and its own size; wider than that, the frame scrolls.
  assert.match(svg, / width="100%"/);
  assert.not.match(svg, / height="/);
  assert.match(svg, new RegExp(`style="--full-width: ${boxWidth}px"`));
  assert.match(
    html,
    /svg\.graph \{ max-width: var\(--full-width\); min-width: calc\(var\(--full-width\) \* \.75\); \}/,
  );
  assert.match(html, /\.picture \{ overflow-x: auto;/);
  assert.match(html, /<div class="picture" tabindex="0"><svg class="graph"/);
  assert.match(html, /@media print \{[^@]*\.picture \{ overflow: visible; \}\s*svg\.graph \{ min-width: 0; \}/);
});

test('every time on the page is written one way; the ISO form is only in <time datetime>', () => {
  const [done] = states();
  for (const html of [page(done!), page(chain(12))]) {
    const text = html
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<[^>]*>/g, '\n')
      .split('\n');
    const raw = text.filter((line) => /\d{4}-\d\d-\d\dT\d\d:\d\d/.test(line));
    assert.equal(raw, [], 'no raw ISO time in the text');
  }
  const html = page(done!);
  assert.match(html, /started <time datetime="2026-11-02T09:00:00\.000Z">2026-11-02 09:00:00 UTC<\/time>/);
  assert.match(html, /ended <time datetime="2026-11-02T10:30:00\.000Z">2026-11-02 10:30:00 UTC<\/time>/);
  assert.match(html, / retried <time datetime="2026-11-02T09:31:00\.000Z">2026-11-02 09:31:00 UTC<\/time>/);
  assert.match(html, /at <time datetime="2026-11-05T00:00:00\.000Z">2026-11-05 00:00:00 UTC<\/time>\./);
});

test('text from the state is escaped in HTML: a task holding <script> is shown, never run', () => {
  const [done] = states();
  const hostile = {
    ...done!,
    plan: {
      ...done!.plan,
      goal: 'Goal <img src=x onerror=alert(1)>',
      steps: done!.plan.steps.map((step) =>
        step.stepNumber === 1 ? { ...step, task: '<script>alert("pwned")</script> & more', agentName: 'A"><b>' } : step,
      ),
    },
    stepResults: done!.stepResults.map((result) =>
      result.stepNumber === 1 ? { ...result, agentName: 'A"><b>', outputs: ['</pre><script>x()</script>'] } : result,
    ),
  };
  const html = page(hostile);
  assert.not.match(html, /<script/i);
  assert.not.match(html, /<img/i);
  assert.match(html, /&lt;script&gt;alert\(&quot;pwned&quot;\)&lt;\/script&gt; &amp; more/);
  assert.match(html, /<title>Goal &lt;img src=x onerror=alert\(1\)&gt; · exec-/);
  assert.match(html, /&lt;\/pre&gt;&lt;script&gt;x\(\)&lt;\/script&gt;/);
  const markdown = markdownReport({ state: hostile, root: FIXTURE, reportDir: folderOf(hostile), now: NOW });
  assert.not.match(markdown, /<script/i);
  assert.match(markdown, /&lt;script&gt;alert\("pwned"\)&lt;\/script&gt;/);
});

test('steps handed to GitHub show their task and pull request; a conflict is shown; only https is a link', () => {
  const [done] = states();
  const seen = { state: 'MERGED', mergedAt: '2026-11-04T10:00:00Z', checks: 'passing', at: '2026-11-04T11:00:00.000Z' };
  const teamed = {
    ...done!,
    stepResults: done!.stepResults.map((result) => {
      if (result.stepNumber === 1) {
        return {
          ...result,
          delegation: { via: 'agent-task', url: 'https://github.com/acme/shop/pull/15/agent-sessions/e2fa', at: NOW },
          pr: { url: 'https://github.com/acme/shop/pull/15', recordedAt: NOW, seen },
        };
      }
      if (result.stepNumber === 2) return { ...result, pr: { url: 'javascript:alert(1)', recordedAt: NOW } };
      if (result.stepNumber === 3) {
        return {
          ...result,
          conflict: {
            ours: { ...result, status: 'failed', errors: ['the build broke'] },
            theirs: { ...result, status: 'completed', outputs: ['Joined'] },
            at: NOW,
          },
        };
      }
      return result;
    }),
  } as ExecutionContext;
  const markdown = markdownReport({ state: teamed, root: FIXTURE, reportDir: folderOf(teamed), now: NOW });
  assert.match(
    markdown,
    /- \*\*Delegated:\*\* \[(https:\/\/github\.com\/acme\/shop\/pull\/15\/agent-sessions\/e2fa)\]\(\1\) \(Copilot/,
  );
  assert.match(
    markdown,
    /- \*\*Pull request:\*\* \[(https:\/\/github\.com\/acme\/shop\/pull\/15)\]\(\1\) \(merged · checks passing, seen/,
  );
  assert.match(markdown, /- \*\*Pull request:\*\* `javascript:alert\(1\)` \(not synced yet\)\n/);
  assert.match(
    markdown,
    /- \*\*Conflict:\*\* recorded differently by two clones, not resolved: ours failed: the build broke; theirs comp/,
  );
  const html = page(teamed);
  assert.match(html, /<dt>Pull request<\/dt><dd><a href="https:\/\/github\.com\/acme\/shop\/pull\/15">https:/);
  assert.match(html, /<dt>Pull request<\/dt><dd>javascript:alert\(1\) \(not synced yet\)<\/dd>/);
  assert.not.match(html, /href="javascript:/);
  assert.match(html, /<dt>Conflict<\/dt><dd>recorded differently by two clones, not resolved: ours failed: the build/);
});

test('a state that names a file outside the project does not pull it into the page', () => {
  const [done] = states();
  const outside = {
    ...done!,
    stepResults: done!.stepResults.map((result) =>
      result.stepNumber === 1 ? { ...result, promptPath: '../../../../../../etc/hostname' } : result,
    ),
  };
  const html = page(outside);
  assert.not.match(html, /<summary>Prompt/);
});

test('report and report --html write into the execution folder; --html elsewhere stays in the project', async () => {
  const project = makeProject();
  cpSync(path.join(FIXTURE, 'proof'), project.path('proof'), { recursive: true });
  const markdown = await cli(project.root, 'report', 'exec-2026-11-02');
  assert.is(markdown.code, 0, markdown.stderr);
  assert.match(markdown.stdout, /^# Build a user authentication system\n/);
  assert.match(markdown.stderr, /written: proof\/execution-exec-2026-11-02T09-00-00-000Z\/REPORT\.md/);
  assert.is(
    project.read('proof/execution-exec-2026-11-02T09-00-00-000Z/REPORT.md').trimEnd(),
    markdown.stdout.trimEnd(),
  );
  const html = await cli(project.root, 'report', 'exec-2026-11-02', '--html');
  assert.is(html.code, 0, html.stderr);
  assert.match(html.stdout, /^Report written: proof\/execution-exec-2026-11-02T09-00-00-000Z\/report\.html \(\d+ KiB/);
  assert.match(project.read('proof/execution-exec-2026-11-02T09-00-00-000Z/report.html'), /<svg class="timeline"/);
  const named = await cli(project.root, 'report', 'exec-2026-11-03', '--html', 'out/blocked.html');
  assert.is(named.code, 0, named.stderr);
  assert.ok(project.exists('out/blocked.html'));
  await refused(
    project,
    ['report', 'latest', '--html', '../away.html'],
    /report file \.\.\/away\.html is outside the project/,
  );
  const stats = await cli(project.root, 'stats', '--json');
  assert.is(JSON.parse(stats.stdout).executions, 3);
  await refused(project, ['stats', '--since', 'last tuesday'], /error: --since last tuesday is not a date/);
});

test('a template of your own replaces the report page (report.html.njk in the templates folder)', async () => {
  const project = makeProject({
    templates: {
      'report.html.njk': '{% extends "builtin/report.html.njk" %}{% block footer %}<footer>ours</footer>{% endblock %}',
    },
  });
  cpSync(path.join(FIXTURE, 'proof'), project.path('proof'), { recursive: true });
  assert.is((await cli(project.root, 'report', 'exec-2026-11-02', '--html')).code, 0);
  const html = readFileSync(project.path('proof/execution-exec-2026-11-02T09-00-00-000Z/report.html'), 'utf8');
  assert.match(html, /<footer>ours<\/footer>/);
  assert.match(html, /<svg class="timeline"/);
});

test.run();
