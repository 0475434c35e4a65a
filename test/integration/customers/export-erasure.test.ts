import { createHash } from 'node:crypto';
import '@shopify/shopify-api/adapters/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  shopifyDataRequest,
  shopifyDelivery,
  shopifyId,
  shopifyOrder,
} from '../../../scripts/providers/shopify-events.ts';
import { paidInvoice, stripeEvent, stripeId, stripeSignature } from '../../../scripts/providers/stripe-events.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually, type Receiver, startReceiver } from '../webhooks/receiver.ts';

// A redis-server of its own: erasure SCANs the database, and the test scans every key of it for the person.
const suite = workerSuite({ private: true });
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The digests the Worker keys a customer by (worker/lib/customer-digest.ts, worker/conversions/records.ts). */
const customerDigest = (externalId: string) => sha256(`ext:${externalId}`).slice(0, 32);
const signupKey = (externalId: string) => sha256(`signup:${externalId}`).slice(0, 40);
const path = (externalId: string) => `/v1/customers/${encodeURIComponent(externalId)}`;
const erase = (externalId: string) => api.call('DELETE', path(externalId));

/** Every key of the bridge's database with its value as text, whatever its type. */
async function everyKeyAndValue(): Promise<Map<string, string>> {
  const direct = suite.bridge.direct;
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = (await direct(['SCAN', cursor, 'COUNT', '1000'])) as [unknown, unknown[]];
    cursor = String(next);
    for (const k of keys.map(String)) {
      const type = String(await direct(['TYPE', k]));
      const read: Record<string, string[]> = {
        string: ['GET', k],
        hash: ['HGETALL', k],
        set: ['SMEMBERS', k],
        zset: ['ZRANGE', k, '0', '-1', 'WITHSCORES'],
        list: ['LRANGE', k, '0', '-1'],
      };
      const value = read[type] ? await direct(read[type]!) : '';
      out.set(k, Array.isArray(value) ? value.map(String).join('\n') : String(value ?? ''));
    }
  } while (cursor !== '0');
  return out;
}

/** Where any of `needles` still shows, in a key's name or its value (emails in any case). */
async function traces(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [key, value] of await everyKeyAndValue()) {
    for (const needle of needles) {
      const low = needle.toLowerCase();
      if (key.toLowerCase().includes(low)) found.push(`key ${key} names ${needle}`);
      if (value.toLowerCase().includes(low)) found.push(`${key} holds ${needle}`);
    }
  }
  return found;
}

interface World {
  programId: string;
  advocate: { externalId: string; email: string; name: string; id: string; code: string };
  friend: { externalId: string; email: string };
  conversionIds: string[];
  redemptionId: string;
  clickId: string;
}

/** One click through the redirect on the code, recorded after the response: its `vouch_click`. */
async function click(code: string): Promise<string> {
  const who = visitor(`10.9.${n & 255}.${(n * 7) & 255}`);
  const res = await suite.worker.fetch(`/r/${code}`, { headers: who.headers(), redirect: 'manual' });
  expect(res.status).toBe(302);
  await settle(suite.bridge);
  return new URL(res.headers.get('location')!).searchParams.get('vouch_click')!;
}

