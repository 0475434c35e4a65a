/**
 * `npm run bench:widget`: what the widget costs the shop page that pastes it, in real Chromium.
 * The Worker (Miniflare, serving dist/public like Workers Static Assets) and the demo store are
 * started here, with a merchant and a program seeded through the API. Each round loads the store's
 * product page twice in fresh browser contexts (cold cache, like a first visit), with the widget
 * and with its loader blocked, and measures:
 *  - launcher: from the loader starting to run to the launcher button being rendered, from the
 *    widget's performance marks (`vouch:loader`, `vouch:launcher`) when it sets them, else from the
 *    loader's resource timing (responseEnd) to a MutationObserver seeing the launcher;
 *  - main thread: busy time of the page's renderer main thread (top-level tasks in a Chromium trace)
 *    until the page is settled, with minus without the widget; with CDP's script and style/layout
 *    durations beside it.
 * Medians of N rounds (default 9, `--runs N`); `--check` enforces scripts/budgets/budgets.json
 * "widget_bench". Needs `npm run build:widget` first (dist/public/widget).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../test/support/chromium.ts';
import { startDemoStore } from '../demo-store/server.ts';
import { startBrowserStack } from './browser-stack.ts';
import { reportChecks } from './workerd-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const CHECK = args.includes('--check');
const RUNS = args.includes('--runs') ? Math.max(1, Number(args[args.indexOf('--runs') + 1]) || 9) : 9;

interface Budget {
  max_launcher_ms_median: number;
  max_added_main_thread_ms_median: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// In the page before any of its scripts: when the launcher (a button in the widget's shadow root)
// first has a size. Observers only: polling would itself cost main-thread time. A string, not a
// function: tsx's name helpers would not exist in the page.
const WATCH_LAUNCHER = `(() => {
  const seen = () => {
    const button = document.querySelector('vouch-widget')?.shadowRoot?.querySelector('button[aria-haspopup="dialog"]');
    if (button && button.getBoundingClientRect().width > 0 && window.__launcherAt === undefined) {
      window.__launcherAt = performance.now();
      if (window.__onLauncher) window.__onLauncher();
    }
    return window.__launcherAt !== undefined;
  };
  const onShadow = new MutationObserver(() => seen() && onShadow.disconnect());
  const onDocument = new MutationObserver(() => {
    const root = document.querySelector('vouch-widget')?.shadowRoot;
    if (!root) return;
    onDocument.disconnect();
    if (!seen()) onShadow.observe(root, { childList: true, subtree: true });
  });
  onDocument.observe(document, { childList: true, subtree: true });
})();`;

interface Sample {
  launcherMs: number | null;
  taskMs: number;
  scriptMs: number;
  styleLayoutMs: number;
  source: 'marks' | 'observer' | 'none';
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

// The scheduler's top-level task event ("RunTask" in older Chromium).
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * Busy time on the page's renderer main thread (CrRendererMain): the union of its top-level task
 * intervals in a trace, the page's own work and the widget's. (CDP's TaskDuration, which is not
 * limited to that thread, gave about the same difference.)
 */
function mainThreadTaskMs(trace: Buffer): number {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const perThread = new Map<string, [number, number][]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && TASK_EVENTS.has(e.name) && e.dur && mains.has(thread)) {
      const list = perThread.get(thread) ?? perThread.set(thread, []).get(thread)!;
      list.push([e.ts, e.ts + e.dur]);
    }
  }
  let busiest = 0;
  for (const intervals of perThread.values()) {
    intervals.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let [start, end] = intervals[0]!;
    for (const [s, e] of intervals.slice(1)) {
      if (s > end) {
        total += end - start;
        [start, end] = [s, e];
      } else end = Math.max(end, e);
    }
    total += end - start;
    // The busiest renderer main thread is the page's (another may be the initial about:blank).
    busiest = Math.max(busiest, total);
  }
  return busiest / 1000;
}

async function load(browser: Browser, url: string, withWidget: boolean): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (!withWidget) await page.route('**/widget/**', (route) => route.abort());
  await page.addInitScript(WATCH_LAUNCHER);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  await page.goto(url, { waitUntil: 'load' });
  // Awaited in the page, not polled from here: waitForFunction polls every frame, main-thread work
  // that would be counted against the widget.
  if (withWidget)
    await page.evaluate(
      'new Promise((resolve) => window.__launcherAt !== undefined ? resolve() : (window.__onLauncher = resolve))',
    );
  // Settled: no request in flight for 500 ms (config, catalog, deferred idle work, beacons).
  await page.waitForLoadState('networkidle');
  const timing = (await page.evaluate(`(() => {
    const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const loader = performance.getEntriesByType('resource').find((e) => /\\/widget\\/loader\\.js/.test(e.name));
    return { markLoader: mark('vouch:loader'), markLauncher: mark('vouch:launcher'),
      loaderEnd: loader?.responseEnd, launcherAt: window.__launcherAt };
  })()`)) as { markLoader?: number; markLauncher?: number; loaderEnd?: number; launcherAt?: number };
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const trace = await browser.stopTracing();
  await context.close();
  let launcherMs: number | null = null;
  let source: Sample['source'] = 'none';
  if (timing.markLoader !== undefined && timing.markLauncher !== undefined) {
    launcherMs = timing.markLauncher - timing.markLoader;
    source = 'marks';
  } else if (timing.loaderEnd !== undefined && timing.launcherAt !== undefined) {
    launcherMs = timing.launcherAt - timing.loaderEnd;
    source = 'observer';
  }
  const ms = (name: string) => (metrics[name] ?? 0) * 1000;
  return {
    launcherMs,
    taskMs: mainThreadTaskMs(trace),
    scriptMs: ms('ScriptDuration'),
    styleLayoutMs: ms('RecalcStyleDuration') + ms('LayoutDuration'),
    source,
  };
}

