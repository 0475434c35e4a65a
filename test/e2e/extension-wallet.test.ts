import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { walletSeeder } from '../integration/wallet/seed-wallet.ts';
import { apiClient } from '../support/api.ts';
import { describeBrowser } from '../support/browser.ts';
import { type ExtensionEnv, startExtensionEnv } from './extension/env.ts';
import { SCREENSHOTS } from './widget/env.ts';

declare const chrome: any;

import { openPanel, panelText } from './widget/surfaces.ts';

let env: ExtensionEnv;
let popup: Page;
const problems: string[] = [];
const codes = { open: '', used: '' };

// Issue 16 in the extension: Alice's paid out history and reward codes, written as the payout and
// reward code parts write them, read by the built extension from GET /v1/extension/wallet/rewards.
describeBrowser('extension wallet: paid out history and reward codes (built Chrome MV3, real Chromium)', () => {
  beforeAll(async () => {
    env = await startExtensionEnv();
    const merchantId = (await apiClient(env.worker, env.merchant.sk).get('/v1/merchant')).body.id as string;
    const seed = walletSeeder(env, { merchantId, mode: 'test' });
    codes.open = await seed.rewardCode(env.alice.advocateId, env.program.id, { type: 'percent', value: 15 });
    codes.used = await seed.rewardCode(env.alice.advocateId, env.program.id, {
      type: 'fixed_amount',
      value: 500,
      redeemed: true,
    });
    await seed.payout(env.alice.advocateId, env.program.id, { amount: 2500, status: 'paid' });
    await seed.payout(env.alice.advocateId, env.program.id, { amount: 1000, status: 'processing' });
    popup = await env.context.newPage();
    await popup.setViewportSize({ width: 400, height: 760 });
    popup.on('pageerror', (err) => problems.push(`popup pageerror: ${err.message}`));
    popup.on('console', (msg) => void (msg.type() === 'error' && problems.push(`popup console: ${msg.text()}`)));
    await popup.goto(`chrome-extension://${env.extensionId}/popup.html?tab`);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('after pairing through the widget, the entry lists payouts and reward codes; an open code copies', async () => {
    await popup.getByTestId('pairing-start').click();
    const code = (await popup.getByTestId('pairing-code').textContent({ timeout: 10_000 }))!.trim();
    const store = await env.context.newPage();
    await store.goto(`${env.store.url}/`);
    await store.getByRole('button', { name: 'Sign in as Alice' }).click();
    await store.getByText('Signed in as Alice').waitFor();
    const dialog = await openPanel(store);
    await expect.poll(() => panelText(store), { timeout: 10_000 }).toContain(env.alice.link);
    await dialog.getByText('Connect the Vouch browser extension').click();
    const input = dialog.getByLabel('Code shown by the extension');
    await input.fill(code);
    await input.press('Enter');
    await dialog.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await store.close();

    await popup.bringToFront();
    await popup.getByTestId('wallet-entry').waitFor({ timeout: 15_000 });
    // The refresh reads the rewards beside the entry.
    await popup.getByTestId('wallet-refresh').click();
    const rewards = popup.getByTestId('entry-rewards');
    await rewards.waitFor({ timeout: 10_000 });
    const payouts = await popup.getByTestId('entry-payouts').locator('li').allInnerTexts();
    expect(payouts).toHaveLength(2);
    expect(payouts[0]).toMatch(/\$10\s+Processing/);
    expect(payouts[1]).toMatch(/\$25\s+Paid/);
    const codeRows = popup.getByTestId('entry-reward-codes').locator('li');
    expect(await codeRows.allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`\\$5 off[\\s\\S]*${codes.used}[\\s\\S]*Used`)),
      expect.stringMatching(new RegExp(`15% off[\\s\\S]*${codes.open}[\\s\\S]*Copy`)),
    ]);
    expect(await codeRows.nth(0).getByTestId('copy-reward-code').count()).toBe(0);
    await codeRows.nth(1).getByTestId('copy-reward-code').click();
    await expect.poll(() => popup.evaluate(() => navigator.clipboard.readText())).toBe(codes.open);
    await popup.screenshot({ path: resolve(SCREENSHOTS, 'extension-popup-rewards.png'), fullPage: true });

    // Kept in the wallet every extension page reads (no token in it).
    const state = (await env.background.evaluate(() => chrome.storage.local.get('wallet'))) as {
      wallet: { entries: { rewards?: { reward_codes: { code: string }[] } }[] };
    };
    expect(state.wallet.entries[0]!.rewards!.reward_codes.map((c) => c.code)).toEqual([codes.used, codes.open]);
    expect(JSON.stringify(state.wallet)).not.toContain('vat_');
    expect(problems).toEqual([]);
  });
});