/** An advocate (with email, name, a widget token, a paired extension) and a friend who redeemed and bought twice. */
async function world(): Promise<World> {
  const id = uid();
  const advocate = {
    externalId: `adv erase/${id}`,
    email: `Zelda.Quartermain.${id}@Example.com`,
    name: `Zelda Quartermain ${id}`,
  };
  const friend = { externalId: `friend-erase-${id}`, email: `ferdinand.${id}@example.org` };
  hookPath = receiver.path();
  const hook = await api.post('/v1/webhook_endpoints', {
    url: hookPath.url,
    events: ['referral.created', 'conversion.created', 'reward.created', 'redemption.created', 'customer.erased'],
  });
  expect(hook.status).toBe(201);
  const program = (await api.post('/v1/programs', { ...PROGRAM_INPUT, limits: { one_redemption_per_customer: true } }))
    .body;
  // Through the Idempotency-Key middleware: its stored answer holds the advocate's email and name.
  const enrolled = await api.post(
    `/v1/programs/${program.id}/advocates`,
    { external_id: advocate.externalId, email: advocate.email, name: advocate.name, metadata: { crm: advocate.email } },
    { 'Idempotency-Key': `enroll-${id}` },
  );
  expect(enrolled.status).toBe(201);
  const { code } = enrolled.body;
  const advocateId = enrolled.body.advocate.id as string;
  expect(
    (await api.post('/v1/widget_tokens', { customer_id: advocate.externalId, email: advocate.email })).status,
  ).toBe(201);
  const link = (await api.post(`/v1/advocates/${advocateId}/pairing_links`, {})).body.token;
  const paired = await apiClient(suite.worker).post('/v1/extension/tokens', { pairing_link: link });
  expect(paired.body.status).toBe('paired');

  const clickId = await click(code);
  // A use held for the friend at checkout (its record names them by digest until it expires).
  const held = await api.post(`/v1/codes/${code}/validate`, {
    customer: { external_id: friend.externalId },
    order: { amount: 8000, currency: 'USD' },
    reserve: { ttl_seconds: 3600 },
  });
  expect(held.body.reservation.id).toMatch(/^res_/);
  const redeemed = await api.post(
    '/v1/redemptions',
    {
      code,
      order_id: `ord-r-${id}`,
      customer: { external_id: friend.externalId, email: friend.email },
      order: { amount: 8000, currency: 'USD' },
    },
    { 'Idempotency-Key': `redeem-${id}` },
  );
  expect(redeemed.status).toBe(201);
  const sale = await api.post(
    '/v1/conversions',
    {
      type: 'sale',
      order_id: `ord-s-${id}`,
      customer: { external_id: friend.externalId, email: friend.email },
      amount: 12_000,
      currency: 'USD',
      click_id: clickId,
    },
    { 'Idempotency-Key': `sale-${id}` },
  );
  expect(sale.status).toBe(201);
  const conversions = (await api.get(`/v1/conversions?limit=100`)).body.data as { id: string; order_id: string }[];
  const conversionIds = conversions.filter((c) => c.order_id.endsWith(id)).map((c) => c.id);
  expect(conversionIds).toHaveLength(2);
  return {
    programId: program.id,
    advocate: { ...advocate, id: advocateId, code },
    friend,
    conversionIds,
    redemptionId: redeemed.body.id,
    clickId,
  };
}

let w: World;
// Deliveries go to a local receiver that answers 200: the events are stored (30 days) either way.
let receiver: Receiver;
let hookPath: { url: string; path: string };
afterAll(() => receiver?.close());
beforeAll(async () => {
  receiver = await startReceiver();
  const m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, m.sk);
  w = await world();
});

