/** The HTML report in a real browser: headless Chromium (the system's, driven by playwright-core). */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createExecution } from '../src/state/transitions.js';
import { chainPlan, cleanup, cli, makeProject, REPO } from './helpers.js';

/** A state as a teammate edits it by hand: any JSON at any key. */
// biome-ignore lint/suspicious/noExplicitAny: hostile JSON is edited at any depth, whatever its type
type HandEdited = Record<string, any>;

test.after.each(cleanup);

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .filter((file): file is string => Boolean(file))
  .find((file) => existsSync(file));
const it = CHROMIUM ? test : test.skip;
const ARTIFACTS = path.join(REPO, 'test/artifacts');

it('the report page shows the timeline, the graph and every step, makes no request, and works dark', async () => {
  const project = makeProject();
  cpSync(path.join(REPO, 'test/fixtures/reports/proof'), project.path('proof'), { recursive: true });
  const written = await cli(project.root, 'report', 'exec-2026-11-02', '--html');
  assert.is(written.code, 0, written.stderr);
  const file = project.path('proof/execution-exec-2026-11-02T09-00-00-000Z/report.html');
  const { chromium } = await import('playwright-core');
  // As root (CI containers) Chromium runs only without its sandbox.
  const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(file).href);
    assert.ok(await page.locator('svg.timeline').isVisible(), 'the timeline');
    assert.ok(await page.locator('svg.graph').isVisible(), 'the graph');
    assert.is(await page.locator('svg.timeline g.bar').count(), 5);
    assert.is(await page.locator('svg.graph g.node').count(), 4);
    const steps = page.locator('li.step');
    assert.is(await steps.count(), 4);
    for (let i = 0; i < 4; i++) assert.ok(await steps.nth(i).isVisible(), `step ${i + 1}`);
    assert.is(await page.locator('h1').textContent(), 'Build a user authentication system');
    assert.equal(await page.locator('h2').allTextContents(), ['Timeline', 'Dependencies', 'Steps']);
    assert.equal(requests, [], 'no network request');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(path.join(REPO, 'docs'), { recursive: true });
      await page.screenshot({
        path: path.join(REPO, 'docs/report.png'),
        clip: { x: 0, y: 0, width: 1200, height: 900 },
      });
    }
    const light = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.is.not(dark, light, 'dark mode has its own colours');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-dark.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});

/** The report page of a chain of `count` steps (one per wave, the widest graph), in a project of its own. */
async function chainReport(count: number): Promise<string> {
  const project = makeProject();
  const id = `exec-2026-12-03T10-00-${String(count).padStart(2, '0')}-000Z`;
  const state = createExecution(chainPlan(count), {
    executionId: id,
    planFilename: 'plans/chain.json',
    now: '2026-12-03T10:00:00.000Z',
  });
  mkdirSync(project.path('proof'), { recursive: true });
  writeFileSync(project.path(`proof/execution-${id}.json`), JSON.stringify(state, null, 2));
  const written = await cli(project.root, 'report', id, '--html');
  assert.is(written.code, 0, written.stderr);
  return pathToFileURL(project.path(`proof/execution-${id}/report.html`)).href;
}

it('the dependency graph shows every step: 5 in a row fit, 12 scroll in their frame, print fits the page', async () => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  /** Each node's left and right edge, and the frame's visible box and how far it scrolls. */
  const measure = `(() => {
    const frame = document.querySelector('svg.graph').parentElement;
    const box = frame.getBoundingClientRect();
    const nodes = [...document.querySelectorAll('svg.graph g.node rect')].map((rect) => rect.getBoundingClientRect());
    return {
      left: box.left, right: box.right, scrollWidth: frame.scrollWidth, clientWidth: frame.clientWidth,
      nodes: nodes.map((node) => [node.left, node.right]), page: document.documentElement.scrollWidth,
    };
  })()`;
  type Measure = {
    left: number;
    right: number;
    scrollWidth: number;
    clientWidth: number;
    nodes: number[][];
    page: number;
  };
  const inside = (m: Measure) => m.nodes.every(([left, right]) => left! >= m.left && right! <= m.right);
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(await chainReport(5));
    const five = (await page.evaluate(measure)) as Measure;
    assert.is(five.nodes.length, 5);
    assert.ok(inside(five), `5 steps fit without scrolling: ${JSON.stringify(five)}`);
    await page.goto(await chainReport(12));
    const twelve = (await page.evaluate(measure)) as Measure;
    assert.is(twelve.nodes.length, 12);
    assert.ok(twelve.scrollWidth > twelve.clientWidth, 'the frame scrolls');
    assert.is(twelve.page, 1200, 'the page itself does not get wider');
    await page.locator('svg.graph').evaluate((svg) => svg.parentElement!.scrollTo({ left: 1e6 }));
    const scrolled = (await page.evaluate(measure)) as Measure;
    const [lastLeft, lastRight] = scrolled.nodes.at(-1)!;
    assert.ok(lastLeft! >= scrolled.left && lastRight! <= scrolled.right, 'the last step is reached by scrolling');
    await page.emulateMedia({ media: 'print' });
    const printed = (await page.evaluate(measure)) as Measure;
    assert.ok(inside(printed), `printed, all 12 fit the page: ${JSON.stringify(printed)}`);
  } finally {
    await browser.close();
  }
});