async function main(): Promise<number> {
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    // As the browser tests: skipped loudly on a machine without Chromium, a failure under CI.
    if (process.env.CI) throw new Error('bench:widget needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH)');
    console.warn(
      '\x1b[33mbench:widget SKIPPED: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)\x1b[0m',
    );
    return 0;
  }
  if (!existsSync(resolve(ROOT, 'dist/public/widget/loader.js')))
    throw new Error('dist/public/widget/loader.js is missing: run npm run build:widget');
  const budget = (
    JSON.parse(await readFile(resolve(ROOT, 'scripts/budgets/budgets.json'), 'utf8')) as { widget_bench: Budget }
  ).widget_bench;

  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const stack = await startBrowserStack(cleanups);
    const worker = stack.origin;
    const store = await startDemoStore({ vouchOrigin: worker, publishableKey: 'pk_test_pending' });
    cleanups.push(() => store.close());

    const call = async (path: string, key: string, body: unknown) => {
      const res = await fetch(`${worker}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as any;
      if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const storeUrl = new URL(store.url);
    const merchant = await call('/v1/merchants', stack.adminToken, {
      name: 'Nordlicht Coffee',
      allowed_origins: [storeUrl.origin],
      allowed_hosts: [storeUrl.host],
    });
    await call('/v1/programs', merchant.keys.secret.key, {
      name: 'Give 15%, get $10',
      status: 'active',
      destination_url: `${storeUrl.origin}/`,
      referee_offer: { type: 'percent', value: 15 },
      referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
    });
    store.configure({ publishableKey: merchant.keys.publishable.key });

    const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    // One unmeasured round: first-use costs of the browser process and the Worker isolate.
    await load(browser, store.url, true);
    await load(browser, store.url, false);
    const withWidget: Sample[] = [];
    const without: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      withWidget.push(await load(browser, store.url, true));
      without.push(await load(browser, store.url, false));
    }

    const launcher = withWidget.map((s) => s.launcherMs).filter((v): v is number => v !== null);
    const sources = [...new Set(withWidget.map((s) => s.source))].join(', ');
    const added = withWidget.map((s, i) => s.taskMs - without[i]!.taskMs);
    const addedScript = withWidget.map((s, i) => s.scriptMs - without[i]!.scriptMs);
    const addedStyleLayout = withWidget.map((s, i) => s.styleLayoutMs - without[i]!.styleLayoutMs);
    const fmt = (xs: number[]) =>
      `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
    console.log(`widget on the demo store product page, ${RUNS} rounds, cold cache, Chromium headless`);
    console.log(
      `  launcher rendered after loader start   ${launcher.length ? fmt(launcher) : 'never seen'}   [${sources}]`,
    );
    console.log(
      `  main-thread tasks, with widget         ${fmt(withWidget.map((s) => s.taskMs))}   [trace, CrRendererMain]`,
    );
    console.log(`  main-thread tasks, loader blocked      ${fmt(without.map((s) => s.taskMs))}`);
    console.log(`  main-thread time added by the widget   ${fmt(added)}`);
    console.log(`    script (compile + run)               ${fmt(addedScript)}   [CDP ScriptDuration]`);
    console.log(`    style and layout                     ${fmt(addedStyleLayout)}   [CDP RecalcStyle + Layout]`);
    if (!CHECK) return 0;
    return reportChecks([
      [
        `launcher median ${launcher.length ? median(launcher).toFixed(1) : '∞'} ms ` +
          `<= ${budget.max_launcher_ms_median} ms`,
        launcher.length === RUNS && median(launcher) <= budget.max_launcher_ms_median,
      ],
      [
        `added main-thread median ${median(added).toFixed(1)} ms <= ${budget.max_added_main_thread_ms_median} ms`,
        median(added) <= budget.max_added_main_thread_ms_median,
      ],
    ]);
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}

main().then(
  (broken) => process.exit(broken ? 1 : 0),
  (err: unknown) => {
    console.error(`bench:widget failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