describe('GET /v1/customers/{external_id}/export', () => {
  it('returns everything held about the advocate: record, codes, clicks, referred conversions, rewards, balance, \
extension and widget tokens (no secret, no friend id)', async () => {
    const res = await api.get(`${path(w.advocate.externalId)}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ object: 'customer_export', livemode: false, external_id: w.advocate.externalId });
    const [entry] = res.body.as_advocate;
    expect(res.body.as_advocate).toHaveLength(1);
    expect(entry.advocate).toMatchObject({ id: w.advocate.id, email: w.advocate.email, name: w.advocate.name });
    expect(entry.codes).toEqual([expect.objectContaining({ code: w.advocate.code, status: 'active' })]);
    expect(entry.clicks.counted).toBeGreaterThanOrEqual(1);
    expect(entry.clicks.credited_click_ids).toContain(w.clickId);
    expect(entry.referred_conversions.map((c: { id: string }) => c.id).sort()).toEqual([...w.conversionIds].sort());
    expect(JSON.stringify(entry.referred_conversions)).not.toContain(w.friend.externalId);
    expect(entry.rewards.length).toBeGreaterThanOrEqual(1);
    expect(entry.balance.lines[0]).toMatchObject({ unit: 'USD' });
    expect(entry.extension_tokens).toEqual([{ program_id: w.programId, created_at: expect.any(String) }]);
    expect(res.body.widget_tokens).toEqual([{ email: w.advocate.email, name: null, expires_at: expect.any(String) }]);
    expect(res.body.as_friend).toEqual({
      referrals: [],
      conversions: [],
      redemptions: [],
      subscriptions: [],
      trials: [],
    });
  });

  it('returns the friend side: their referral, both conversions (with rewards) and their redemption', async () => {
    const res = await api.get(`${path(w.friend.externalId)}/export`);
    expect(res.status).toBe(200);
    expect(res.body.as_advocate).toEqual([]);
    const { referrals, conversions, redemptions } = res.body.as_friend;
    expect(referrals).toEqual([expect.objectContaining({ customer_external_id: w.friend.externalId })]);
    expect(conversions.map((c: { id: string }) => c.id).sort()).toEqual([...w.conversionIds].sort());
    expect(conversions.some((c: { rewards: unknown[] }) => c.rewards.length > 0)).toBe(true);
    expect(redemptions).toEqual([expect.objectContaining({ id: w.redemptionId, code: w.advocate.code })]);
  });

  it('refuses an id over 128 characters with a 400 and answers empty lists for a stranger', async () => {
    const long = await api.get(`${path('x'.repeat(129))}/export`);
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'invalid_request', param: 'external_id' });
    expect((await erase('y'.repeat(129))).status).toBe(400);
    const stranger = await api.get(`${path(`nobody-${uid()}`)}/export`);
    expect(stranger.body).toMatchObject({ as_advocate: [], widget_tokens: [] });
  });
});

describe('DELETE /v1/customers/{external_id}', () => {
  it('leaves no trace of either person in any key of the database, keeps the money records and the stats; a \
repeat erases nothing more; a new enrollment starts clean', async () => {
    const stats = async () => (await api.get(`/v1/programs/${w.programId}/stats`)).body;
    const statsBefore = await stats();
    const conversionsBefore = await Promise.all(
      w.conversionIds.map(async (id) => (await api.get(`/v1/conversions/${id}`)).body),
    );
    const needles = [
      w.advocate.externalId,
      w.advocate.email,
      w.advocate.name,
      customerDigest(w.advocate.externalId),
      w.friend.externalId,
      w.friend.email,
      customerDigest(w.friend.externalId),
      signupKey(w.friend.externalId),
    ];
    expect((await traces(needles)).length).toBeGreaterThan(0);

    const asAdvocate = await erase(w.advocate.externalId);
    expect(asAdvocate.status).toBe(200);
    expect(asAdvocate.body).toMatchObject({
      object: 'customer_erasure',
      erased_as: expect.stringMatching(/^erased_[0-9a-f]{32}$/),
      counts: { advocates: 1, codes_disabled: 1, extension_tokens: 1, widget_tokens: 1 },
    });
    expect(asAdvocate.body.counts.idempotency_records).toBeGreaterThanOrEqual(1);
    const asFriend = await erase(w.friend.externalId);
    expect(asFriend.body.counts).toMatchObject({ conversions: 2, referrals: 1, redemptions: 1, reservations: 1 });
    expect(asFriend.body.counts.webhook_events).toBeGreaterThanOrEqual(2);
    await settle(suite.bridge);

    expect(await traces(needles)).toEqual([]);
    // Scrubbed records that expire still do (webhook envelopes 30 days, idempotent answers 25 h).
    for (const pattern of ['v1:*:webhook_event:evt_*', 'v1:idempotency:*']) {
      const [, keys] = (await suite.bridge.direct(['SCAN', '0', 'MATCH', pattern, 'COUNT', '10000'])) as [
        unknown,
        unknown[],
      ];
      for (const k of keys.map(String).filter((k) => !k.endsWith(':deliveries'))) {
        expect(Number(await suite.bridge.direct(['TTL', k])), k).toBeGreaterThan(0);
      }
    }

    // The money records stay, with the person replaced.
    for (const before of conversionsBefore) {
      const after = (await api.get(`/v1/conversions/${before.id}`)).body;
      expect(after).toEqual({ ...before, customer_external_id: asFriend.body.erased_as });
    }
    expect((await api.get(`/v1/redemptions/${w.redemptionId}`)).body).toMatchObject({ order: { amount: 8000 } });
    const advocate = (await api.get(`/v1/advocates/${w.advocate.id}`)).body;
    expect(advocate).toMatchObject({
      external_id: asAdvocate.body.erased_as,
      email: null,
      name: null,
      metadata: {},
      status: 'suspended',
    });
    expect((await api.get(`/v1/codes/${w.advocate.code}`)).body.status).toBe('disabled');
    expect(await stats()).toEqual(statsBefore);

    // The merchant's endpoint hears which records lost each person: ids only.
    const erasedEvents = async () =>
      receiver
        .received(hookPath.path)
        .map((r) => JSON.parse(r.body))
        .filter((e) => e.type === 'customer.erased');
    await eventually(erasedEvents, (events) => events.length === 2);
    const [friendEvent] = (await erasedEvents()).filter((e) => e.data.erased_as === asFriend.body.erased_as);
    expect(friendEvent.data).toMatchObject({ referral_ids: [expect.any(String)], redemption_ids: [w.redemptionId] });
    expect([...friendEvent.data.conversion_ids].sort()).toEqual([...w.conversionIds].sort());

    const again = await erase(w.advocate.externalId);
    expect(again.body).toMatchObject({
      erased_as: asAdvocate.body.erased_as,
      first_erased_at: asAdvocate.body.first_erased_at,
    });
    expect(Object.values(again.body.counts).every((v) => v === 0)).toBe(true);
    await settle(suite.bridge);
    expect(await erasedEvents()).toHaveLength(2);

    const back = await api.post(`/v1/programs/${w.programId}/advocates`, { external_id: w.advocate.externalId });
    expect(back.status).toBe(201);
    expect(back.body.created).toBe(true);
    expect(back.body.advocate.id).not.toBe(w.advocate.id);
    expect((await api.get(`/v1/advocates/${back.body.advocate.id}/balance`)).body.lines).toEqual([]);
    const fresh = (await api.get(`${path(w.advocate.externalId)}/export`)).body;
    expect(fresh.as_advocate.map((a: { advocate: { id: string } }) => a.advocate.id)).toEqual([back.body.advocate.id]);
    expect(fresh.as_advocate[0].rewards).toEqual([]);
  });
});

describe('a stranger', () => {
  it('erasing someone Vouch holds nothing about: zero counts, nothing written, not even a log entry', async () => {
    const personal = (keys: Map<string, string>) => [...keys].filter(([key]) => !key.includes(':ratelimit:'));
    const before = personal(await everyKeyAndValue());
    const res = await erase(`stranger-${uid()}`);
    expect(res.status).toBe(200);
    expect(Object.values(res.body.counts).every((n) => n === 0)).toBe(true);
    expect(personal(await everyKeyAndValue())).toEqual(before);
  });
});

describe('concurrent erasures', () => {
  it('10 at once of one person change each record once in total and send one customer.erased', async () => {
    const x = await world();
    const answers = await Promise.all(Array.from({ length: 10 }, () => erase(x.friend.externalId)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const total = (kind: string) => answers.reduce((sum, a) => sum + a.body.counts[kind], 0);
    expect([total('conversions'), total('referrals'), total('redemptions')]).toEqual([2, 1, 1]);
    expect(new Set(answers.map((a) => a.body.erased_as)).size).toBe(1);
    await settle(suite.bridge);
    const events = receiver
      .received(hookPath.path)
      .map((r) => JSON.parse(r.body))
      .filter((e) => e.type === 'customer.erased');
    expect(events).toHaveLength(1);
    expect(await traces([x.friend.externalId, customerDigest(x.friend.externalId)])).toEqual([]);
  });
});

describe('a Shopify guest (deliveries signed as Shopify documents; Shopify cannot reach this machine)', () => {
  it(`erasing email:{email} and shopify_customer_{id} also scrubs the integration log and the apply-once \
outcomes that named them (URL-encoded in the data request's answer)`, async () => {
    const secret = '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';
    const shop = `erase-${uid().toLowerCase()}.myshopify.com`;
    const m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
    const shopApi = apiClient(suite.worker, m.sk);
    expect(
      (await shopApi.call('PUT', '/v1/integrations/shopify', { shop_domain: shop, api_secret: secret })).status,
    ).toBe(200);
    const program = (await shopApi.post('/v1/programs', PROGRAM_INPUT)).body;
    const { code } = (await shopApi.post(`/v1/programs/${program.id}/advocates`, { external_id: `a-${uid()}` })).body;
    const deliver = (topic: string, payload: object) => {
      const d = shopifyDelivery(topic, payload, { secret, shopDomain: shop });
      return shopApi.call('POST', `/hooks/shopify/${m.id}/test`, d.body, d.headers);
    };
    const guest = { id: shopifyId(), email: `Guest.Erase.${uid()}@example.net` };
    const order = shopifyOrder({
      total: '21.00',
      currency: 'USD',
      customer: null,
      email: guest.email,
      discountCodes: [code],
    });
    expect((await deliver('orders/paid', order)).body).toMatchObject({ outcome: 'applied' });
    const asked = await deliver('customers/data_request', shopifyDataRequest(shop, guest, [order.id]));
    expect(asked.body.detail).toContain(encodeURIComponent(`email:${guest.email.toLowerCase()}`));
    const ids = [`email:${guest.email.toLowerCase()}`, `shopify_customer_${guest.id}`];
    const needles = [guest.email, encodeURIComponent(guest.email), ...ids, ...ids.map(encodeURIComponent)];
    expect((await traces(needles)).length).toBeGreaterThan(0);

    for (const id of ids) expect((await shopApi.call('DELETE', path(id))).status).toBe(200);
    expect(await traces(needles)).toEqual([]);
    const log = (await shopApi.get('/v1/integrations')).body.data[0];
    expect(JSON.stringify(log)).toContain('erased_');
  });
});

describe(`a referred friend with a Stripe subscription (Stripe is unreachable here: its events are built as its API \
reference documents them and signed as Stripe signs them)`, () => {
  const WHSEC = 'whsec_Er4sUr3Sub5cr1pt10nT3st9Kq2Lm7Np';
  const DAY = 86_400;

  /** A merchant connected to Stripe, a program whose advocate earns on 12 months of renewals, an advocate. */
  async function stripeMerchant() {
    const m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
    const stripeApi = apiClient(suite.worker, m.sk);
    expect((await stripeApi.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC })).status).toBe(200);
    const reward = { ...PROGRAM_INPUT.referrer_reward, recurring: { months: 12 } };
    const program = (await stripeApi.post('/v1/programs', { ...PROGRAM_INPUT, referrer_reward: reward })).body;
    const enrolled = (await stripeApi.post(`/v1/programs/${program.id}/advocates`, { external_id: `a-${uid()}` })).body;
    const deliver = async (event: object) => {
      const payload = JSON.stringify(event);
      const res = await suite.worker.fetch(`/hooks/stripe/${m.id}/test`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, WHSEC) },
        body: payload,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { outcome: string; detail: string };
    };
    const conversions = async () =>
      ((await stripeApi.get('/v1/conversions?limit=100')).body.data as any[]).filter(
        (c) => c.advocate_id === enrolled.advocate.id,
      );
    return { stripeApi, deliver, conversions, code: enrolled.code as string, advocateId: enrolled.advocate.id };
  }

  it(`exports the subscription; erasing the Stripe customer leaves no trace of them while the renewals keep their \
amounts; a renewal after the erasure still credits the advocate, on the same referral`, async () => {
    const s = await stripeMerchant();
    const customer = stripeId('cus');
    const email = `Sub.Scriber.${uid()}@Example.com`;
    const subscription = stripeId('sub');
    const start = Math.floor(Date.now() / 1000);
    // Month 0 is the first invoice (the code travels in the subscription's metadata), then monthly renewals.
    const invoice = (month: number) =>
      paidInvoice({
        subscription,
        customer,
        email,
        billingReason: month === 0 ? 'subscription_create' : 'subscription_cycle',
        amountPaid: 2_000,
        periodStart: start + month * 30 * DAY,
        ...(month === 0 ? { metadata: { vouch_code: s.code } } : {}),
      });
    for (const month of [0, 1])
      expect((await s.deliver(stripeEvent('invoice.paid', invoice(month)))).outcome).toBe('applied');
    const before = await s.conversions();
    expect(before.map((c) => c.recurring?.renewal ?? 0).sort()).toEqual([0, 1]);
    const [first] = before.filter((c) => !c.recurring);

    const exported = (await s.stripeApi.get(`${path(customer)}/export`)).body;
    expect(exported.as_friend.subscriptions).toEqual([
      {
        provider: 'stripe',
        subscription_id: subscription,
        program_id: first.program_id,
        advocate_id: s.advocateId,
        referral_id: first.referral_id,
        conversion_id: first.id,
        customer_external_id: customer,
        code: s.code,
        source: 'code',
        started_at: expect.any(String),
        ended_at: null,
        renewals: 1,
      },
    ]);
    expect(exported.as_friend.conversions.map((c: { id: string }) => c.id).sort()).toEqual(
      before.map((c) => c.id).sort(),
    );

    const needles = [customer, email, customerDigest(customer)];
    expect((await traces(needles)).length).toBeGreaterThan(0);
    const erased = await s.stripeApi.call('DELETE', path(customer));
    expect(erased.status).toBe(200);
    expect(erased.body.counts).toMatchObject({ subscriptions: 1, conversions: 2, referrals: 1 });
    await settle(suite.bridge);
    expect(await traces(needles)).toEqual([]);
    const marker = erased.body.erased_as;
    for (const c of before) {
      expect((await s.stripeApi.get(`/v1/conversions/${c.id}`)).body).toEqual({ ...c, customer_external_id: marker });
    }
    const after = (await s.stripeApi.get(`${path(customer)}/export`)).body;
    expect(after.as_friend).toEqual({ referrals: [], conversions: [], redemptions: [], subscriptions: [], trials: [] });

    // The subscription record stays usable: renewal 2 is credited to the same advocate and referral.
    expect((await s.deliver(stripeEvent('invoice.paid', invoice(2)))).outcome).toBe('applied');
    const renewal2 = (await s.conversions()).find((c) => c.recurring?.renewal === 2);
    expect(renewal2).toMatchObject({
      advocate_id: s.advocateId,
      referral_id: first.referral_id,
      customer_external_id: marker,
      amount: 2_000,
      recurring: { subscription_id: subscription, renewal: 2 },
    });
    expect(renewal2.rewards.find((r: { recipient: string }) => r.recipient === 'advocate').amount).toBe(1000);
    const referral = (await s.stripeApi.get(`/v1/referrals/${first.referral_id}`)).body;
    expect(referral).toMatchObject({
      customer_external_id: marker,
      conversion_ids: expect.arrayContaining([renewal2.id]),
    });
    await settle(suite.bridge);
    expect(await traces(needles)).toEqual([]);
  });
});

