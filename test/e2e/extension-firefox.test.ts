import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../support/api.ts';
import { type Bridge, startBridge } from '../support/redis.ts';
import { type RunningWorker, startWorker } from '../support/worker.ts';
import { buildExtensionFor } from './extension/build.ts';
import { startSite } from './extension/env.ts';
import { type FirefoxWithExtension, findFirefox, launchFirefoxWithExtension } from './extension/firefox.ts';

/**
 * The Firefox build (wxt build -b firefox, for this test's Worker) in real Firefox ESR, installed as a
 * temporary add-on over WebDriver BiDi: pairing in the popup, the wallet it shows, a scan of a page
 * (and of one that renders its code after load), and "Insert my referral link" into a textarea. The
 * Chromium suite (extension.test.ts) covers the rest in more depth; this one proves the Firefox
 * manifest, background page and scripting work in Firefox itself.
 *
 * Gestures: Firefox offers a test no way to click the toolbar button, a menu item or a shortcut. The
 * test calls the handlers those gestures call (`vouchBackground.scanTab`, `onMenuClick`, as the
 * Chromium suite does for menus and shortcuts) from the extension's own page, through
 * `runtime.getBackgroundPage()` (Firefox's MV3 background is an event page). Without the activeTab a
 * gesture grants, the pages must be ones the add-on may script: Firefox match patterns carry no port,
 * so the build's host permission for the API origin (127.0.0.1) covers the test site on 127.0.0.1.
 */
const FIREFOX = findFirefox();
const INSTALL = 'apt-get install -y firefox-esr, or set FIREFOX_PATH';
if (!FIREFOX && !process.env.CI) {
  console.warn(`\n[vouch] SKIPPING the extension's Firefox end-to-end test: no Firefox found (${INSTALL}).\n`);
}
// Under CI a missing Firefox fails the run (beforeAll throws) instead of skipping.
const describeFirefox = FIREFOX || process.env.CI ? describe : describe.skip;

