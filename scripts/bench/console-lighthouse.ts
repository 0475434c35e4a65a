/**
 * `npx tsx scripts/bench/console-lighthouse.ts` (`npm run budgets` runs it with `--check`): the
 * merchant console's Overview as Lighthouse's mobile run measures it (Lighthouse 12, its default
 * mobile form factor and screen),
 * signed in, on a program with clicks. Prints the cumulative layout shift of each run; `--check`
 * fails when any run is at 0.1 or more (Lighthouse's "good" limit) or the page measured was not
 * the Overview with its charts (a sign-in page would shift nothing and prove nothing).
 *
 * The Worker runs in Miniflare serving dist/public (build the console first: `npm run
 * build:console`). Signed in the way a console link leaves a tab: the session credential in
 * sessionStorage, set before the page's own scripts run, so the load Lighthouse measures is the
 * Overview's, not the sign-in form's. `--runs N` (default 3).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { findChromium } from '../../test/support/chromium.ts';
import { startBrowserStack } from './browser-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const CHECK = args.includes('--check');
const RUNS = args.includes('--runs') ? Math.max(1, Number(args[args.indexOf('--runs') + 1]) || 3) : 3;
/** Lighthouse's limit for a good CLS. */
const MAX_CLS = 0.1;
/** The flags Lighthouse's own CLI would give Chrome here (CHROME_PATH, headless, as root). */
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu'];

async function seed(origin: string, adminToken: string): Promise<string> {
  const call = async (key: string, path: string, body: unknown) => {
    const headers = {
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': randomBytes(8).toString('hex'),
    };
    const res = await fetch(`${origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const merchant = {
    name: 'Lighthouse Coffee',
    allowed_origins: ['https://shop.example'],
    allowed_hosts: ['shop.example'],
  };
  const created = await call(adminToken, '/v1/merchants', merchant);
  const sk: string = created.keys.secret.key;
  const program = await call(sk, '/v1/programs', {
    name: 'Give 15%, get $10',
    status: 'active',
    destination_url: 'https://shop.example/welcome',
    referee_offer: { type: 'percent', value: 15 },
    referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
  });
  const ada = { external_id: 'lh-1', name: 'Ada', email: 'ada@example.com' };
  const advocate = await call(sk, `/v1/programs/${program.id}/advocates`, ada);
  // Clicks through the redirect, so the charts and the funnel have lines and bars to draw.
  for (let i = 0; i < 6; i++) {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) ' +
      `AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${130 + i}.0.0.0 Safari/537.36`;
    const headers = { 'User-Agent': ua, Accept: 'text/html' };
    const res = await fetch(`${origin}/r/${advocate.code}`, { redirect: 'manual', headers });
    if (res.status !== 302) throw new Error(`redirect: ${res.status}`);
  }
  await counted(origin, sk, program.id, 6);
  return sk;
}

/** Clicks are counted by the queue consumer after the response (issue 17): wait until the charts have them. */
async function counted(origin: string, sk: string, programId: string, clicks: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${origin}/v1/programs/${programId}/click-stats`, {
      headers: { Authorization: `Bearer ${sk}` },
    });
    const body = (await res.json()) as { totals?: { clicks?: number } };
    if ((body.totals?.clicks ?? 0) >= clicks) return;
    if (Date.now() > deadline) throw new Error(`the consumer counted ${body.totals?.clicks ?? 0} of ${clicks} clicks`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  if (!existsSync(resolve(ROOT, 'dist/public/console/manifest.json'))) {
    throw new Error('dist/public/console is missing: run `npm run build:console` first.');
  }
  const executablePath = process.env.CHROME_PATH || findChromium();
  if (!executablePath) throw new Error('console-lighthouse needs Chromium: apt-get install chromium, or CHROME_PATH.');
  const cleanups: (() => Promise<unknown>)[] = [];
  let failed = false;
  try {
    const stack = await startBrowserStack(cleanups);
    const sk = await seed(stack.origin, stack.adminToken);
    const browser = await puppeteer.launch({ executablePath, args: CHROME_FLAGS });
    cleanups.push(() => browser.close());
    const shifts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.evaluateOnNewDocument((key: string) => sessionStorage.setItem('vouch_console_credential', key), sk);
      const flags = {
        output: 'json' as const,
        logLevel: 'error' as const,
        onlyCategories: ['performance'],
        formFactor: 'mobile' as const,
        disableStorageReset: true,
      };
      const result = await lighthouse(`${stack.origin}/console`, flags, undefined, page);
      const lhr = result?.lhr;
      const cls = lhr?.audits['cumulative-layout-shift']?.numericValue;
      if (!lhr || typeof cls !== 'number') {
        throw new Error(`Lighthouse gave no CLS: ${JSON.stringify(lhr?.runtimeError ?? null)}`);
      }
      const chart = '[data-testid="chart-clicks"] svg .series path';
      const drawn = await page.evaluate((selector) => Boolean(document.querySelector(selector)), chart);
      const width = lhr.configSettings.screenEmulation.width;
      const what = `Overview at ${width} px, ${lhr.configSettings.formFactor}, charts drawn: ${drawn}`;
      console.log(`console-lighthouse: run ${run + 1}: CLS ${cls.toFixed(4)} (${what})`);
      if (!drawn) failed = true;
      shifts.push(cls);
      await context.close();
    }
    const worst = Math.max(...shifts);
    const summary = `worst of ${RUNS}: ${worst.toFixed(4)} (limit ${MAX_CLS})`;
    console.log(`console-lighthouse: cumulative layout shift of the Overview, ${summary}`);
    if (CHECK) {
      if (failed) console.error('console-lighthouse: FAIL the page measured was not the Overview with its charts');
      if (worst >= MAX_CLS) console.error(`console-lighthouse: FAIL CLS ${worst.toFixed(4)} >= ${MAX_CLS}`);
      if (failed || worst >= MAX_CLS) process.exitCode = 1;
      else console.log('console-lighthouse: OK');
    }
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}

await main();