describe('an advocate with store credit', () => {
  it(`exports their balance and ledger; erasing them leaves no trace while the credit records stay under the \
marker (balance, ledger and the order ids spent on)`, async () => {
    const program = (
      await api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        referrer_reward: { type: 'store_credit', value: 1500, currency: 'USD' },
        hold_days: 0,
      })
    ).body;
    const advocate = { externalId: `credit-adv-${uid()}`, email: `Credit.Holder.${uid()}@Example.com` };
    const enrolled = await api.post(`/v1/programs/${program.id}/advocates`, {
      external_id: advocate.externalId,
      email: advocate.email,
    });
    expect(enrolled.status).toBe(201);
    const bought = await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-c-${uid()}`,
      customer: { external_id: `credit-friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: enrolled.body.code,
    });
    expect(bought.status).toBe(201);
    const spentOn = `ord-spend-${uid()}`;
    const credits = `/v1/credits/${encodeURIComponent(advocate.externalId)}`;
    const spent = await api.post(`${credits}/spend`, { order_id: spentOn, amount: 400, currency: 'USD' });
    expect(spent.body).toMatchObject({ spent: 400, remaining: 1100 });

    const exported = (await api.get(`${path(advocate.externalId)}/export`)).body;
    expect(exported.store_credit.balances).toEqual([{ currency: 'USD', amount: 1100 }]);
    expect(exported.store_credit.ledger.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['spend', -400],
      ['grant', 1500],
    ]);
    expect(exported.store_credit.ledger[0].reference).toBe(spentOn);

    const needles = [advocate.externalId, advocate.email, customerDigest(advocate.externalId)];
    expect((await traces(needles)).length).toBeGreaterThan(0);
    const erased = await erase(advocate.externalId);
    expect(erased.status).toBe(200);
    expect(erased.body.counts).toMatchObject({ advocates: 1, credits: 2 });
    await settle(suite.bridge);
    expect(await traces(needles)).toEqual([]);

    // Kept under the marker, where no request by the person's id reaches it.
    const marker = erased.body.erased_as as string;
    const direct = suite.bridge.direct;
    const [, kept] = (await direct(['SCAN', '0', 'MATCH', `v1:*:credit:*:${marker}`, 'COUNT', '100000'])) as [
      unknown,
      unknown[],
    ];
    expect(kept.map((k) => String(k).split(':').at(-2)).sort()).toEqual(['balances', 'entries', 'ledger', 'refs']);
    const balanceKey = kept.map(String).find((k) => k.includes(':credit:balances:'))!;
    expect(String(await direct(['HGET', balanceKey, 'USD']))).toBe('1100');
    const entriesKey = kept.map(String).find((k) => k.includes(':credit:entries:'))!;
    expect(String(await direct(['HVALS', entriesKey]))).toContain(spentOn);
    expect((await api.get(credits)).body.balances).toEqual([]);
    expect((await api.get(`${path(advocate.externalId)}/export`)).body.store_credit).toEqual({
      balances: [],
      ledger: [],
    });
    expect((await erase(advocate.externalId)).body.counts.credits).toBe(0);
  });
});
