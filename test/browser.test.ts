/** The HTML report in a real browser: headless Chromium (the system's, driven by playwright-core). */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup, cli, makeProject, REPO } from './helpers.js';

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

test.run();
