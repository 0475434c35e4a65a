/**
 * `npm run bench:extension`: what the advocate extension costs where the advocate feels it, in real
 * Chromium. Each figure is a `Figure` in FIGURES; `--check` fails when a figure's median exceeds its
 * budget (issue 7).
 *  - scan: "grab codes from any page" (extension/lib/detect/scan-page.ts) on a generated shop page of
 *    10,000 elements (navigation, product cards with SKUs and prices, reviews, a footer, a few codes and
 *    decoys, some hidden content), the detector injected as the extension injects it (one bundled
 *    script). Timed inside the page; `--runs N` timed runs after 5 warm-ups (default 25). The first,
 *    cold scan (regexes compiled, nothing JIT-ed: what each executeScript injection pays) is printed
 *    beside it.
 *  - popup: time to first content with a cached wallet (5 shops) while the API never answers: the
 *    extension built for that origin into a temporary folder (never dist/extension), the wallet
 *    seeded through the service worker in extension/lib/storage.ts's shape and versions, popup.html
 *    opened `--runs N` times after 3 warm-ups; timed in the page from navigation start to the first
 *    wallet entry in the DOM. When the API then fails, the cached entries must still be shown.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { walletEntry } from '../../extension/testing/fixtures.ts';
import type { WalletEntry } from '../../shared/schemas/extension.ts';
import { buildExtensionFor } from '../../test/e2e/extension/build.ts';
import { launchWithExtension } from '../../test/support/browser.ts';
import { CHROMIUM_ARGS, findChromium } from '../../test/support/chromium.ts';
import { bundleForPage } from '../lib/bundle-for-page.ts';
import { reportChecks } from './workerd-stack.ts';

export interface Summary {
  median: number;
  p90: number;
  min: number;
  max: number;
  runs: number;
}

export interface Figure {
  name: string;
  /** Budget for the median, in ms. */
  budgetMs: number;
  /** Timed samples in ms, plus lines printed under the figure. */
  measure(browser: Browser, runs: number): Promise<{ samples: number[]; notes: string[] }>;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median, p90: at(0.9), min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

export function formatSummary(s: Summary): string {
  return (
    `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms ` +
    `(min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}, ${s.runs} runs)`
  );
}

export async function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
}

/**
 * Runs `expression` in the page `warmups + runs` times, each in its own task, and returns the timed
 * runs' durations measured in the page (performance.now around the expression: no CDP round trip).
 */
export async function timeInPage(
  page: Page,
  expression: string,
  { warmups, runs }: { warmups: number; runs: number },
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const ms = (await page.evaluate(
      `(() => { const t0 = performance.now(); ${expression}; return performance.now() - t0; })()`,
    )) as number;
    if (i >= warmups) samples.push(ms);
  }
  return samples;
}

const WORDS = (
  'roast blend origin single notes cherry chocolate caramel citrus washed natural honey process grinder kettle ' +
  'filter espresso brew ratio water bloom pour fresh bag whole bean ground medium light dark'
).split(' ');

