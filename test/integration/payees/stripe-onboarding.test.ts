import { beforeAll, describe, expect, it } from 'vitest';
import { checkoutSession, stripeEvent, stripeSignature } from '../../../scripts/providers/stripe-events.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { storedText } from '../../support/stored-text.ts';
import { workerSuite } from '../../support/suite.ts';
import { signIdentity } from '../../support/widget-shop.ts';
import { LocalStripeConnect } from './local-stripe-connect.ts';

const API_KEY = 'rk_test_payeesOnboardingKey000000000000';
const stripe = new LocalStripeConnect(API_KEY);
const suite = workerSuite({ worker: { outbound: stripe.handle } });
let api: ReturnType<typeof apiClient>;
let pk: string;
let programId: string;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toLowerCase();
const RETURN_URL = 'https://shop.example/account/payouts';
const WHSEC = 'whsec_3kfT9qLmVb2XwYp7Rz4NcE8sHa1Ud6Go';
// The Connect endpoint's own signing secret (events from connected accounts, same URL).
const CONNECT_WHSEC = 'whsec_Cn7Ye2Rb5Tq9Wx3Lm8Pa4Kd6Hs1Uf0Zj';
let merchantId: string;

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker);
  pk = m.pk;
  merchantId = m.id;
  api = apiClient(suite.worker, m.sk);
  const connect = await api.call('PUT', '/v1/integrations/stripe', {
    webhook_secret: WHSEC,
    api_key: API_KEY,
    connect_webhook_secret: CONNECT_WHSEC,
  });
  expect(connect.status).toBe(200);
  programId = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
});

async function advocate(country?: string) {
  const externalId = `cus-${uid()}`;
  const e = await api.post(`/v1/programs/${programId}/advocates`, {
    external_id: externalId,
    email: `${externalId}@x.example`,
  });
  if (country) await api.call('PUT', `/v1/advocates/${e.body.advocate.id}/payout_details`, { country });
  return { id: e.body.advocate.id as string, externalId };
}

const accountCreates = (advocateId: string) =>
  stripe.requests.filter((r) => r.path === '/v1/accounts' && r.form['metadata[vouch_advocate]'] === advocateId);

