/**
 * `npm run bench:console`: time to first chart in the merchant console, in real Chromium, on 90
 * days of data. The Worker runs in Miniflare serving dist/public (build the console first:
 * `npm run build:console`) against a redis-server of its own through the REST bridge.
 *
 * Seeding drives the real write paths: the merchant, the program and its advocates through the
 * API; today's clicks through the redirect (`/r/{code}` with browser user agents) and today's
 * conversions through `POST /v1/conversions`; the 89 days before through the redirect's own
 * recorder (`clickStore(env).record`, what `/r/{code}` calls, given that day's click) since a
 * request cannot be sent in the past. No counter is written by hand.
 *
 * Each run opens the Overview fresh (new browser context, cold cache, signed in) at
 * `/console?range=90` and measures from navigation start to the clicks chart's SVG holding its data
 * path (a MutationObserver in the page, set before any script runs). Median of N runs (default 7,
 * `--runs N`); `--check` fails above a generous budget (BUDGET_MS).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../test/support/chromium.ts';
import { startBrowserStack } from './browser-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// The queue consumer's counters and the Worker's Redis client, loaded at run time: their module names the
// Worker's `Env` type, which only worker/tsconfig knows (this project checks Node-side code). A tracked
// click as the consumer counts it (CountableClick of worker/storage/event-counters.ts), restated for the same reason.
interface CountableClick {
  kind: 'click';
  id: string;
  at: number;
  tenant: { merchantId: string; mode: 'test' | 'live' };
  programId: string;
  advocateId: string;
  code: string;
  visitor: string;
  trigger: 'link' | 'qr' | 'deep_link';
}
interface WorkerWritePaths {
  createRedis(env: { UPSTASH_REDIS_REST_URL: string; UPSTASH_REDIS_REST_TOKEN: string }): unknown;
  eventCounters: { over(redis: unknown): { apply(events: CountableClick[]): Promise<unknown> } };
}
async function workerWritePaths(): Promise<WorkerWritePaths> {
  // The counters run their Lua script, imported as text: teach Node to load .lua files first.
  register(pathToFileURL(resolve(ROOT, 'scripts/lib/lua-text-hooks.mjs')));
  const redis = resolve(ROOT, 'worker/storage/client.ts');
  const counters = resolve(ROOT, 'worker/storage/event-counters.ts');
  return {
    ...((await import(redis)) as Pick<WorkerWritePaths, 'createRedis'>),
    ...((await import(counters)) as Pick<WorkerWritePaths, 'eventCounters'>),
  };
}
const args = process.argv.slice(2);
const CHECK = args.includes('--check');
const RUNS = args.includes('--runs') ? Math.max(1, Number(args[args.indexOf('--runs') + 1]) || 7) : 7;
/** Generous: a cold load of the shell, the app (~24 KB gzip), the programs list and one stats read. */
const BUDGET_MS = 2500;
const DAYS = 90;
const ADVOCATES = 12;
const DAY_MS = 86_400_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// Before any of the page's scripts: when the clicks chart first has a line with its points.
const WATCH_CHART = `(() => {
  const drawn = () => {
    const path = document.querySelector('[data-testid="chart-clicks"] svg .series path');
    return path && /L/.test(path.getAttribute('d') || '');
  };
  const seen = new MutationObserver(() => {
    if (window.__chartAt === undefined && drawn()) {
      window.__chartAt = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

async function main() {
  if (!existsSync(resolve(ROOT, 'dist/public/console/manifest.json')))
    throw new Error('dist/public/console is missing: run `npm run build:console` first.');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('bench:console needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH).');
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const stack = await startBrowserStack(cleanups);
    const origin = stack.origin;
    const call = async (key: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${origin}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': randomBytes(8).toString('hex'),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as any;
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    // The merchant, a program and its advocates, through the API.
    const created = await call(stack.adminToken, 'POST', '/v1/merchants', {
      name: 'Bench Coffee',
      allowed_origins: ['https://shop.example'],
      allowed_hosts: ['shop.example'],
    });
    const sk: string = created.keys.secret.key;
    const merchantId: string = created.merchant.id;
    const program = await call(sk, 'POST', '/v1/programs', {
      name: 'Give 15%, get $10',
      status: 'active',
      destination_url: 'https://shop.example/welcome',
      referee_offer: { type: 'percent', value: 15 },
      referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
      fraud_strictness: 'relaxed',
    });
    const advocates: { id: string; code: string }[] = [];
    for (let i = 0; i < ADVOCATES; i++) {
      const e = await call(sk, 'POST', `/v1/programs/${program.id}/advocates`, {
        external_id: `bench-${i}`,
        name: `Advocate ${i}`,
        email: `advocate${i}@example.com`,
      });
      advocates.push({ id: e.advocate.id, code: e.code });
    }

    // The 89 days before today: the queue consumer's counters with each day's clicks (a weekly rhythm).
    const { createRedis, eventCounters } = await workerWritePaths();
    const store = createRedis({ UPSTASH_REDIS_REST_URL: stack.rest.url, UPSTASH_REDIS_REST_TOKEN: stack.rest.token });
    const now = Date.now();
    let seeded = 0;
    for (let d = DAYS - 1; d >= 1; d--) {
      const dayStart = Math.floor((now - d * DAY_MS) / DAY_MS) * DAY_MS;
      const count = 8 + ((d * 7) % 13) + (new Date(dayStart).getUTCDay() % 6 === 0 ? 10 : 0);
      const clicks = Array.from({ length: count }, (_, j): CountableClick => {
        const adv = advocates[(d + j) % advocates.length]!;
        return {
          kind: 'click',
          id: `clk_${randomBytes(13).toString('hex').toUpperCase().slice(0, 26)}`,
          at: dayStart + 9 * 3_600_000 + j * 97_000,
          tenant: { merchantId, mode: 'test' },
          programId: program.id,
          advocateId: adv.id,
          code: adv.code,
          visitor: `v-${d}-${j}`,
          trigger: j % 9 === 0 ? 'qr' : 'link',
        };
      });
      await eventCounters.over(store).apply(clicks);
      seeded += count;
    }
    // Today: real clicks through the redirect, and conversions through the API.
    let clicksToday = 0;
    for (let i = 0; i < 20; i++) {
      const adv = advocates[i % advocates.length]!;
      const res = await fetch(`${origin}/r/${adv.code}`, {
        redirect: 'manual',
        headers: {
          'User-Agent':
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
            `Chrome/${120 + i}.0.0.0 Safari/537.36`,
          Accept: 'text/html',
        },
      });
      if (res.status !== 302) throw new Error(`redirect: ${res.status}`);
      const clickId = new URL(res.headers.get('location')!).searchParams.get('vouch_click');
      clicksToday++;
      if (i % 4 === 0 && clickId) {
        await call(sk, 'POST', '/v1/conversions', {
          type: 'sale',
          order_id: `bench-${i}`,
          amount: 3000 + i * 100,
          currency: 'USD',
          customer: { external_id: `friend-${i}`, email: `friend${i}@example.org` },
          click_id: clickId,
        });
      }
    }
    console.log(
      `bench:console: seeded ${seeded + clicksToday} clicks over ${DAYS} days ` +
        `(${clicksToday} today through /r/{code}), ${ADVOCATES} advocates, 5 conversions`,
    );

    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(`sessionStorage.setItem('vouch_console_credential', ${JSON.stringify(sk)});`);
      await context.addInitScript(WATCH_CHART);
      const page = await context.newPage();
      await page.goto(`${origin}/console?range=${DAYS}`);
      await page.waitForFunction(
        () => (window as unknown as { __chartAt?: number }).__chartAt !== undefined,
        undefined,
        { timeout: 20_000 },
      );
      const ms = await page.evaluate(() => (window as unknown as { __chartAt: number }).__chartAt);
      // The chart is the 90-day one, with today's real clicks as its last point.
      const rows = await page.getByTestId('chart-clicks-table').locator('tbody tr').count();
      if (rows !== DAYS) throw new Error(`the chart has ${rows} buckets, expected ${DAYS}`);
      const shown = (
        await page.getByTestId('chart-clicks-table').locator('tbody td:first-of-type').allTextContents()
      ).reduce((n, v) => n + Number(v.replace(/\D/g, '')), 0);
      if (shown !== seeded + clicksToday)
        throw new Error(`the chart shows ${shown} clicks, ${seeded + clicksToday} were made`);
      samples.push(ms);
      await context.close();
    }
    const m = median(samples);
    console.log(
      `bench:console: time to first chart (navigation start → clicks chart drawn, ${DAYS} days, cold context): ` +
        `median ${m.toFixed(0)} ms over ${RUNS} runs [${samples.map((s) => s.toFixed(0)).join(', ')}]`,
    );
    if (CHECK) {
      if (m > BUDGET_MS) {
        console.error(`bench:console: FAIL median ${m.toFixed(0)} ms > budget ${BUDGET_MS} ms`);
        process.exitCode = 1;
      } else console.log(`bench:console: OK (budget ${BUDGET_MS} ms)`);
    }
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}

await main();