/** A shop listing page of about `target` elements, built deterministically (same page every run). */
export function shopPage(target: number): string {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const words = (n: number) => Array.from({ length: n }, () => WORDS[rand(WORDS.length)]).join(' ');
  const nav = Array.from(
    { length: 12 },
    (_, i) =>
      `<li><a href="/c/${i}">${words(2)}</a><ul>` +
      Array.from({ length: 8 }, (_, j) => `<li><a href="/c/${i}/${j}">${words(2)}</a></li>`).join('') +
      '</ul></li>',
  ).join('');
  const card = (i: number) =>
    `<article class="card product-card col-md-3" data-id="${i}">` +
    `<a href="/p/${i}?ref=grid"><img alt="${words(3)}" width="200" height="200"></a>` +
    `<h3><a href="/p/${i}">${words(3)}</a></h3>` +
    `<p class="price"><span class="now">$${10 + (i % 40)}.90</span> <s>$${20 + (i % 40)}.00</s></p>` +
    `<p class="meta"><span>SKU: NC-${1000 + i}-${(i * 7) % 100}</span> · <span>${words(4)}</span></p>` +
    `<div class="rating" aria-label="4.5 stars"><span>★★★★☆</span> <small>(${i % 300})</small></div>` +
    `<p>${words(14)}.</p><button type="button">Add to cart</button>` +
    (i % 9 === 0 ? '<span class="badge">NEW</span>' : '') +
    (i % 23 === 0 ? `<div style="display:none"><p>Staff code STAFF${i}X</p></div>` : '') +
    `</article>`;
  const codes =
    '<section class="promo"><p>Use code <strong>SPRING25</strong> for 25% off beans.</p>' +
    '<p>Your referral code: <span class="code">ALEX-7K2Q</span> ' +
    '<button data-clipboard-text="ALEX-7K2Q">Copy</button></p>' +
    '<p>Share your link <a href="https://go.vouch.example/r/ALEX-7K2Q">go.vouch.example/r/ALEX-7K2Q</a></p>' +
    '<p>Order #A1B2C3D4 · Tracking number: 1Z999AA10123456784</p></section>';
  const review = (i: number) => `<div class="review"><p><b>user${i}</b> · ${words(2)}</p><p>${words(24)}.</p></div>`;
  const head =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Coffee – Nordlicht</title>' +
    '<style>.card{display:inline-block;width:240px;margin:8px;vertical-align:top}' +
    '.badge{background:#000;color:#fff}</style></head><body>';
  const tail =
    `<footer>${Array.from({ length: 40 }, (_, i) => `<a href="/f/${i}">${words(2)}</a>`).join(' · ')}` +
    '<p>© 2025 Nordlicht</p></footer></body></html>';
  const body = (cards: number, reviews: number) =>
    `<header><nav><ul>${nav}</ul></nav></header><main><h1>Coffee</h1>${codes}` +
    `<div class="grid">${Array.from({ length: cards }, (_, i) => card(i)).join('')}</div>` +
    `<section class="reviews">${Array.from({ length: reviews }, (_, i) => review(i)).join('')}</section></main>`;
  // Size the page by counting the elements of a small one: cards dominate.
  const perCard = (card(1).match(/<[a-z]/g) ?? []).length;
  const fixed = ((head + body(0, 40) + tail).match(/<[a-z]/g) ?? []).length;
  return head + body(Math.max(0, Math.round((target - fixed) / perCard)), 40) + tail;
}

const scan: Figure = {
  name: 'scan a 10,000-element page (grab codes)',
  budgetMs: 50,
  async measure(browser, runs) {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.setContent(shopPage(10_000), { waitUntil: 'load' });
    // The advocate scans a page they are looking at: styled, laid out and painted before the click.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await page.evaluate(await bundleForPage('extension/lib/detect/scan-page.ts', '__vouchDetect', { minify: true }));
    const call =
      'globalThis.__found = __vouchDetect.scanPage(document, ' + "{ vouchOrigins: ['https://go.vouch.example'] })";
    const [cold] = await timeInPage(page, call, { warmups: 0, runs: 1 });
    const samples = await timeInPage(page, call, { warmups: 5, runs });
    const elements = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
    const found = (await page.evaluate('globalThis.__found.map((f) => f.value).join(", ")')) as string;
    await page.context().close();
    return {
      samples,
      notes: [`elements: ${elements}`, `first (cold) scan: ${cold!.toFixed(1)} ms`, `found: ${found}`],
    };
  },
};

/** The shape of extension/lib/storage.ts's `local:wallet` item (version 2): a wallet entry as stored, no token. */
interface StoredWalletItem {
  id: string;
  entry: WalletEntry;
  fetched_at: number;
  last_used_at: number;
  status: 'ok' | 'revoked';
}