describe('Stripe Connect onboarding (Stripe unreachable: local server with the documented shapes)', () => {
  it('creates one Express account under retries and a lost answer, and a fresh link each time', async () => {
    const a = await advocate('DE');
    stripe.dropNext = 1;
    const first = await api.post(`/v1/advocates/${a.id}/payout_details/stripe_onboarding`, { return_url: RETURN_URL });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      object: 'stripe_onboarding',
      stripe_account_id: expect.stringMatching(/^acct_/),
    });
    expect(first.body.url).toContain(first.body.stripe_account_id);
    expect(Date.parse(first.body.expires_at)).toBeGreaterThan(Date.now());
    // The lost answer was retried with the same key: Stripe replayed it, one account exists.
    const creates = accountCreates(a.id);
    expect(creates.length).toBe(2);
    expect(new Set(creates.map((r) => r.key)).size).toBe(1);
    expect(creates[0]!.form).toMatchObject({
      type: 'express',
      country: 'DE',
      'capabilities[transfers][requested]': 'true',
    });
    const link = stripe.requests.findLast((r) => r.path === '/v1/account_links')!;
    expect(link.form).toMatchObject({ type: 'account_onboarding', return_url: RETURN_URL, refresh_url: RETURN_URL });

    const again = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.post(`/v1/advocates/${a.id}/payout_details/stripe_onboarding`, { return_url: RETURN_URL }),
      ),
    );
    expect(again.map((r) => r.body.stripe_account_id)).toEqual(Array(5).fill(first.body.stripe_account_id));
    expect(new Set(again.map((r) => r.body.url)).size).toBe(5);
    expect(accountCreates(a.id).length).toBe(2);
    const details = (await api.get(`/v1/advocates/${a.id}/payout_details`)).body;
    expect(details).toMatchObject({
      method: 'stripe_connect',
      stripe_account_id: first.body.stripe_account_id,
      stripe_onboarding_complete: false,
    });
  });

  it('concurrent first requests make one account', async () => {
    const a = await advocate();
    const all = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.post(`/v1/advocates/${a.id}/payout_details/stripe_onboarding`, { return_url: RETURN_URL }),
      ),
    );
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(all.map((r) => r.body.stripe_account_id)).size).toBe(1);
    const ids = new Set(
      [...stripe.accounts.values()].filter((x: any) => x.metadata.vouch_advocate === a.id).map((x: any) => x.id),
    );
    expect(ids.size).toBe(1);
  });

  it('the widget starts onboarding for its signed-in advocate', async () => {
    const a = await advocate('US');
    const rolled = await api.post('/v1/widget_secret/roll', { revoke_previous: true });
    const identity = signIdentity(rolled.body.secret, a.externalId);
    const res = await apiClient(suite.worker, pk).post(
      '/v1/public/payout_details/stripe_onboarding',
      { identity, program_id: programId, return_url: RETURN_URL },
      { Origin: 'https://shop.example' },
    );
    expect(res.status).toBe(200);
    expect((await api.get(`/v1/advocates/${a.id}/payout_details`)).body.stripe_account_id).toBe(
      res.body.stripe_account_id,
    );
  });

  it('answers 404 for an unknown advocate, 400 without a return_url or off allowed hosts; no call', async () => {
    const connectCalls = () =>
      stripe.requests.filter((r) => r.path === '/v1/accounts' || r.path === '/v1/account_links');
    const before = connectCalls().length;
    const missing = await api.post('/v1/advocates/adv_00000000000000000000000000/payout_details/stripe_onboarding', {
      return_url: RETURN_URL,
    });
    expect(missing.status).toBe(404);
    expect((await api.post(`/v1/advocates/${(await advocate()).id}/payout_details/stripe_onboarding`, {})).status).toBe(
      400,
    );
    const offHost = await api.post(`/v1/advocates/${(await advocate()).id}/payout_details/stripe_onboarding`, {
      return_url: 'https://evil.example/back',
    });
    expect([offHost.status, offHost.body.error.code]).toEqual([400, 'return_url_not_allowed']);
    // Enrolling copies codes to Stripe (coupon sync): only Connect calls count here.
    expect(connectCalls().length).toBe(before);
  });
});

/**
 * A Connect event (`account` names the connected account) to the merchant's Stripe hook, signed as Stripe signs
 * (by default with the account endpoint's secret; `secret` for another).
 */
async function deliverConnect(
  type: string,
  object: Record<string, unknown>,
  o: { id?: string; secret?: string; account?: string } = {},
) {
  const { id, secret = WHSEC, account = object.id } = o;
  const event = { ...stripeEvent(type, object, id ? { id } : {}), account };
  const payload = JSON.stringify(event);
  const res = await suite.worker.fetch(`/hooks/stripe/${merchantId}/test`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, secret) },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as any, id: event.id };
}

