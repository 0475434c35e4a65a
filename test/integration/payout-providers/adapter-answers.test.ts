import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Payout } from '../../../shared/schemas/payout.ts';
import type { Payee } from '../../../worker/payouts/providers/adapter.ts';
import { paypalAdapter } from '../../../worker/payouts/providers/paypal.ts';
import { stripeConnectAdapter } from '../../../worker/payouts/providers/stripe-connect.ts';
import { tremendousAdapter } from '../../../worker/payouts/providers/tremendous.ts';
import { FakePaypal, FakeStripeConnect, FakeTremendous, fetchVia } from '../../support/payout-provider-apis.ts';

// The adapters alone, their fetch answered in this process by the local servers (the providers are
// unreachable from here): every documented error maps to `failed` (with the provider's words) or `retry`.

const paypal = new FakePaypal('AYclient-0000000001', 'EOsecret-0000000001');
const stripe = new FakeStripeConnect('sk_test_adapterKEY00000001');
const tremendous = new FakeTremendous('TEST_adapter_key_00000001', 'webhook-private-key-0001');
const PAYPAL_CREDENTIALS = {
  clientId: paypal.clientId,
  clientSecret: paypal.clientSecret,
  webhookId: 'WH1',
  environment: 'sandbox',
};
const TREMENDOUS_CREDENTIALS = {
  apiKey: tremendous.apiKey,
  fundingSourceId: 'BALANCE',
  campaignId: 'CAMPAIGN01',
  environment: 'sandbox',
};

let n = 0;
function payout(provider: Payout['provider'], amount = 1234, currency = 'USD'): Payout {
  const at = new Date().toISOString();
  return {
    id: `po_adapter${(n++).toString().padStart(6, '0')}${Date.now().toString(36)}`,
    object: 'payout',
    livemode: false,
    advocate_id: 'adv_1',
    program_id: 'prg_1',
    provider,
    status: 'pending',
    amount,
    currency,
    reward_ids: ['rwd_1'],
    provider_reference: null,
    failure_reason: null,
    history: [{ status: 'pending', at, note: 'created' }],
    created_at: at,
    updated_at: at,
    paid_at: null,
  };
}
const payee = (over: Partial<Payee> = {}): Payee => ({
  advocateId: 'adv_1',
  method: 'paypal',
  paypalEmail: 'ada@example.com',
  stripeAccountId: null,
  stripeOnboardingComplete: false,
  country: 'US',
  email: 'ada@example.com',
  name: 'Ada',
  ...over,
});

