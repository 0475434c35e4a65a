import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROGRAM_INPUT } from '../support/api.ts';
import { describeBrowser } from '../support/browser.ts';
import {
  axePage,
  type ConsoleEnv,
  type ConsolePage,
  newConsolePage,
  openSection,
  screenshot,
  settled,
  signIn,
  startConsoleEnv,
} from './console/env.ts';

// The console's Payouts page and the advocate page's payout part in real Chromium (the Worker in
// workerd serving the console's build, real Redis): a program paying $10 with no hold, an advocate
// whose sale earned an approved reward. The merchant sets the advocate's payout details on their page
// (the PayPal email shown masked), sees the reward upcoming, pays it now (a manual payout) and marks it
// paid; the reward is paid and the advocate's history shows it. In Persian (RTL, dark) a payout marked
// failed with a reason lists under failures and Retry gathers it again. axe-core clean; no console
// error, CSP violation, failed request or 4xx/5xx answer.
describeBrowser('merchant console: payouts', () => {
  let env: ConsoleEnv;
  let programId: string;

  beforeAll(async () => {
    env = await startConsoleEnv();
    const program = await env.api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      name: 'Cash for friends',
      hold_days: 0,
      payouts: { minimum_amount: 0, hold_days: 0, schedule: 'manual' },
    });
    expect(program.status).toBe(201);
    programId = program.body.id;
  });
  afterAll(async () => {
    await env?.close();
  });

  async function done(p: ConsolePage): Promise<void> {
    await p.context.close();
    expect(p.problems).toEqual([]);
  }

  /** An advocate whose referred sale earned the program's $10, approved at once (no hold). */
  async function advocateWithApprovedReward(name: string, externalId: string) {
    const enrolled = await env.api.post(`/v1/programs/${programId}/advocates`, {
      external_id: externalId,
      name,
      email: `${externalId}@example.com`,
    });
    expect(enrolled.status).toBe(201);
    const conversion = await env.api.post('/v1/conversions', {
      type: 'sale',
      order_id: `order-${externalId}`,
      amount: 5000,
      currency: 'USD',
      customer: { external_id: `friend-of-${externalId}`, email: `friend.${externalId}@example.org` },
      code: enrolled.body.code,
    });
    expect(conversion.status).toBe(201);
    const reward = conversion.body.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
    expect(reward).toMatchObject({ status: 'approved', amount: 1000, currency: 'USD' });
    return { advocateId: enrolled.body.advocate.id as string, rewardId: reward.id as string };
  }

  const payoutsOf = async (advocateId: string) =>
    (await env.api.get(`/v1/payouts?advocate_id=${advocateId}`)).body.data as {
      id: string;
      status: string;
      provider: string;
      amount: number;
      reward_ids: string[];
      failure_reason: string | null;
    }[];

  it('sets payout details on the advocate page, pays the upcoming reward now, marks it paid', async () => {
    const { advocateId, rewardId } = await advocateWithApprovedReward('Ada Lovelace', 'ada');
    const p = await newConsolePage(env);
    const { page } = p;
    await signIn(page, env, `/console/advocates/${advocateId}`);
    await page.getByTestId('page-advocate').waitFor();
    await settled(page);
    await page.getByTestId('payout-details-empty').waitFor();
    await page.getByTestId('advocate-payouts-empty').waitFor();

    // The merchant gives the details: paid by hand, a PayPal email (kept encrypted, shown masked), US.
    await page.getByTestId('payout-details-edit').click();
    await page.getByTestId('payout-details-method').selectOption('manual');
    await page.getByTestId('payout-details-paypal_email').fill('ada.lovelace@example.com');
    await page.getByTestId('payout-details-country').fill('us');
    await page.getByTestId('payout-details-save').click();
    await expect.poll(() => page.getByTestId('payout-details').innerText()).toContain('Manual');
    await settled(page);
    const facts = await page.getByTestId('payout-details').innerText();
    expect(facts).toContain('US');
    expect(facts).toContain('@example.com');
    expect(facts).not.toContain('ada.lovelace@');
    expect(await page.content()).not.toContain('ada.lovelace@example.com');
    const details = (await env.api.get(`/v1/advocates/${advocateId}/payout_details`)).body;
    expect(details).toMatchObject({ method: 'manual', country: 'US' });
    expect(await axePage(page)).toEqual([]);

    await openSection(page, 'payouts');
    // Only this program's lines (and Pay now pays only them).
    await page.getByTestId('payouts-program').selectOption(programId);
    await settled(page);
    const line = page.getByTestId(`upcoming-${advocateId}`);
    const text = await line.innerText();
    for (const part of ['Ada Lovelace', 'Cash for friends', '$10.00', 'Manual', 'Paid by the next run'])
      expect(text).toContain(part);
    await page.getByTestId('payouts-batches-empty').waitFor();
    await page.getByTestId('payouts-failures-empty').waitFor();
    expect(await axePage(page)).toEqual([]);

    await page.getByTestId('payouts-pay-now').click();
    const result = page.getByTestId('payouts-run-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('Payouts created: 1');
    expect(await result.innerText()).toContain('Ada Lovelace: $10.00');
    const [payout] = await payoutsOf(advocateId);
    expect(payout).toMatchObject({ status: 'pending', provider: 'manual', amount: 1000, reward_ids: [rewardId] });
    await page.getByTestId('payouts-upcoming-empty').waitFor();
    const status = page.getByTestId(`payouts-batches-status-${payout!.id}`);
    expect(await status.textContent()).toBe('Pending');
    await screenshot(page, 'payouts-pending');

    await page.getByTestId(`payouts-batches-mark_paid-${payout!.id}`).click();
    await expect.poll(() => status.textContent()).toBe('Paid');
    expect((await env.api.get(`/v1/payouts/${payout!.id}`)).body.status).toBe('paid');
    expect((await env.api.get(`/v1/rewards/${rewardId}`)).body.status).toBe('paid');
    expect(await page.getByTestId(`payouts-batches-row-${payout!.id}`).innerText()).toContain('Paid ');
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'payouts-paid');

    // The advocate's page: the payout in their history, paid.
    await page.getByTestId(`payouts-batches-row-${payout!.id}`).getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByTestId('page-advocate').waitFor();
    await settled(page);
    expect(await page.getByTestId(`advocate-payouts-status-${payout!.id}`).textContent()).toBe('Paid');
    await done(p);
  });

  it('in Persian, right to left and dark: a payout marked failed with a reason, then retried', async () => {
    const { advocateId, rewardId } = await advocateWithApprovedReward('Bita', 'bita');
    const put = await env.api.call('PUT', `/v1/advocates/${advocateId}/payout_details`, {
      method: 'manual',
      country: 'IR',
    });
    expect(put.status).toBe(200);
    const p = await newConsolePage(env, { colorScheme: 'dark' });
    const { page } = p;
    await signIn(page, env);
    await page.getByTestId('locale-picker').selectOption('fa');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await openSection(page, 'payouts');
    expect(await page.getByTestId(`upcoming-${advocateId}`).innerText()).toContain('Bita');
    await page.getByTestId('payouts-pay-now').click();
    await page.getByTestId('payouts-run-result').waitFor();
    const [payout] = await payoutsOf(advocateId);
    expect(payout).toMatchObject({ status: 'pending', provider: 'manual' });

    await page.getByTestId(`payouts-batches-fail-${payout!.id}`).click();
    // A reason is asked for: empty is refused in the page.
    await page.getByTestId('payouts-batches-fail-confirm').click();
    expect(await page.getByTestId('error-payouts-batches-fail-reason').textContent()).toBeTruthy();
    await page.getByTestId('payouts-batches-fail-reason').fill('حساب PayPal بسته است');
    await page.getByTestId('payouts-batches-fail-confirm').click();
    const failedRow = page.getByTestId(`payouts-failures-row-${payout!.id}`);
    await failedRow.waitFor();
    expect(await failedRow.innerText()).toContain('حساب PayPal بسته است');
    expect(await page.getByTestId(`payouts-failures-status-${payout!.id}`).textContent()).toBe('ناموفق');
    expect((await env.api.get(`/v1/rewards/${rewardId}`)).body.status).toBe('approved');
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'payouts-failed-fa-dark');

    await page.getByTestId(`payouts-failures-retry-${payout!.id}`).click();
    await page.getByTestId('payouts-failures-message').waitFor();
    await expect
      .poll(async () => (await payoutsOf(advocateId)).map((x) => x.status).sort())
      .toEqual(['failed', 'pending']);
    const again = (await payoutsOf(advocateId)).find((x) => x.status === 'pending')!;
    expect(again.reward_ids).toEqual([rewardId]);
    await page.getByTestId(`payouts-batches-row-${again.id}`).waitFor();
    expect(await axePage(page)).toEqual([]);
    await done(p);
  });

  /** A file the page saves (a CSV fetched with the key, handed over as a blob), read back. */
  async function saved(page: Page, testid: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
  }

  it('manual payouts: the PayPal file lists the pending payout, the paid list imported marks it paid', async () => {
    const { advocateId, rewardId } = await advocateWithApprovedReward('Chidi Anagonye', 'chidi');
    const details = { method: 'manual', paypal_email: 'chidi@example.net', country: 'NG' };
    expect((await env.api.call('PUT', `/v1/advocates/${advocateId}/payout_details`, details)).status).toBe(200);
    const run = await env.api.post('/v1/payouts', { advocate_id: advocateId });
    expect(run.body.created).toHaveLength(1);
    const payoutId = run.body.created[0].id as string;
    const p = await newConsolePage(env);
    const { page } = p;
    await signIn(page, env);
    await openSection(page, 'payouts');
    const paypal = await saved(page, 'payouts-csv-paypal');
    expect(paypal.name).toBe('vouch-payouts-paypal.csv');
    expect(paypal.text).toContain('chidi@example.net');
    expect(paypal.text).toContain(payoutId);

    // The merchant paid it by PayPal and imports the paid list: the row says what it did.
    const csv = `payout_id,status,reason,reference\r\n${payoutId},paid,,PP-BATCH-77\r\n`;
    await page.getByTestId('payouts-import-file').setInputFiles({
      name: 'paid.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByTestId('payouts-import-submit').click();
    const rows = page.getByTestId('payouts-import-rows');
    await rows.waitFor();
    expect(await rows.innerText()).toContain(payoutId);
    expect(await rows.innerText()).toContain('Marked paid');
    expect(await page.getByTestId('payouts-import-status').textContent()).toBe('Rows imported: 1 (1 paid, 0 failed).');
    await expect.poll(() => page.getByTestId(`payouts-batches-status-${payoutId}`).textContent()).toBe('Paid');
    expect((await env.api.get(`/v1/rewards/${rewardId}`)).body.status).toBe('paid');

    // This year's tax report has the payee's total.
    const year = String(new Date().getUTCFullYear());
    expect(await page.getByTestId('payouts-tax-year').inputValue()).toBe(year);
    const report = await saved(page, 'payouts-tax-download');
    expect(report.name).toBe(`vouch-tax-report-${year}.csv`);
    const line = report.text.split(/\r?\n/).find((l) => l.startsWith(advocateId));
    expect(line).toContain('Chidi Anagonye');
    expect(line).toContain('1000');
    expect(await axePage(page)).toEqual([]);
    await done(p);
  });
});
