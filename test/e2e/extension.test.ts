import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { describeBrowser } from '../support/browser.ts';
import { type ExtensionEnv, startExtensionEnv } from './extension/env.ts';
import { SCREENSHOTS } from './widget/env.ts';
import { openPanel, panelText, SHARE_CHANNELS } from './widget/surfaces.ts';

// Runs inside the extension's service worker (serialised by Playwright): its globals.
declare const chrome: any;
declare const vouchBackground: {
  onMenuClick(info: object, tab: object): Promise<void>;
  scanTab(tab: object): Promise<ScanResult>;
};

interface Finding {
  kind: 'code' | 'link';
  value: string;
  vouch: boolean;
  recognized: { code: string | null; merchant_name: string | null; program_name: string | null } | null;
}
interface ScanResult {
  status: string;
  page_origin: string;
  findings: Finding[];
  recognition_error: string | null;
}
interface SavedCode {
  kind: 'code' | 'link';
  value: string;
  page_origin: string | null;
  recognized: Finding['recognized'];
}

const CORPUS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../fixtures/extension-pages/expected.json'), 'utf8'),
) as {
  pages: Record<string, { expected: string[]; mustNotReport?: string[] }>;
};
const SUMMARY = 'Connect the Vouch browser extension';
const MENU_SAVE = 'vouch-save-code';
const MENU_INSERT = 'vouch-insert-link';

let env: ExtensionEnv;
/** The popup page opened as a tab (`?tab`: never confused with the toolbar popup, at popup.html). */
let popup: Page;
let storePage: Page;
const problems: string[] = [];

/** Links compare URL-normalised, codes exactly (as the corpus test does). */
const norm = (v: string) => (/^https?:\/\//i.test(v) ? new URL(v).href : v);

function expectCorpusPage(name: string, found: string[]): void {
  const page = CORPUS.pages[name]!;
  const values = found.map(norm);
  for (const want of page.expected) expect(values, `${name} finds ${want}`).toContain(norm(want));
  for (const decoy of page.mustNotReport ?? [])
    expect(values, `${name} must not report ${decoy}`).not.toContain(norm(decoy));
}

/** chrome.storage.local as the extension keeps it (WXT items: key without the `local:` area). */
const stored = () => env.background.evaluate(() => chrome.storage.local.get(null)) as Promise<Record<string, any>>;
const badge = (tabId: number) =>
  env.background.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId) as Promise<string>;

/** The tab the extension sees at this URL: only tabs it was granted show their URL. */
async function tabAt(url: string): Promise<{ id: number; url: string; title: string }> {
  const tab = await env.background.evaluate(
    async (u) => ((await chrome.tabs.query({})) as { url?: string }[]).find((t) => t.url === u) ?? null,
    url,
  );
  if (!tab) throw new Error(`the extension cannot see a tab at ${url}`);
  return tab as { id: number; url: string; title: string };
}

/** A page of the ordinary site in a new tab, and the toolbar button clicked on it (activeTab), popup closed again. */
async function openGranted(path: string): Promise<{ page: Page; tab: { id: number; url: string; title: string } }> {
  const page = await env.context.newPage();
  await page.goto(`${env.site}${path}`);
  await (await env.clickToolbarButton(page)).close();
  return { page, tab: await tabAt(page.url()) };
}