const INJECTION =
  '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"><svg onload="window.pwned=3"></svg>' +
  '"\'><a href="javascript:window.pwned=4">x</a><iframe src="https://evil.example/"></iframe>';

/** A state that passes every check yet holds markup in every text a teammate could write. */
function hostileState(id: string, base: HandEdited) {
  const at = '2026-11-02T09:00:00.000Z';
  const plan = {
    ...base.plan,
    goal: `Goal ${INJECTION}`,
    steps: base.plan.steps.map((step: HandEdited) => ({
      ...step,
      task: `Task ${INJECTION}`,
      agentName: `A${INJECTION}`,
    })),
  };
  const stepResults = base.stepResults.map((result: HandEdited, index: number) => ({
    ...result,
    agentName: `A${INJECTION}`,
    ...(result.outputs ? { outputs: [`out ${INJECTION}`] } : {}),
    ...(index === 1
      ? {
          errors: [`err ${INJECTION}`],
          transcriptPath: 'proof/javascript:window.pwned=5',
          history: [
            { attempt: 1, status: 'failed', action: 'retry', at, startTime: at, endTime: at, errors: [INJECTION] },
          ],
          verification: {
            verdict: 'contradicted',
            at,
            transcriptPath: 'proof/javascript:window.pwned=6',
            format: 'claude-jsonl',
            claims: { backed: 0, contradicted: 1, unverifiable: 0 },
            checklist: { met: 0, unmet: 0, unknown: 0 },
            reasons: [INJECTION],
          },
          pr: {
            url: 'https://github.com/acme/shop/pull/9',
            recordedAt: at,
            seen: { state: 'CLOSED', checks: 'failing', failing: [INJECTION], at },
          },
        }
      : {}),
  }));
  return {
    ...base,
    executionId: id,
    planFilename: `plans/${INJECTION}.json`,
    plan,
    stepResults,
    priorContext: [INJECTION],
  };
}

it('a state full of script, javascript: and SVG injections runs nothing in the report, requests nothing', async () => {
  const project = makeProject();
  cpSync(path.join(REPO, 'test/fixtures/reports/proof'), project.path('proof'), { recursive: true });
  const id = 'exec-2026-11-02T09-00-00-000Z';
  const file = project.path(`proof/execution-${id}.json`);
  const base = JSON.parse(readFileSync(file, 'utf8')) as HandEdited;
  writeFileSync(file, JSON.stringify(hostileState(id, base), null, 2));
  const written = await cli(project.root, 'report', id, '--html');
  assert.is(written.code, 0, written.stderr);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(project.path(`proof/execution-${id}/report.html`)).href);
    await page.waitForTimeout(300);
    assert.is(await page.evaluate('window.pwned'), undefined, 'no injected script ran');
    assert.equal(dialogs, []);
    assert.equal(requests, [], 'no network request');
    assert.is(await page.locator('main script, main img, main iframe, main a[href^="javascript"]').count(), 0);
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    for (const href of hrefs) assert.match(href!, /^(#|\.\/|\.\.\/|https:\/\/)/, `link ${href}`);
    assert.match((await page.locator('h1').textContent())!, /<script>window\.pwned=1<\/script>/, 'shown as text');
  } finally {
    await browser.close();
  }
});

test.run();