/** Five paired shops, as an advocate who uses the extension has them: different rewards, figures and tiers. */
function cachedWallet(now: number): {
  wallet: { entries: StoredWalletItem[]; refreshed_at: number; refresh_error: null };
  tokens: Record<string, string>;
} {
  const shops = [
    {
      name: 'Nordlicht Coffee',
      site: 'https://nordlicht.example',
      code: 'ALICE-7K2Q',
      reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
    },
    {
      name: 'Ridewell',
      site: 'https://ridewell.example',
      code: 'ALICER7KQ',
      reward: { type: 'fixed_amount', value: 500, currency: 'EUR' },
    },
    {
      name: 'Grindhaus',
      site: 'https://grindhaus.example',
      code: 'ALICE15',
      reward: { type: 'percent_of_order', value: 10, currency: 'USD' },
    },
    { name: 'Acme Outdoor', site: 'https://shop.acme.test', code: 'ANA-7K2Q', reward: { type: 'points', value: 500 } },
    {
      name: 'Bücherwurm',
      site: 'https://buecherwurm.example',
      code: 'LESEN-ALICE',
      reward: { type: 'fixed_amount', value: 15000, currency: 'JPY' },
    },
  ] as const;
  const entries = shops.map((shop, i): StoredWalletItem => {
    const entry = walletEntry({
      merchant: { name: shop.name, sites: [shop.site, new URL(shop.site).host] },
      program: { id: `prog_bench${i}`, name: `${shop.name} friends`, referrer_reward: shop.reward },
      advocate: {
        id: `adv_bench${i}`,
        first_name: 'Alice',
        code: shop.code,
        link: `https://go.${new URL(shop.site).host}/r/${shop.code}`,
        stats: {
          clicks: 40 * (i + 1),
          friends_joined: 3 + i,
          rewards_pending: 1000 * i,
          rewards_earned: 2500 * i,
          unit: 'USD',
          tier: i % 2 ? 'Silver' : null,
          next_tier: { label: 'Gold', conversions_needed: 5 - i },
        },
      },
    });
    return {
      id: `${entry.advocate.id}:${entry.program.id}`,
      entry,
      fetched_at: now - i * 60_000,
      last_used_at: now - i * 3_600_000,
      status: 'ok',
    };
  });
  return {
    wallet: { entries, refreshed_at: now - 60_000, refresh_error: null },
    tokens: Object.fromEntries(entries.map((e, i) => [e.id, `vat_bench${i}${'x'.repeat(36)}`])),
  };
}

/**
 * The popup opened with a cached wallet: the last data must show at once while the refresh goes to
 * the network (issue 7). The extension is built for an API origin that accepts connections and never
 * answers, so every refresh hangs: first content cannot come from the network, and a popup that
 * waited for it would never show any (the figure times out instead of passing). Timed in the page:
 * the popup document's performance.now() (zero at navigation start) when the first wallet entry is
 * added to the DOM, seen by a MutationObserver installed before the popup's script runs. At the end
 * the API origin goes away (connections cut, refused): the refresh fails and the cached entries must
 * still be shown, with a notice, not a blocking error.
 */
