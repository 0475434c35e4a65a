import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchWithExtension } from '../support/browser.ts';

const EXTENSION_DIR = resolve(import.meta.dirname, '../../dist/extension/chrome-mv3');
let session: Awaited<ReturnType<typeof launchWithExtension>>;

describeBrowser('browser extension (built Chrome MV3, real Chromium)', () => {
  beforeAll(async () => {
    session = await launchWithExtension(EXTENSION_DIR);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('starts its service worker and opens the popup with the empty-wallet state', async () => {
    const { context } = session;
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    expect(id).toMatch(/^[a-p]{32}$/);

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/Your wallet is empty/);
    expect(await popup.locator('h1').textContent()).toBe('Vouch');
    await popup.close();
  });
});