describe('Stripe Connect onboarding completion (Stripe unreachable: signed account.updated, local server)', () => {
  it('an advocate is payable by Stripe only once account.updated says transfers are active', async () => {
    const prog = (
      await api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        hold_days: 0,
        payouts: { minimum_amount: 0, hold_days: 0, schedule: 'manual' },
      })
    ).body.id as string;
    const e = (await api.post(`/v1/programs/${prog}/advocates`, { external_id: `cus-${uid()}` })).body;
    const advocateId = e.advocate.id as string;
    const sale = await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: e.code,
    });
    expect(sale.status).toBe(201);
    const started = await api.post(`/v1/advocates/${advocateId}/payout_details/stripe_onboarding`, {
      return_url: RETURN_URL,
    });
    const accountId = started.body.stripe_account_id as string;
    const upcoming = async () => (await api.get(`/v1/payouts/upcoming?program_id=${prog}`)).body.data[0];

    // Onboarding started, not finished: not payable, nothing gathered.
    expect(await upcoming()).toMatchObject({ provider: null, payable: false, reason: 'no_payout_details' });
    const run = await api.post('/v1/payouts', { program_id: prog });
    expect(run.body.created).toEqual([]);
    expect(run.body.skipped).toEqual([
      expect.objectContaining({ advocate_id: advocateId, reason: 'no_payout_details' }),
    ]);
    const pending = await deliverConnect('account.updated', stripe.setTransfers(accountId, 'pending'));
    expect(pending.body).toMatchObject({ received: true, outcome: 'applied' });
    expect((await upcoming()).payable).toBe(false);

    // Another account naming this advocate in its metadata changes nothing.
    const stranger = { ...stripe.setTransfers(accountId, 'active'), id: 'acct_0000000000stranger' };
    stripe.setTransfers(accountId, 'pending');
    expect((await deliverConnect('account.updated', stranger)).body).toMatchObject({ outcome: 'ignored' });
    expect((await api.get(`/v1/advocates/${advocateId}/payout_details`)).body.stripe_onboarding_complete).toBe(false);

    const done = await deliverConnect('account.updated', stripe.setTransfers(accountId, 'active'));
    expect(done.body).toMatchObject({ received: true, outcome: 'applied' });
    expect((await api.get(`/v1/advocates/${advocateId}/payout_details`)).body).toMatchObject({
      method: 'stripe_connect',
      stripe_onboarding_complete: true,
    });
    expect(await upcoming()).toMatchObject({ provider: 'stripe_connect', payable: true, reason: null });

    // Applied once by event id: a redelivery of the earlier `pending` event is a duplicate and changes nothing.
    const again = await deliverConnect('account.updated', stripe.setTransfers(accountId, 'pending'), {
      id: pending.id,
    });
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    expect((await upcoming()).payable).toBe(true);

    // Stripe reopening requirements (transfers inactive) makes the advocate unpayable again.
    await deliverConnect('account.updated', stripe.setTransfers(accountId, 'inactive'));
    expect(await upcoming()).toMatchObject({ payable: false, reason: 'no_payout_details' });
  });

  it(`a delivery signed with the Connect endpoint's own secret is applied; one signed with neither secret is \
refused 400 and writes nothing; other Connect events are ignored`, async () => {
    const a = await advocate('DE');
    const started = await api.post(`/v1/advocates/${a.id}/payout_details/stripe_onboarding`, {
      return_url: RETURN_URL,
    });
    const accountId = started.body.stripe_account_id as string;
    const complete = async () =>
      (await api.get(`/v1/advocates/${a.id}/payout_details`)).body.stripe_onboarding_complete as boolean;
    const recentIds = async () =>
      (await api.get('/v1/integrations')).body.data[0].recent_events.map((e: { id: string }) => e.id) as string[];

    await settle(suite.bridge);
    const before = await storedText(suite.bridge, merchantId);
    const wrong = 'whsec_Wr0ngSecretNeitherOfThem0000000';
    const refused = await deliverConnect('account.updated', stripe.setTransfers(accountId, 'active'), {
      secret: wrong,
    });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'invalid_signature']);
    expect(await storedText(suite.bridge, merchantId)).toBe(before);
    expect(await recentIds()).not.toContain(refused.id);
    expect(await complete()).toBe(false);

    const signed = stripe.setTransfers(accountId, 'active');
    const done = await deliverConnect('account.updated', signed, { secret: CONNECT_WHSEC });
    expect([done.status, done.body]).toEqual([200, expect.objectContaining({ received: true, outcome: 'applied' })]);
    expect(await complete()).toBe(true);
    expect((await recentIds())[0]).toBe(done.id);

    // A connected account's own payments are not the merchant's orders: received, ignored, nothing recorded.
    const session = checkoutSession({ amount: 5_000 });
    const other = await deliverConnect('checkout.session.completed', session, {
      secret: CONNECT_WHSEC,
      account: accountId,
    });
    expect(other.body).toMatchObject({ received: true, outcome: 'ignored' });
    expect(other.body.detail).toContain('Connect endpoint');
  });
});