beforeEach(() => {
  vi.stubGlobal('fetch', fetchVia(paypal, stripe, tremendous));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PayPal adapter (PayPal unreachable: local server with the documented shapes)', () => {
  const adapter = paypalAdapter(PAYPAL_CREDENTIALS);

  it('sends whole units for JPY and two decimals for USD', async () => {
    const yen = payout('paypal', 1234, 'JPY');
    expect(await adapter.send(yen, payee())).toMatchObject({ kind: 'accepted' });
    const sent = paypal.calls.findLast((c) => c.url.pathname === '/v1/payments/payouts');
    expect(JSON.parse(sent!.body).items[0].amount).toEqual({ value: '1234', currency: 'JPY' });
  });

  it('bad credentials fail with PayPal\u2019s words; a 503 on the payout call is a retry, nothing paid', async () => {
    const wrong = paypalAdapter({ ...PAYPAL_CREDENTIALS, clientSecret: 'EOnot-the-secret-01' });
    const refused = await wrong.send(payout('paypal'), payee());
    expect(refused).toMatchObject({ kind: 'failed', reason: expect.stringContaining('invalid_client') });
    const p = payout('paypal');
    paypal.failNext.push(0, 503);
    expect(await adapter.send(p, payee())).toMatchObject({ kind: 'retry' });
    expect(paypal.paymentsFor(p.id)).toBe(0);
    paypal.failNext.push(429);
    expect(await adapter.send(p, payee())).toMatchObject({ kind: 'retry' });
  });

  it('a resend of a batch whose item PayPal failed answers the item\u2019s error, paying once', async () => {
    paypal.failingReceivers.set('nobody@example.com', {
      status: 'FAILED',
      name: 'RECEIVER_UNREGISTERED',
      message: 'Receiver is unregistered',
    });
    const p = payout('paypal');
    paypal.dropNext = 1;
    expect(await adapter.send(p, payee({ paypalEmail: 'nobody@example.com' }))).toMatchObject({ kind: 'retry' });
    const again = await adapter.send(p, payee({ paypalEmail: 'nobody@example.com' }));
    expect(again).toMatchObject({ kind: 'failed', reason: expect.stringContaining('Receiver is unregistered') });
    expect(paypal.paymentsFor(p.id)).toBe(1);
  });

  it('a duplicate sender_batch_id that cannot be read yet is a retry, never a failure, paying once', async () => {
    const p = payout('paypal');
    paypal.dropNext = 1;
    expect(await adapter.send(p, payee())).toMatchObject({ kind: 'retry' });
    paypal.unlinkedDuplicates = 1;
    const unlinked = await adapter.send(p, payee());
    expect(unlinked).toMatchObject({ kind: 'retry', reason: expect.stringContaining('did not link it') });
    // The token and the POST answer; the GET of the first batch answers 404 (not yet visible), then 401.
    for (const status of [404, 401]) {
      paypal.failNext.push(0, 0, status);
      const unread = await adapter.send(p, payee());
      expect(unread).toMatchObject({ kind: 'retry', reason: expect.stringContaining(`answered ${status}`) });
    }
    expect(await adapter.send(p, payee())).toMatchObject({ kind: 'accepted' });
    expect(paypal.paymentsFor(p.id)).toBe(1);
  });

  it('any other 400 on the payout call is a refusal in PayPal’s words', async () => {
    const p = payout('paypal');
    paypal.failNext.push(0, 400);
    expect(await adapter.send(p, payee())).toMatchObject({ kind: 'failed', reference: null });
    expect(paypal.paymentsFor(p.id)).toBe(0);
  });

  it('fails without a PayPal email, calling nothing', async () => {
    const before = paypal.calls.length;
    expect(await adapter.send(payout('paypal'), payee({ paypalEmail: null }))).toMatchObject({ kind: 'failed' });
    expect(paypal.calls.length).toBe(before);
  });
});

describe('Stripe Connect adapter (Stripe unreachable: local server with the documented shapes)', () => {
  const adapter = stripeConnectAdapter(stripe.apiKey);

  it('an unknown destination and a bad key fail with Stripe\u2019s words; 429 and 5xx are retries', async () => {
    const unknown = await adapter.send(payout('stripe_connect'), payee({ stripeAccountId: 'acct_nobody' }));
    expect(unknown).toMatchObject({ kind: 'failed', reason: expect.stringContaining('No such destination') });
    const badKey = await stripeConnectAdapter('sk_test_wrongKEY000000001').send(
      payout('stripe_connect'),
      payee({ stripeAccountId: 'acct_nobody' }),
    );
    expect(badKey).toMatchObject({ kind: 'failed', reason: expect.stringContaining('Invalid API Key') });
    for (const status of [429, 500, 503]) {
      stripe.failNext.push(status);
      expect(await adapter.send(payout('stripe_connect'), payee({ stripeAccountId: 'acct_x' }))).toMatchObject({
        kind: 'retry',
      });
    }
  });
});

describe('Tremendous adapter (Tremendous unreachable: local server with the documented shapes)', () => {
  const adapter = tremendousAdapter(TREMENDOUS_CREDENTIALS);

  it('orders once per external_id: a repeat answers the first order', async () => {
    const p = payout('tremendous', 2500);
    const first = await adapter.send(p, payee());
    const again = await adapter.send(p, payee());
    expect(first).toMatchObject({ kind: 'accepted' });
    expect(again).toEqual(first);
    expect(tremendous.paymentsFor(p.id)).toBe(1);
  });

  it('a refused order fails with Tremendous\u2019s message; a 500 is a retry', async () => {
    const noFunding = tremendousAdapter({ ...TREMENDOUS_CREDENTIALS, fundingSourceId: '' });
    const refused = await noFunding.send(payout('tremendous'), payee());
    expect(refused).toMatchObject({ kind: 'failed', reason: expect.stringContaining('funding_source_id') });
    tremendous.failNext.push(500);
    expect(await adapter.send(payout('tremendous'), payee())).toMatchObject({ kind: 'retry' });
    expect(await adapter.send(payout('tremendous'), payee({ email: null }))).toMatchObject({ kind: 'failed' });
  });
});