const popup: Figure = {
  name: 'popup first content, cached wallet',
  // Measured 72-100 ms median (p90 83-122 ms) over 25 runs on the 2 cores shared with other work
  // here: Preact renders from chrome.storage.local in one pass, in a tab (a toolbar popup is the same
  // page). The issue asks for the cached data "instantly"; 250 ms (under the ~300 ms where a popup
  // feels slow) leaves room for a loaded CI machine without flaking, and a popup that waited for the
  // network fails anyway (see above).
  budgetMs: 250,
  async measure(_browser, runs) {
    let walletCalls = 0;
    const blackHole = createServer((req) => {
      if (req.url?.startsWith('/v1/extension/wallet')) walletCalls++;
    });
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
    const apiOrigin = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
    const out = await mkdtemp(join(tmpdir(), 'vouch-extension-bench-'));
    let session: Awaited<ReturnType<typeof launchWithExtension>> | undefined;
    try {
      session = await launchWithExtension(await buildExtensionFor(apiOrigin, out), {
        viewport: { width: 400, height: 640 },
      });
      const { context } = session;
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const id = new URL(worker.url()).host;
      const { wallet, tokens } = cachedWallet(Date.now());
      // WXT storage items: the key without its `local:` area, the version under `{key}$`.
      await worker.evaluate(
        (items) =>
          (
            globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
          ).chrome.storage.local.set(items),
        { wallet, wallet$: { v: 2 }, tokens, tokens$: { v: 1 }, saved_codes: [], saved_codes$: { v: 1 } },
      );
      await context.addInitScript(() => {
        const w = window as unknown as { __firstEntry?: number };
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid="wallet-entry"]')) {
            w.__firstEntry = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const samples: number[] = [];
      const warmups = 3;
      let page: Page | undefined;
      for (let i = 0; i < warmups + runs; i++) {
        await page?.close();
        page = await context.newPage();
        await page.goto(`chrome-extension://${id}/popup.html`);
        const first = await page.waitForFunction(
          () => (window as unknown as { __firstEntry?: number }).__firstEntry,
          undefined,
          { timeout: 10_000 },
        );
        if (i >= warmups) samples.push((await first.jsonValue()) as number);
      }
      const shownWhileRefreshing = await page!
        .locator('[data-testid="popup"][data-state="refreshing"] [data-testid="wallet-entry"]')
        .count();
      // The Worker goes away: the hanging refreshes fail, new ones are refused.
      blackHole.closeAllConnections();
      await new Promise<void>((r) => blackHole.close(() => r()));
      await page!.locator('[data-testid="popup"][data-state="ready"]').waitFor();
      const after = {
        entries: await page!.getByTestId('wallet-entry').count(),
        notice:
          (await page!
            .getByTestId('wallet-error')
            .getAttribute('data-error', { timeout: 2000 })
            .catch(() => null)) ?? 'none',
        blocking: await page!.locator('[data-testid="popup-loading"], [data-testid="wallet-empty"]').count(),
      };
      await page!.close();
      if (walletCalls === 0)
        throw new Error(
          'popup: no refresh reached the API origin: the figure would not show the cache beats the network',
        );
      if (shownWhileRefreshing !== 5 || after.entries !== 5 || after.blocking !== 0)
        throw new Error(`popup: cached entries not shown: ${JSON.stringify({ shownWhileRefreshing, ...after })}`);
      return {
        samples,
        notes: [
          `${shownWhileRefreshing} cached entries shown while the refresh hung ` +
            `(${walletCalls} wallet requests reached the API origin, none answered)`,
          `after the API origin went away: ${after.entries} entries still ` +
            `shown, notice "${after.notice}", nothing blocking`,
        ],
      };
    } finally {
      await session?.close();
      blackHole.closeAllConnections();
      blackHole.close();
      await rm(out, { recursive: true, force: true });
    }
  },
};

export const FIGURES: Figure[] = [scan, popup];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const runs = args.includes('--runs') ? Math.max(1, Number(args[args.indexOf('--runs') + 1]) || 25) : 25;
  if (!findChromium()) {
    // As the browser tests: skipped loudly on a machine without Chromium, a failure under CI.
    if (process.env.CI)
      throw new Error('bench:extension needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH)');
    console.warn(
      '\x1b[33mbench:extension SKIPPED: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)\x1b[0m',
    );
    return 0;
  }
  const browser = await launchBenchBrowser();
  const checks: [string, boolean][] = [];
  try {
    console.log('advocate extension, Chromium headless');
    for (const figure of FIGURES) {
      const { samples, notes } = await figure.measure(browser, runs);
      const summary = summarize(samples);
      console.log(`  ${figure.name.padEnd(44)} ${formatSummary(summary)}`);
      for (const note of notes) console.log(`    ${note}`);
      checks.push([
        `${figure.name}: median ${summary.median.toFixed(1)} ms <= ${figure.budgetMs} ms`,
        summary.median <= figure.budgetMs,
      ]);
    }
  } finally {
    await browser.close();
  }
  return check ? reportChecks(checks) : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (broken) => process.exit(broken ? 1 : 0),
    (err: unknown) => {
      console.error(`bench:extension failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