describeBrowser('browser extension (built Chrome MV3 for the test Worker, real Chromium)', () => {
  beforeAll(async () => {
    env = await startExtensionEnv();
    popup = await env.context.newPage();
    await popup.setViewportSize({ width: 400, height: 760 });
    popup.on('pageerror', (err) => problems.push(`popup pageerror: ${err.message}`));
    popup.on('console', (msg) => void (msg.type() === 'error' && problems.push(`popup console: ${msg.text()}`)));
    await popup.goto(`chrome-extension://${env.extensionId}/popup.html?tab`);
  });

  afterAll(async () => {
    await env?.close();
  });

  it(`pairs through the widget on the demo store: code shown in the popup, confirmed in the panel, wallet entry \
appears`, async () => {
    expect(env.extensionId).toMatch(/^[a-p]{32}$/);
    await popup.getByTestId('wallet-empty').waitFor();
    await popup.getByTestId('pairing-start').click();
    const code = (await popup.getByTestId('pairing-code').textContent({ timeout: 10_000 }))!.trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await popup.screenshot({ path: resolve(SCREENSHOTS, 'extension-popup-connect-code.png'), fullPage: true });

    // Alice, signed in on the shop, types the code into the widget panel.
    storePage = await env.context.newPage();
    await storePage.goto(`${env.store.url}/`);
    await storePage.getByRole('button', { name: 'Sign in as Alice' }).click();
    await storePage.getByText('Signed in as Alice').waitFor();
    const dialog = await openPanel(storePage);
    await expect.poll(() => panelText(storePage), { timeout: 10_000 }).toContain(env.alice.link);
    await dialog.getByText(SUMMARY).click();
    const input = dialog.getByLabel('Code shown by the extension');
    await input.fill(code);
    await input.press('Enter');
    await dialog.getByRole('status').filter({ hasText: 'Connected: your extension now shows this shop.' }).waitFor();

    // The popup's poll (every 3 s) picks up the token: Alice's entry, from the Worker.
    await popup.bringToFront();
    const entry = popup.getByTestId('wallet-entry');
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.count()).toBe(1);
    expect(await entry.getByTestId('entry-merchant').textContent()).toBe(env.merchant.name);
    expect(await entry.getByTestId('entry-code').textContent()).toBe(env.alice.code);
    expect(await entry.getByTestId('entry-link').getAttribute('href')).toBe(env.alice.link);
    expect(await popup.getByTestId('pairing-connected').textContent()).toContain(env.merchant.name);
    expect(await popup.getByTestId('wallet-empty').count()).toBe(0);

    // The token is kept apart from the wallet every extension page reads.
    const state = await stored();
    const id = state.wallet.entries[0].id as string;
    expect(id).toBe(`${env.alice.advocateId}:${env.program.id}`);
    expect(state.tokens[id]).toMatch(/^vat_/);
    expect(JSON.stringify(state.wallet)).not.toContain('vat_');
  });

  it(`pairs again through a merchant pairing link: the /pair page only hands it over; Connect on the extension’s own \
page pairs, the entry and token are replaced, the old token is revoked`, async () => {
    const before = (await stored()).tokens as Record<string, string>;
    const [id, oldToken] = Object.entries(before)[0]!;
    const walletBefore = (await stored()).wallet;
    const link = await apiClient(env.worker, env.merchant.sk).post(
      `/v1/advocates/${env.alice.advocateId}/pairing_links`,
      {},
    );
    expect(link.status).toBe(201);
    expect(link.body.url).toBe(`${env.worker.url.origin}/pair#${link.body.token}`);
    const linkState = async () =>
      String(
        await env.bridge.direct([
          'HGET',
          `v1:pairing_link:${createHash('sha256').update(link.body.token).digest('hex')}`,
          'status',
        ]),
      );
    const connectUrl = `chrome-extension://${env.extensionId}/connect.html`;
    const nextConnectPage = () =>
      env.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(connectUrl), timeout: 10_000 });

    // Any page can send its visitor to /pair#vpl_…: alone, that pairs nothing.
    let confirmation = nextConnectPage();
    const page = await env.context.newPage();
    await page.goto(link.body.url);
    await page.locator('#vouch-pair[data-state="confirm-in-extension"]').waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).hash).toBe(''); // the single-use token left the address bar
    let connect = await confirmation;
    await connect.getByTestId('connect-confirm').waitFor();
    expect(await connect.getByTestId('connect-page').textContent()).toContain(
      'Connect the shop from this pairing link?',
    );
    expect(new URL(connect.url()).hash).toBe(''); // nor does it stay in the extension page's address
    await page.waitForTimeout(500);
    expect(await linkState()).toBe('confirmed'); // not exchanged
    expect((await stored()).tokens).toEqual(before);
    expect((await stored()).wallet.entries).toEqual(walletBefore.entries);
    // Cancel: still nothing, and the pair page says so.
    const closed = connect.waitForEvent('close');
    await connect.getByTestId('connect-cancel').click();
    await closed;
    await page.locator('#vouch-pair[data-state="cancelled"]').waitFor({ timeout: 10_000 });
    expect(await linkState()).toBe('confirmed');
    expect((await stored()).tokens).toEqual(before);
    await page.close();

    // The link again, and this time Connect on the extension's page.
    confirmation = nextConnectPage();
    const again = await env.context.newPage();
    await again.goto(link.body.url);
    connect = await confirmation;
    await connect.getByTestId('connect-confirm').click();
    expect(await connect.getByTestId('connect-done').textContent({ timeout: 10_000 })).toContain(env.merchant.name);
    const root = again.locator('#vouch-pair[data-state="connected"]');
    await root.waitFor({ timeout: 10_000 });
    expect(await root.getAttribute('data-merchant')).toBe(env.merchant.name);
    expect(await linkState()).toBe('paired');
    await connect.close();
    await again.close();

    const after = await stored();
    expect(after.wallet.entries.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(after.tokens[id]).toMatch(/^vat_/);
    expect(after.tokens[id]).not.toBe(oldToken);
    const wallet = (token: string) =>
      env.worker.fetch('/v1/extension/wallet', { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await wallet(oldToken)).toBe(401);
    expect(await wallet(after.tokens[id])).toBe(200);
    await popup.bringToFront();
    expect(await popup.getByTestId('wallet-entry').count()).toBe(1);
  });

  it('copies and shares the link: clipboard, every share channel carries it, the QR is an inline SVG', async () => {
    await popup.bringToFront();
    const entry = popup.getByTestId('wallet-entry');
    const usedBefore = (await stored()).wallet.entries[0].last_used_at as number;
    for (const [testid, value] of [
      ['copy-link', env.alice.link],
      ['copy-code', env.alice.code],
    ] as const) {
      await entry.getByTestId(testid).click();
      await expect.poll(() => entry.getByTestId(testid).getAttribute('data-state')).toBe('copied');
      expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(value);
    }
    // Copying makes the entry the most recently used (what "Insert my link" picks off the shop's site).
    await expect.poll(async () => (await stored()).wallet.entries[0].last_used_at).toBeGreaterThan(usedBefore);

    for (const [name, pattern] of SHARE_CHANNELS) {
      const href = (await entry.getByTestId(`share-${name.toLowerCase()}`).getAttribute('href')) ?? '';
      expect(href, name).toMatch(pattern);
      expect(decodeURIComponent(href.replace(/\+/g, ' ')), name).toContain(env.alice.link);
    }

    await entry.getByTestId('qr-toggle').click();
    const qr = entry.getByTestId('qr');
    await qr.waitFor();
    const svg = await qr.evaluate((el) => ({
      tag: el.tagName,
      label: el.getAttribute('aria-label'),
      modules: (el.querySelector('path')?.getAttribute('d') ?? '').split('M').length - 1,
      images: el.querySelectorAll('image').length,
    }));
    expect(svg.tag).toBe('svg');
    expect(svg.label).toContain(env.merchant.name);
    expect(svg.modules).toBeGreaterThan(100); // a real code's dark modules, drawn locally
    expect(svg.images).toBe(0);
    await popup.screenshot({ path: resolve(SCREENSHOTS, 'extension-popup-wallet.png'), fullPage: true });
  });

  it('grabs codes from a page with the toolbar popup’s Scan button and saves one', async () => {
    const name = 'en-forum-referral-thread.html';
    const page = await env.context.newPage();
    await page.goto(`${env.site}/pages/${name}`);
    // Before the click the extension cannot see this page at all.
    await expect(tabAt(page.url())).rejects.toThrow(/cannot see/);

    const action = await env.clickToolbarButton(page);
    try {
      await action.click('scan-button');
      await action.waitFor(`document.querySelectorAll('[data-testid="scan-finding"]').length > 0`);
      expectCorpusPage(name, await action.texts('finding-value'));
      expect((await action.texts('scan-summary'))[0]).toContain(new URL(env.site).host);
      await action.click('finding-save', { item: 'scan-finding', value: 'finding-value', text: 'JORDAN5KX' });
      await action.waitFor(
        `[...document.querySelectorAll('[data-testid="saved-code-value"]')].some((e) => e.textContent === 'JORDAN5KX')`,
      );
      await action.screenshot('extension-popup-scan');
    } finally {
      await action.close();
    }
    const saved = (await stored()).saved_codes as SavedCode[];
    expect(saved.map((c) => c.value)).toEqual(['JORDAN5KX']);
    expect(saved[0]).toMatchObject({ kind: 'code', page_origin: env.site, recognized: null });
    // The popup (any extension page) shows the same scan and saved code from storage.
    await popup.bringToFront();
    await popup.getByTestId('saved-codes').getByText('JORDAN5KX').waitFor();
    expectCorpusPage(name, await popup.getByTestId('finding-value').allTextContents());
    await page.close();
  });

  it('finds a code the page renders after load: the scan runs when the toolbar Scan is clicked, later', async () => {
    const page = await env.context.newPage();
    await page.goto(`${env.site}/pages/late-inserted-referral.html`, { waitUntil: 'load' });
    await page.waitForTimeout(1000); // the person reads, then clicks; the page rendered its code at 500 ms
    const action = await env.clickToolbarButton(page);
    try {
      await action.click('scan-button');
      const values = `[...document.querySelectorAll('[data-testid="finding-value"]')].map((e) => e.textContent)`;
      await action.waitFor(`${values}.includes('FERN-7QK4')`);
      expectCorpusPage('late-inserted-referral.html', await action.texts('finding-value'));
    } finally {
      await action.close();
    }
    await page.close();
  });

  it('scans a right-to-left page through the menu/shortcut handler (scanTab) on the granted tab', async () => {
    const name = 'fa-rtl-moarefi.html';
    const { page, tab } = await openGranted(`/pages/${name}`);
    const result = (await env.background.evaluate((t) => vouchBackground.scanTab(t), tab)) as ScanResult;
    expect(result).toMatchObject({ status: 'done', page_origin: env.site, recognition_error: null });
    expectCorpusPage(
      name,
      result.findings.map((f) => f.value),
    );
    await page.close();
  });

  it(`recognises Alice’s code and link on any page as the demo store’s program; “Save as referral code” from a \
selection`, async () => {
    const { page, tab } = await openGranted('/alice.html');
    const result = (await env.background.evaluate((t) => vouchBackground.scanTab(t), tab)) as ScanResult;
    const linked = { code: env.alice.code, merchant_name: env.merchant.name, program_name: env.program.name };
    const code = result.findings.find((f) => f.kind === 'code' && f.value === env.alice.code);
    const link = result.findings.find((f) => f.kind === 'link' && norm(f.value) === norm(env.alice.link));
    expect(code?.recognized).toMatchObject(linked);
    expect(link).toMatchObject({ vouch: true, recognized: linked });
    expect(result.findings.map((f) => f.value)).not.toContain('A1B2C3D4');

    // The context menu on a selection (quotes and spaces a selection catches are trimmed).
    await env.background.evaluate(([info, t]) => vouchBackground.onMenuClick(info, t), [
      {
        menuItemId: MENU_SAVE,
        selectionText: ` “${env.alice.code}”. `,
        pageUrl: page.url(),
        frameId: 0,
        editable: false,
      },
      tab,
    ] as const);
    expect(await badge(tab.id)).toBe('✓'); // the acknowledgement, then back to this page's own badge
    const saved = (await stored()).saved_codes as SavedCode[];
    expect(saved[0]).toMatchObject({ kind: 'code', value: env.alice.code, page_origin: env.site, recognized: linked });
    await popup.bringToFront();
    const item = popup.getByTestId('saved-code').filter({ hasText: env.alice.code });
    expect(await item.textContent()).toContain(env.merchant.name);
    await expect.poll(() => badge(tab.id), { timeout: 5000 }).toBe(''); // not a participating site: no reward badge
    await page.close();
  });

  it(`“Insert my referral link” into a textarea and a contenteditable editor, with the events frameworks listen \
to`, async () => {
    const page = await env.context.newPage();
    await page.goto(`${env.site}/compose.html`);
    const textarea = page.locator('#message');
    await textarea.fill('Try these beans: ');
    await page.evaluate(() => ((window as unknown as { __events: unknown[] }).__events = []));
    await (await env.clickToolbarButton(page)).close();
    const tab = await tabAt(page.url());
    const insert = () =>
      env.background.evaluate(([info, t]) => vouchBackground.onMenuClick(info, t), [
        { menuItemId: MENU_INSERT, frameId: 0, pageUrl: page.url(), editable: true },
        tab,
      ] as const);
    const events = () => page.evaluate(() => (window as unknown as { __events: object[] }).__events);

    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
    await insert();
    expect(await textarea.inputValue()).toBe(`Try these beans: ${env.alice.link}`);
    expect(await events()).toEqual([
      { id: 'message', type: 'input', inputType: 'insertText', data: env.alice.link },
      { id: 'message', type: 'change', inputType: null, data: null },
    ]);

    const editor = page.locator('#editor');
    await editor.click();
    await page.keyboard.type('Hi! ');
    await page.evaluate(() => ((window as unknown as { __events: unknown[] }).__events = []));
    await insert();
    expect(await editor.textContent()).toBe(`Hi! ${env.alice.link}`);
    expect(await events()).toContainEqual({
      id: 'editor',
      type: 'input',
      inputType: 'insertText',
      data: env.alice.link,
    });
    expect(await textarea.inputValue()).toBe(`Try these beans: ${env.alice.link}`); // only the focused field
    await page.close();
  });

  it(`shows the reward on the badge on the demo store once the toolbar button grants the tab; nothing on other \
pages`, async () => {
    const program = await apiClient(env.worker, env.merchant.sk).get(`/v1/programs/${env.program.id}`);
    expect(program.body.referrer_reward).toEqual({ type: 'fixed_amount', value: 1000, currency: 'USD' });
    const reward = '$10';

    // Activating the store tab: the extension may not see it (no host access), so no badge.
    await storePage.bringToFront();
    const active = (await env.background.evaluate(async () => {
      const [t] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return { id: t.id, url: t.url ?? null };
    })) as { id: number; url: string | null };
    expect(active.url).toBeNull();
    expect(await badge(active.id)).toBe('');

    const action = await env.clickToolbarButton(storePage);
    try {
      await expect.poll(() => badge(active.id), { timeout: 10_000 }).toBe(reward);
      await action.waitFor(
        `document.querySelector('[data-testid="popup"][data-state="ready"] [data-testid="wallet-entry"]')`,
      );
      expect(await action.texts('entry-code')).toEqual([env.alice.code]);
      await action.screenshot('extension-popup-on-store');
    } finally {
      await action.close();
    }

    // Another granted page in another tab: activated, its badge is empty; the store's stays.
    const { page, tab } = await openGranted('/pages/en-coupon-list.html');
    await expect.poll(() => badge(tab.id)).toBe('');
    expect(await badge(active.id)).toBe(reward);
    await page.close();
    expect(problems).toEqual([]);
  });
});
