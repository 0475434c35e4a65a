import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROGRAM_INPUT } from '../../support/api.ts';
import { describeBrowser } from '../../support/browser.ts';
import type { ConsoleEnv, ConsolePage } from './env.ts';
import { CHROME_UA, consoleUrl, newConsolePage, openSection, screenshot, settled, startConsoleEnv } from './env.ts';

// The console on a phone (375 px, as Lighthouse's mobile run and the field test saw it): charts
// laid out again for the width (text at its size, not scaled down), no blank band under the
// navigation, and an Overview that does not jump while it loads.
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

// Before any script of the page: the layout shifts as Lighthouse sums them (not after input).
const WATCH_SHIFTS = `(() => {
  window.__shifts = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
})();`;

describeBrowser('merchant console at 375 px', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsoleEnv();
    const program = await env.api.post('/v1/programs', PROGRAM_INPUT);
    const ada = { external_id: 'cust-ada', name: 'Ada', email: 'ada@example.com' };
    const enrolled = await env.api.post(`/v1/programs/${program.body.id}/advocates`, ada);
    for (const version of ['150', '151', '152']) {
      const headers = { 'User-Agent': CHROME_UA.replace('Chrome/156', `Chrome/${version}`), Accept: 'text/html' };
      const hop = await fetch(`${env.worker.url.origin}/r/${enrolled.body.code}`, { redirect: 'manual', headers });
      expect(hop.status).toBe(302);
    }
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Signed in before the first script runs (as the bench does): the load measured is the Overview's own. */
  async function openOverview(): Promise<ConsolePage> {
    const p = await newConsolePage(env, PHONE);
    const credential = JSON.stringify(env.merchant.sk);
    await p.context.addInitScript(`sessionStorage.setItem('vouch_console_credential', ${credential});`);
    await p.context.addInitScript(WATCH_SHIFTS);
    // A phone's round trips (Lighthouse's mobile latency): each state of the load is painted, as
    // on a real network, instead of all of them landing in one frame from localhost.
    const cdp = await p.context.newCDPSession(p.page);
    await cdp.send('Network.enable');
    const phone = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
    await cdp.send('Network.emulateNetworkConditions', phone);
    await p.page.goto(consoleUrl(env));
    await p.page.getByTestId('chart-clicks').waitFor();
    await settled(p.page);
    return p;
  }

  it('draws chart and funnel text at 11 px or more, with fewer x labels, not a scaled-down drawing', async () => {
    const p = await openOverview();
    const { page } = p;
    // Every text of the charts and the funnel as rendered: its font size times the SVG's scale.
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('.chart-svg text')].map((el) => {
        const text = el as SVGTextElement;
        const scale = text.getScreenCTM()?.a ?? 0;
        return { text: text.textContent, px: scale * parseFloat(getComputedStyle(text).fontSize) };
      }),
    );
    expect(sizes.length).toBeGreaterThan(20);
    expect(sizes.filter((s) => s.px < 11)).toEqual([]);
    // The funnel's labels all fit the phone's width.
    const funnel = await page.getByTestId('funnel').locator('svg').boundingBox();
    const texts = page.getByTestId('funnel').locator('svg text');
    const labels = await texts.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    expect(Math.max(...labels)).toBeLessThanOrEqual(funnel!.x + funnel!.width);
    // 30 days: at most 3 dates fit under a phone's plot (6 on a desktop).
    const dates = await page.getByTestId('chart-clicks').locator('svg text[text-anchor="middle"]').count();
    expect(dates).toBeGreaterThanOrEqual(2);
    expect(dates).toBeLessThanOrEqual(3);
    await screenshot(page, 'mobile-overview');
    await p.context.close();
    expect(p.problems).toEqual([]);
  });

  it('shifts the Overview by less than 0.1 while it loads (cumulative layout shift)', async () => {
    const p = await openOverview();
    // A moment for a late shift (a font, a resize) to be counted.
    await p.page.waitForTimeout(500);
    const shifts = await p.page.evaluate(() => (window as unknown as { __shifts: number }).__shifts);
    expect(shifts).toBeLessThan(0.1);
    await p.context.close();
    expect(p.problems).toEqual([]);
  });

  it('leaves no blank band under the navigation, on a short page too', async () => {
    const p = await openOverview();
    const { page } = p;
    for (const section of ['overview', 'exports', 'review']) {
      if (section !== 'overview') await openSection(page, section);
      const band = await page.evaluate(() => {
        const nav = document.querySelector('nav')!.getBoundingClientRect();
        const links = document.querySelector('nav ul')!.getBoundingClientRect();
        const padding = parseFloat(getComputedStyle(document.querySelector('nav')!).paddingBlockEnd);
        return nav.bottom - links.bottom - padding;
      });
      // The nav's own bottom border, nothing more.
      expect(band, section).toBeLessThanOrEqual(1.5);
    }
    await screenshot(page, 'mobile-review');
    await p.context.close();
    expect(p.problems).toEqual([]);
  });
});
