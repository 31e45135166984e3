import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { createPgliteDataDir, type PgliteDataDir } from '../support/database.js';
import { until } from '../support/until.js';

const ADMIN_API_KEY = 'dashboard-page-admin-key-0123';

/** Pixels drawn (not transparent) on each chart's canvas: a blank chart has none. */
function drawnPixels(page: Page): Promise<number[]> {
  return page.$$eval('.chart canvas', (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn += 1;
      return drawn;
    }),
  );
}

describeWithChromium('the monitoring page in Chromium', () => {
  let data: PgliteDataDir;
  let api: NestFastifyApplication;
  let apiUrl: string;
  let browser: Browser;
  let traffic: { stop: boolean; done?: Promise<void> } = { stop: true };

  beforeAll(async () => {
    data = await createPgliteDataDir();
    const settings = testSettings({ ...data.env, ADMIN_API_KEY, MONITOR_INTERVAL_MS: '3600000' });
    api = await createApiApp(settings, captureLogger(settings).logger);
    await api.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = await api.getUrl();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    traffic.stop = true;
    await traffic.done;
    await browser?.close();
    await api?.close();
    await data?.cleanup();
  }, 60_000);

  /** Requests in the background, a few a second, so the charts have something to move with. */
  function startTraffic(): void {
    traffic = { stop: false };
    const state = traffic;
    state.done = (async () => {
      while (!state.stop) {
        await Promise.all([fetch(`${apiUrl}/health/live`), fetch(`${apiUrl}/health/live`)]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
  }

  it('should serve the page and its files publicly, uPlot from the api itself, with types and caching', async () => {
    const expected: [string, RegExp, RegExp][] = [
      ['/monitoring', /^text\/html/, /no-cache/],
      ['/monitoring/assets/dashboard.js', /^text\/javascript/, /no-cache/],
      ['/monitoring/assets/dashboard.css', /^text\/css/, /no-cache/],
      ['/monitoring/assets/uPlot.iife.min.js', /^text\/javascript/, /max-age=86400/],
      ['/monitoring/assets/uPlot.min.css', /^text\/css/, /max-age=86400/],
    ];
    for (const [path, type, caching] of expected) {
      const response = await fetch(`${apiUrl}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toMatch(type);
      expect(response.headers.get('cache-control')).toMatch(caching);
      const etag = response.headers.get('etag')!;
      expect((await fetch(`${apiUrl}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
    expect((await fetch(`${apiUrl}/monitoring/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/monitoring/dashboard`)).status).toBe(401);
  }, 30_000);

  it('should ask for the key once and draw live charts that move', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await page.goto(`${apiUrl}/monitoring`);
      await page.waitForSelector('#key-form:not([hidden])');
      await page.fill('#key', 'not-the-key');
      await page.click('#key-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#key-error')?.textContent?.includes('refused'));
      problems.length = 0; // the browser reports the refused poll (401) on the console

      await page.fill('#key', ADMIN_API_KEY);
      await page.click('#key-form button[type=submit]');
      await page.waitForSelector('body[data-state=live]');
      startTraffic();

      const polls = async () => Number(await page.getAttribute('body', 'data-polls'));
      const pollsPast = (count: number) =>
        until(async () => ((await polls()) >= count ? true : undefined), `${count} polls`, 30_000);
      await pollsPast(3);
      await page.waitForFunction(() => (document.querySelector('#t-requests')?.textContent ?? '–') !== '–');

      const screenshots = await mkdtemp(join(tmpdir(), 'monitoring-page-'));
      const first = await page.screenshot({ fullPage: true });
      const firstPixels = await drawnPixels(page);
      const firstRequests = await page.textContent('#t-requests');
      await pollsPast((await polls()) + 2);
      const second = await page.screenshot({ fullPage: true });
      const secondPixels = await drawnPixels(page);
      await writeFile(join(screenshots, 'first.png'), first);
      await writeFile(join(screenshots, 'second.png'), second);

      expect(firstPixels).toHaveLength(3);
      for (const pixels of [...firstPixels, ...secondPixels]) expect(pixels).toBeGreaterThan(1000);
      expect(second.equals(first)).toBe(false);
      expect(await page.textContent('#t-requests')).not.toBe(firstRequests);
      expect(await page.textContent('#tools tbody')).toContain('no tool calls yet');
      expect(await page.textContent('#routes tbody')).toContain('GET /health/live');
      expect(await page.textContent('#alerts tbody')).toContain('all well');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // Asked once: a reload goes straight to the figures.
      await page.reload();
      await page.waitForSelector('body[data-state=live]');
      expect(await page.isHidden('#key-form')).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      traffic.stop = true;
      await traffic.done;
      await context.close();
    }
  }, 90_000);
});