const CORPUS_FILE = resolve(import.meta.dirname, '../fixtures/extension-pages/expected.json');
const CORPUS = JSON.parse(await readFile(CORPUS_FILE, 'utf8')) as {
  pages: Record<string, { expected: string[]; mustNotReport: string[] }>;
};
const MENU_INSERT = 'vouch-insert-link';
const norm = (v: string) => (/^https?:\/\//i.test(v) ? new URL(v).href : v);

interface ScanResult {
  status: string;
  page_origin: string;
  findings: { kind: string; value: string; recognized: { code: string | null; merchant_name: string | null } | null }[];
}

let bridge: Bridge;
let worker: RunningWorker;
let site: { url: string; server: Server };
let firefox: FirefoxWithExtension;
let popup: Page;
let buildDir: string;
const alice = { code: '', link: '', advocateId: '' };
let merchantName = '';
let merchantKey = '';

/** Runs in the extension's page (privileged: `browser.*`, the background page), with one JSON argument. */
function inExtension<T>(fn: (arg: any) => Promise<T>, arg: unknown = null): Promise<T> {
  return popup.evaluate(fn, arg) as Promise<T>;
}

/** The tab at `url` as the add-on sees it, and its background's scan of that tab. */
const scanAt = (url: string) =>
  inExtension(async (u: string) => {
    const b = (globalThis as any).browser;
    const tab = ((await b.tabs.query({})) as { url?: string }[]).find((t) => t.url === u);
    if (!tab) throw new Error(`the add-on cannot see a tab at ${u}`);
    return (await b.runtime.getBackgroundPage()).vouchBackground.scanTab(tab);
  }, url) as Promise<ScanResult>;

async function openSitePage(path: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
  return page;
}

describeFirefox('browser extension in real Firefox ESR (built Firefox MV3 for the test Worker)', () => {
  beforeAll(async () => {
    if (!FIREFOX) throw new Error(`CI needs Firefox for the extension's Firefox test: ${INSTALL}`);
    bridge = await startBridge();
    worker = await startWorker({ bridge });
    buildDir = await mkdtemp(join(tmpdir(), 'vouch-extension-firefox-'));
    const built = buildExtensionFor(worker.url.origin, buildDir, 'firefox');
    built.catch(() => {});
    const merchant = await createTestMerchant(worker);
    merchantName = merchant.created.merchant.name;
    merchantKey = merchant.sk;
    const api = apiClient(worker, merchant.sk);
    const program = await api.post('/v1/programs', PROGRAM_INPUT);
    if (program.status !== 201) throw new Error(`program: ${program.status} ${JSON.stringify(program.body)}`);
    const advocate = { external_id: 'ff-alice', name: 'Alice Lindqvist' };
    const enrolled = await api.post(`/v1/programs/${program.body.id}/advocates`, advocate);
    if (enrolled.status >= 300) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    Object.assign(alice, { code: enrolled.body.code, link: enrolled.body.link, advocateId: enrolled.body.advocate.id });
    site = await startSite(alice);
    firefox = await launchFirefoxWithExtension(FIREFOX, await built);
    popup = await firefox.openExtensionPage('popup.html?tab', '[data-testid="wallet-empty"]');
  }, 90_000);

  afterAll(async () => {
    await firefox?.close().catch(() => {});
    if (site) {
      const { server } = site;
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    }
    await worker?.dispose();
    await bridge?.stop();
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  it('declares to Firefox the data it transmits, and gets the host access its manifest asks for', async () => {
    const granted = await inExtension(() => (globalThis as any).browser.permissions.getAll());
    expect(granted).toMatchObject({
      data_collection: ['websiteContent'],
      permissions: expect.arrayContaining(['activeTab', 'scripting']),
    });
    expect((granted as { origins: string[] }).origins).toContain('http://127.0.0.1/*');
  });

  it('pairs by a pairing link pasted in the popup: the wallet shows shop, code, link; token kept apart', async () => {
    const link = await apiClient(worker, merchantKey).post(`/v1/advocates/${alice.advocateId}/pairing_links`, {});
    expect(link.status).toBe(201);
    await popup.type('[data-testid="pairing-link-input"]', link.body.url as string);
    await popup.click('[data-testid="pairing-link-submit"]');
    const entry = await popup.waitForSelector('[data-testid="wallet-entry"]', { timeout: 15_000 });
    const shown = await entry!.evaluate((el) => ({
      merchant: el.querySelector('[data-testid="entry-merchant"]')?.textContent,
      code: el.querySelector('[data-testid="entry-code"]')?.textContent,
      link: el.querySelector('[data-testid="entry-link"]')?.getAttribute('href'),
    }));
    expect(shown).toEqual({ merchant: merchantName, code: alice.code, link: alice.link });
    const stored = (await inExtension(() => (globalThis as any).browser.storage.local.get(null))) as Record<
      string,
      any
    >;
    const id = stored.wallet.entries[0].id as string;
    expect(stored.tokens[id]).toMatch(/^vat_/);
    expect(JSON.stringify(stored.wallet)).not.toContain('vat_');
  });

  it('scans pages: corpus codes, Alice’s code recognised, shadow roots, an iframe, a late code', async () => {
    const name = 'en-forum-referral-thread.html';
    const forum = await openSitePage(`/pages/${name}`);
    const result = await scanAt(forum.url());
    expect(result).toMatchObject({ status: 'done', page_origin: site.url });
    const values = result.findings.map((f) => norm(f.value));
    for (const want of CORPUS.pages[name]!.expected) expect(values, `finds ${want}`).toContain(norm(want));
    for (const decoy of CORPUS.pages[name]!.mustNotReport) expect(values, `not ${decoy}`).not.toContain(norm(decoy));
    await forum.close();

    const page = await openSitePage('/alice.html');
    const mine = (await scanAt(page.url())).findings.find((f) => f.value === alice.code);
    expect(mine?.recognized).toMatchObject({ code: alice.code, merchant_name: merchantName });
    await page.close();

    // Codes in nested open shadow roots and in a same-origin iframe, read from Firefox's content script.
    for (const name of ['shadow-components-checkout.html', 'iframe-embedded-offer.html']) {
      const tab = await openSitePage(`/pages/${name}`);
      if (name.startsWith('iframe')) await tab.waitForFrame((f) => f.url().endsWith('shelf-sponsor.html'));
      const values = (await scanAt(tab.url())).findings.map((f) => norm(f.value));
      const { expected, mustNotReport } = CORPUS.pages[name]!;
      for (const want of expected) expect(values, `${name} finds ${want}`).toContain(norm(want));
      for (const decoy of mustNotReport) expect(values, `${name}: not ${decoy}`).not.toContain(norm(decoy));
      await tab.close();
    }

    // The page renders its code 500 ms after load; the scan runs when the person asks, later.
    const late = await openSitePage('/pages/late-inserted-referral.html');
    await new Promise((r) => setTimeout(r, 1000));
    const found = (await scanAt(late.url())).findings.map((f) => f.value);
    expect(found).toContain('FERN-7QK4');
    await late.close();
    // The popup (an extension page) shows the last scan from storage.
    await popup.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="finding-value"]')].some((e) => e.textContent === 'FERN-7QK4'),
    );
  });

  it('inserts the referral link into the focused textarea with the input and change events', async () => {
    const page = await openSitePage('/compose.html');
    await page.type('#message', 'Try these beans: ');
    await page.evaluate(() => ((window as unknown as { __events: unknown[] }).__events = []));
    await inExtension(
      async ([u, menuItemId]: [string, string]) => {
        const b = (globalThis as any).browser;
        const tab = ((await b.tabs.query({})) as { url?: string }[]).find((t) => t.url === u);
        const info = { menuItemId, frameId: 0, pageUrl: u, editable: true };
        await (await b.runtime.getBackgroundPage()).vouchBackground.onMenuClick(info, tab);
      },
      [page.url(), MENU_INSERT],
    );
    const value = await page.$eval('#message', (el) => (el as HTMLTextAreaElement).value);
    expect(value).toBe(`Try these beans: ${alice.link}`);
    expect(await page.evaluate(() => (window as unknown as { __events: object[] }).__events)).toEqual([
      { id: 'message', type: 'input', inputType: 'insertText', data: alice.link },
      { id: 'message', type: 'change', inputType: null, data: null },
    ]);
    await page.close();
  });
});
