import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletSeeder } from '../integration/wallet/seed-wallet.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../support/api.ts';
import { type Bridge, startBridge } from '../support/redis.ts';
import { type RunningWorker, startWorker } from '../support/worker.ts';
import { buildExtensionFor } from './extension/build.ts';
import { type FirefoxWithExtension, findFirefox, launchFirefoxWithExtension } from './extension/firefox.ts';

const FIREFOX = findFirefox();
// As the extension's Firefox test: skipped without Firefox locally, a failure under CI.
const describeFirefox = FIREFOX || process.env.CI ? describe : describe.skip;

let bridge: Bridge;
let worker: RunningWorker;
let firefox: FirefoxWithExtension;
let popup: Page;
let buildDir: string;
let merchantKey = '';
const alice = { advocateId: '', open: '', used: '' };

describeFirefox('extension wallet in real Firefox ESR: paid out history and reward codes', () => {
  beforeAll(async () => {
    if (!FIREFOX) throw new Error('CI needs Firefox: apt-get install -y firefox-esr, or set FIREFOX_PATH');
    bridge = await startBridge();
    worker = await startWorker({ bridge });
    buildDir = await mkdtemp(join(tmpdir(), 'vouch-extension-firefox-wallet-'));
    const built = buildExtensionFor(worker.url.origin, buildDir, 'firefox');
    built.catch(() => {});
    const merchant = await createTestMerchant(worker);
    merchantKey = merchant.sk;
    const api = apiClient(worker, merchant.sk);
    const program = await api.post('/v1/programs', PROGRAM_INPUT);
    const enrolled = await api.post(`/v1/programs/${program.body.id}/advocates`, { external_id: 'ff-alice' });
    alice.advocateId = enrolled.body.advocate.id;
    const seed = walletSeeder({ bridge }, { merchantId: merchant.created.merchant.id, mode: 'test' });
    alice.open = await seed.rewardCode(alice.advocateId, program.body.id, { type: 'percent', value: 15 });
    alice.used = await seed.rewardCode(alice.advocateId, program.body.id, {
      type: 'fixed_amount',
      value: 500,
      redeemed: true,
    });
    await seed.payout(alice.advocateId, program.body.id, { amount: 2500, status: 'paid' });
    firefox = await launchFirefoxWithExtension(FIREFOX, await built);
    popup = await firefox.openExtensionPage('popup.html?tab', '[data-testid="wallet-empty"]');
  }, 90_000);

  afterAll(async () => {
    await firefox?.close().catch(() => {});
    await worker?.dispose();
    await bridge?.stop();
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  it("paired by a pairing link, a refresh shows the entry's payouts and reward codes from the Worker", async () => {
    const link = await apiClient(worker, merchantKey).post(`/v1/advocates/${alice.advocateId}/pairing_links`, {});
    expect(link.status).toBe(201);
    await popup.type('[data-testid="pairing-link-input"]', link.body.url as string);
    await popup.click('[data-testid="pairing-link-submit"]');
    await popup.waitForSelector('[data-testid="wallet-entry"]', { timeout: 15_000 });
    await popup.click('[data-testid="wallet-refresh"]');
    await popup.waitForSelector('[data-testid="entry-reward-codes"]', { timeout: 15_000 });
    const shown = await popup.evaluate(() => ({
      payouts: [...document.querySelectorAll('[data-testid="entry-payouts"] li')].map((li) => li.textContent),
      codes: [...document.querySelectorAll('[data-testid="entry-reward-codes"] li')].map((li) => li.textContent),
      copies: document.querySelectorAll('[data-testid="copy-reward-code"]').length,
    }));
    expect(shown.payouts).toEqual([expect.stringMatching(/\$25\s*Paid/)]);
    expect(shown.codes).toEqual([
      expect.stringMatching(new RegExp(`\\$5 off.*${alice.used}.*Used`)),
      expect.stringMatching(new RegExp(`15% off.*${alice.open}.*Copy`)),
    ]);
    expect(shown.copies).toBe(1);
  });
});
