import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { type DemoStore, startDemoStore } from '../../../scripts/demo-store/server.ts';
import { rollWidgetSecret } from '../../../scripts/seed-demo.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { launchWithExtension } from '../../support/browser.ts';
import { type Bridge, startBridge } from '../../support/redis.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';
import { SCREENSHOTS } from '../widget/env.ts';
import { type ActionPopup, clickToolbarButton } from './action.ts';
import { buildExtensionFor } from './build.ts';

const FIXTURE_PAGES = resolve(import.meta.dirname, '../../fixtures/extension-pages');

/**
 * The extension's end-to-end stack: the widget tests' pieces (Redis bridge, the Worker in workerd
 * serving dist/public, the demo store, a merchant allowing the store, a program, Alice enrolled
 * under the customer id the store signs) plus a site of ordinary pages on another origin (the code
 * fixture pages, a page with Alice's code and link, a compose page), and Chromium with the extension
 * built for this Worker's origin loaded.
 */
export interface ExtensionEnv {
  worker: RunningWorker;
  /** The Worker's Redis, read directly (did a pairing link get exchanged?). */
  bridge: Bridge;
  store: DemoStore;
  /** Origin of the ordinary pages: /pages/{fixture}.html, /alice.html, /compose.html. */
  site: string;
  merchant: { name: string; sk: string };
  program: typeof PROGRAM_INPUT & { id: string };
  alice: { code: string; link: string; customerId: string; advocateId: string };
  context: BrowserContext;
  /** The extension's service worker (its `vouchBackground` test hooks, chrome.* APIs). */
  background: Worker;
  extensionId: string;
  /** Browser-level DevTools session (toolbar clicks). */
  cdp: CDPSession;
  /** Clicks the toolbar button on the page's tab: popup opened, activeTab granted. */
  clickToolbarButton(page: Page): Promise<ActionPopup>;
  close(): Promise<void>;
}

/** The ordinary pages (`/alice.html`, `/compose.html`, `/pages/{fixture}.html`) on their own origin. */
export async function startSite(alice: { code: string; link: string }): Promise<{ url: string; server: Server }> {
  const pages: Record<string, string> = {
    '/alice.html':
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alice's coffee corner</title></head><body>` +
      `<h1>My favourite beans</h1><p>I've been ordering from Nordlicht for a year. Use my referral code ` +
      `<strong>${alice.code}</strong> at checkout and get 15% off your first bag.</p>` +
      `<p>Or just use my referral link: <a href="${alice.link}">${alice.link}</a></p>` +
      `<p>Order #A1B2C3D4 arrived in two days.</p></body></html>`,
    '/compose.html':
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>New message</title></head><body>` +
      `<label for="message">Message</label><textarea id="message" rows="4" cols="60"></textarea>` +
      `<div id="editor" contenteditable="true" role="textbox" aria-label="Rich text" ` +
      `style="min-height:3em;border:1px solid #999"></div>` +
      // What a framework would listen to: every input/change event, as the page saw it.
      `<script>window.__events = []; for (const id of ['message', 'editor']) for (const type of ['input', 'change']) ` +
      `document.getElementById(id).addEventListener(type, (e) => __events.push({ id, type, ` +
      `inputType: e.inputType ?? null, data: e.data ?? null }));</script></body></html>`,
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (body: string | Buffer) =>
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
    if (pages[path]) return send(pages[path]);
    // A corpus page, or a document one frames (frames/, same origin).
    const fixture = /^\/pages\/((?:frames\/)?[a-z0-9-]+\.html)$/.exec(path);
    if (!fixture) return res.writeHead(404).end();
    readFile(join(FIXTURE_PAGES, fixture[1]!)).then(send, () => res.writeHead(404).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export async function startExtensionEnv(): Promise<ExtensionEnv> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const bridge: Bridge = await startBridge();
    cleanup.push(() => bridge.stop());
    const worker = await startWorker({ bridge, assets: true });
    cleanup.push(() => worker.dispose());
    // Built for this Worker while the rest starts: the origin is fixed at build time.
    const buildDir = await mkdtemp(join(tmpdir(), 'vouch-extension-e2e-'));
    cleanup.push(() => rm(buildDir, { recursive: true, force: true }));
    const built = buildExtensionFor(worker.url.origin, buildDir);
    built.catch(() => {});

    const store = await startDemoStore({ vouchOrigin: worker.url.origin, publishableKey: 'pk_test_pending' });
    cleanup.push(() => store.close());
    const storeUrl = new URL(store.url);
    const merchant = await createTestMerchant(worker, {
      allowed_origins: [storeUrl.origin],
      allowed_hosts: [storeUrl.host],
    });
    const api = apiClient(worker, merchant.sk);
    const program = await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: `${storeUrl.origin}/` });
    if (program.status !== 201) throw new Error(`program: ${program.status} ${JSON.stringify(program.body)}`);
    const enrolled = await api.post(`/v1/programs/${program.body.id}/advocates`, {
      external_id: 'demo-alice',
      name: 'Alice Lindqvist',
      email: 'alice@example.com',
    });
    if (enrolled.status >= 300) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    store.configure({
      publishableKey: merchant.pk,
      widgetSecret: await rollWidgetSecret(worker.url.origin, merchant.sk),
    });
    const alice = {
      code: enrolled.body.code as string,
      link: enrolled.body.link as string,
      customerId: 'demo-alice',
      advocateId: enrolled.body.advocate.id as string,
    };
    const site = await startSite(alice);
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          site.server.closeAllConnections();
          site.server.close(() => r());
        }),
    );

    const session = await launchWithExtension(await built, { extensionDebugging: true });
    cleanup.push(() => session.close());
    const { context } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const background = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(background.url()).host;
    const browser = context.browser();
    if (!browser) throw new Error('no browser handle for the persistent context');
    const cdp = await browser.newBrowserCDPSession();
    await mkdir(SCREENSHOTS, { recursive: true });
    return {
      worker,
      bridge,
      store,
      site: site.url,
      merchant: { name: merchant.created.merchant.name, sk: merchant.sk },
      program: { ...PROGRAM_INPUT, id: program.body.id as string },
      alice,
      context,
      background,
      extensionId,
      cdp,
      clickToolbarButton: (page) => clickToolbarButton(cdp, extensionId, page),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
