import { describe, expect, it } from 'vitest';
import { checkoutSession, stripeEvent, stripeSignature } from '../../../scripts/providers/stripe-events.ts';
import { createRedis } from '../../../worker/storage/client.ts';
import { couponSyncStore } from '../../../worker/storage/coupon-sync.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { FakeShopify, FakeStripe, providerApis } from '../../support/provider-apis.ts';
import { workerSuite } from '../../support/suite.ts';

// Coupon sync in workerd against real Redis. Stripe's and Shopify's APIs are unreachable from here:
// the Worker's outbound fetches to api.stripe.com and *.myshopify.com are answered by local servers
// that answer the request and response shapes the providers' API references document
// (test/support/provider-apis.ts). A Redis server of its own: the scheduled run drains global queues.
const stripe = new FakeStripe();
const shopify = new FakeShopify();
const suite = workerSuite({ private: true, worker: { outbound: providerApis(stripe, shopify) } });

const WHSEC = 'whsec_3kfT9qLmVb2XwYp7Rz4NcE8sHa1Ud6Go';
const SHOPIFY_SECRET = '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';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

interface Shop {
  merchant: TestMerchant;
  api: ReturnType<typeof apiClient>;
}

async function merchant(): Promise<Shop> {
  const m = await createTestMerchant(suite.worker);
  return { merchant: m, api: apiClient(suite.worker, m.sk) };
}

/** A merchant with Stripe connected through the API, with a restricted key for coupon sync. */
async function withStripe() {
  const shop = await merchant();
  const apiKey = `rk_test_${uid().padEnd(24, 'K')}`;
  const res = await shop.api.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC, api_key: apiKey });
  expect(res.status).toBe(200);
  expect(res.body.coupon_sync).toBe(true);
  return { ...shop, stripe: stripe.account(apiKey) };
}

async function withShopify(currency = 'USD') {
  const shop = await merchant();
  const domain = `vouch-${uid().toLowerCase()}.myshopify.com`;
  const token = `shpat_${uid().toLowerCase().padEnd(32, 'a')}`;
  const fake = shopify.shop(domain, token, currency);
  const body = { shop_domain: domain, api_secret: SHOPIFY_SECRET, access_token: token };
  const res = await shop.api.call('PUT', '/v1/integrations/shopify', body);
  expect(res.status).toBe(200);
  return { ...shop, shop: fake };
}

async function enroll(api: Shop['api'], offer: object = PROGRAM_INPUT.referee_offer, status = 'active') {
  const program = (await api.post('/v1/programs', { ...PROGRAM_INPUT, referee_offer: offer, status })).body;
  const res = await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}`, name: 'Ada' });
  expect(res.status).toBe(201);
  return { programId: program.id as string, advocateId: res.body.advocate.id as string, code: res.body.code as string };
}

/** Waits for what the Worker does after its response (waitUntil). */
async function eventually<T>(read: () => T | Promise<T>, timeoutMs = 8000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function store() {
  const { url, token } = suite.bridge.server;
  return couponSyncStore.over(createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }));
}

const testTenant = (m: TestMerchant) => ({ mode: 'test' as const, merchantId: m.id });

/** The code's sync state once it has that status. */
function stateOnce(t: ReturnType<typeof testTenant>, provider: 'stripe' | 'shopify', code: string, status: string) {
  return eventually(async () => {
    const state = await store().get(t, provider, code);
    return state?.status === status ? state : null;
  });
}

/** An advocate's code, enrolled and synced to the merchant's checkout. */
async function syncedCode(s: Shop, provider: 'stripe' | 'shopify', offer?: object, programStatus?: string) {
  const enrolled = await enroll(s.api, offer, programStatus);
  const t = testTenant(s.merchant);
  await stateOnce(t, provider, enrolled.code, 'synced');
  return { ...enrolled, t };
}

/** Runs the scheduled work (as of `at`) until `read` holds. */
const afterRuns = <T>(read: () => T | Promise<T>, at = Date.now) =>
  eventually(async () => {
    await suite.worker.scheduled(at());
    return read();
  });

describe('coupon sync to Stripe (against a local server answering Stripe\u2019s documented shapes)', () => {
  it('enrollment creates the offer\u2019s coupon and the code\u2019s promotion code, form-encoded, keyed', async () => {
    const s = await withStripe();
    const { programId, advocateId, code } = await enroll(s.api);
    const promo = await eventually(() => [...s.stripe.promotionCodes.values()].find((p) => p.code === code));

    const [couponCall, promoCall] = s.stripe.requests;
    expect(s.stripe.requests).toHaveLength(2);
    expect(couponCall).toMatchObject({ method: 'POST', path: '/v1/coupons' });
    expect(couponCall!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(couponCall!.form).toMatchObject({
      percent_off: '15',
      duration: 'once',
      'metadata[vouch_program]': programId,
    });
    expect(promoCall).toMatchObject({ method: 'POST', path: '/v1/promotion_codes' });
    expect(promoCall!.form).toEqual({
      code,
      coupon: couponCall!.form.id,
      'metadata[vouch_advocate]': advocateId,
      'metadata[vouch_program]': programId,
    });
    for (const call of [couponCall!, promoCall!]) {
      expect(call.headers.authorization).toMatch(/^Bearer rk_test_/);
      expect(call.headers['stripe-version']).toBe('2025-03-31.basil');
    }
    // Deterministic keys: tenant + what is made + the offer version.
    expect(promoCall!.headers['idempotency-key']).toBe(`vouch:test:${s.merchant.id}:promo:${code}:pct15`);
    expect(couponCall!.headers['idempotency-key']).toBe(`vouch:test:${s.merchant.id}:coupon:${programId}:pct15`);
    expect(promo.coupon).toMatchObject({ percent_off: 15, duration: 'once' });

    // The mapping back, for attribution of orders that used the promotion code.
    const t = testTenant(s.merchant);
    await stateOnce(t, 'stripe', code, 'synced');
    expect(await store().codeForPromotion(t, promo.id)).toBe(code);
    expect(await store().codeForPromotion(t, 'promo_unknown')).toBeNull();
  });

  it('a checkout.session.completed paid with the synced promotion code credits the advocate\u2019s code', async () => {
    const s = await withStripe();
    const { code, advocateId } = await enroll(s.api);
    const promo = await eventually(() => [...s.stripe.promotionCodes.values()].find((p) => p.code === code));
    const session = checkoutSession({ amount: 4200, email: `friend-${uid()}@example.net`, promotionCode: promo.id });
    const payload = JSON.stringify(stripeEvent('checkout.session.completed', session));
    const res = await suite.worker.fetch(`/hooks/stripe/${s.merchant.id}/test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, WHSEC) },
      body: payload,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, outcome: 'applied' });
    const conversions = (await s.api.get('/v1/conversions?limit=10')).body.data;
    expect(conversions).toHaveLength(1);
    expect(conversions[0]).toMatchObject({ order_id: session.id, code, advocate_id: advocateId, amount: 4200 });
  });

  it('another advocate in the same program reuses its coupon; fixed amounts become amount_off + currency', async () => {
    const s = await withStripe();
    const first = await enroll(s.api, { type: 'fixed_amount', value: 1250, currency: 'EUR' });
    await eventually(() => s.stripe.promotionCodes.size === 1);
    const res = await s.api.post(`/v1/programs/${first.programId}/advocates`, { external_id: `adv-${uid()}` });
    await eventually(() => [...s.stripe.promotionCodes.values()].some((p) => p.code === res.body.code));
    expect(s.stripe.requests.filter((r) => r.path === '/v1/coupons')).toHaveLength(1);
    expect([...s.stripe.coupons.values()][0]).toMatchObject({ amount_off: 1250, currency: 'eur', duration: 'once' });
  });

  it('a 500 then success: retried once with the same Idempotency-Key, and one promotion code', async () => {
    const s = await withStripe();
    s.stripe.faults.push({ status: 500 });
    const { code } = await enroll(s.api);
    await eventually(() => s.stripe.promotionCodes.size === 1);
    const couponCalls = s.stripe.requests.filter((r) => r.path === '/v1/coupons');
    expect(couponCalls).toHaveLength(2);
    expect(couponCalls[1]!.headers['idempotency-key']).toBe(couponCalls[0]!.headers['idempotency-key']);
    expect(couponCalls[1]!.form).toEqual(couponCalls[0]!.form);
    expect(s.stripe.requests.filter((r) => r.path === '/v1/promotion_codes')).toHaveLength(1);
    expect([...s.stripe.promotionCodes.values()].map((p) => p.code)).toEqual([code]);
  });

  it('disabling the code deactivates its promotion code; enabling it activates it again', async () => {
    const s = await withStripe();
    const { code, t } = await syncedCode(s, 'stripe');
    const promo = [...s.stripe.promotionCodes.values()].find((p) => p.code === code)!;

    expect((await s.api.patch(`/v1/codes/${code}`, { status: 'disabled' })).status).toBe(200);
    await eventually(() => promo.active === false);
    const off = s.stripe.requests.at(-1)!;
    expect(off).toMatchObject({ method: 'POST', path: `/v1/promotion_codes/${promo.id}`, form: { active: 'false' } });
    await eventually(async () => (await store().get(t, 'stripe', code))?.active === false);

    expect((await s.api.patch(`/v1/codes/${code}`, { status: 'active' })).status).toBe(200);
    await eventually(() => promo.active === true);
    expect(s.stripe.requests.at(-1)!.headers['idempotency-key']).not.toBe(off.headers['idempotency-key']);
    expect(s.stripe.promotionCodes.size).toBe(1);
  });

  it('a changed friend offer: the scheduled run makes a coupon for it and replaces each promotion code', async () => {
    const s = await withStripe();
    const { code, programId, t } = await syncedCode(s, 'stripe');
    const old = [...s.stripe.promotionCodes.values()].find((p) => p.code === code)!;
    const patched = await s.api.patch(`/v1/programs/${programId}`, { referee_offer: { type: 'percent', value: 20 } });
    expect(patched.status).toBe(200);
    const fresh = await afterRuns(() =>
      [...s.stripe.promotionCodes.values()].find((p) => p.code === code && p.id !== old.id),
    );
    expect(fresh.coupon).toMatchObject({ id: `vouch_${programId}_pct20`, percent_off: 20 });
    expect(old.active).toBe(false);
    await eventually(async () => (await store().get(t, 'stripe', code))?.remote_id === fresh.id);
    // Orders that used the old promotion code still credit the advocate.
    expect(await store().codeForPromotion(t, old.id)).toBe(code);
    expect(await store().codeForPromotion(t, fresh.id)).toBe(code);
  });

  it('pausing a program deactivates its promotion codes; resuming activates them, and pausing again too', async () => {
    const s = await withStripe();
    const { code, programId, t } = await syncedCode(s, 'stripe');
    const promo = [...s.stripe.promotionCodes.values()].find((p) => p.code === code)!;
    const status = async (value: string, active: boolean) => {
      expect((await s.api.patch(`/v1/programs/${programId}`, { status: value })).status).toBe(200);
      await afterRuns(async () => promo.active === active && (await store().get(t, 'stripe', code))?.active === active);
    };
    await status('paused', false);
    await status('active', true);
    await status('paused', false);
    const flips = s.stripe.requests.filter((r) => r.path === `/v1/promotion_codes/${promo.id}`);
    expect(flips.map((r) => r.form.active)).toEqual(['false', 'true', 'false']);
    expect(new Set(flips.map((r) => r.headers['idempotency-key'])).size).toBe(3);
  });

  it('a code of a paused program is created normally, then deactivated (a create never varies by status)', async () => {
    const s = await withStripe();
    const { code, t } = await syncedCode(s, 'stripe', undefined, 'paused');
    const promo = [...s.stripe.promotionCodes.values()].find((p) => p.code === code)!;
    expect(promo.active).toBe(false);
    expect(s.stripe.requests.map((r) => [r.path, r.form.active])).toEqual([
      ['/v1/coupons', undefined],
      ['/v1/promotion_codes', undefined],
      [`/v1/promotion_codes/${promo.id}`, 'false'],
    ]);
    expect((await store().get(t, 'stripe', code))?.active).toBe(false);
  });

  it('a key given later copies the codes enrolled before it (queued for the scheduled run)', async () => {
    const s = await merchant();
    expect((await s.api.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC })).status).toBe(200);
    const codes = [(await enroll(s.api)).code, (await enroll(s.api)).code];
    const apiKey = `rk_test_${uid().padEnd(24, 'L')}`;
    const account = stripe.account(apiKey);
    const put = await s.api.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC, api_key: apiKey });
    expect(put.status).toBe(200);
    await afterRuns(() => codes.every((code) => [...account.promotionCodes.values()].some((p) => p.code === code)));
    expect(account.requests.filter((r) => r.path === '/v1/coupons')).toHaveLength(2);
  });

  it('Stripe-Should-Retry: false is not retried: last_error is set and the scheduled run syncs it later', async () => {
    const s = await withStripe();
    s.stripe.faults.push({ status: 503, shouldRetry: 'false' });
    const { code } = await enroll(s.api);
    const t = testTenant(s.merchant);
    const failed = await stateOnce(t, 'stripe', code, 'failed');
    expect(s.stripe.requests).toHaveLength(1);
    expect(failed).toMatchObject({ attempts: 1, remote_id: null });
    expect(failed.reason).toContain('Stripe 503');
    const view = (await s.api.get('/v1/integrations')).body.data.find(
      (i: { provider: string }) => i.provider === 'stripe',
    );
    expect(view.last_error).toMatchObject({ code: 'coupon_sync_failed' });
    expect(view.last_error.message).toContain(code);

    // The retry is due a minute later: a run before then leaves it, a run after syncs it.
    await suite.worker.scheduled(Date.now() + 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.stripe.promotionCodes.size).toBe(0);
    await suite.worker.scheduled(Date.now() + 61_000);
    await eventually(() => s.stripe.promotionCodes.size === 1);
    await stateOnce(t, 'stripe', code, 'synced');
  });

  it('a code that keeps failing is tried 8 times, backing off up to 6 h, then given up, its error kept', async () => {
    const s = await withStripe();
    s.stripe.faults.push({ status: 400 });
    const { code } = await enroll(s.api);
    const t = testTenant(s.merchant);
    await stateOnce(t, 'stripe', code, 'failed');
    const due = () => suite.bridge.direct(['ZSCORE', 'v1:coupon_sync_due', `test:${s.merchant.id}:stripe:${code}`]);
    // Each run 7 h after the last: past any retry delay, so each run makes exactly one try.
    const later = (hours: number) => () => Date.now() + hours * 3600_000;
    for (let attempt = 2; attempt <= 8; attempt++) {
      s.stripe.faults.push({ status: 400 });
      await afterRuns(async () => (await store().get(t, 'stripe', code))?.attempts === attempt, later(7 * attempt));
    }
    expect(await due()).toBeNull();
    await suite.worker.scheduled(later(100)());
    await new Promise((r) => setTimeout(r, 300));
    expect(s.stripe.requests).toHaveLength(8);
    expect(await store().get(t, 'stripe', code)).toMatchObject({ status: 'failed', attempts: 8 });
    expect((await store().get(t, 'stripe', code))?.reason).toContain('Stripe 400');
  });

  it('offers a Stripe coupon cannot express are skipped with the reason, and nothing is called', async () => {
    const s = await withStripe();
    const { code } = await enroll(s.api, { type: 'trial_days', value: 14 });
    const t = testTenant(s.merchant);
    const state = await eventually(() => store().get(t, 'stripe', code));
    expect(state).toMatchObject({ status: 'skipped', remote_id: null });
    expect(state.reason).toContain('trial');
    expect(s.stripe.requests).toHaveLength(0);
  });

  it('without an API credential nothing is called (Stripe connected for webhooks only, or not at all)', async () => {
    const webhooksOnly = await merchant();
    const put = { webhook_secret: WHSEC };
    expect((await webhooksOnly.api.call('PUT', '/v1/integrations/stripe', put)).status).toBe(200);
    const none = await merchant();
    const a = await enroll(webhooksOnly.api);
    const b = await enroll(none.api);
    // A merchant with a credential enrolled after them: once its code is synced, theirs had their turn.
    const s = await withStripe();
    await enroll(s.api);
    await eventually(() => s.stripe.promotionCodes.size === 1);
    const everyCall = JSON.stringify(stripe.requests);
    for (const [who, code] of [
      [webhooksOnly, a.code],
      [none, b.code],
    ] as const) {
      expect(everyCall).not.toContain(code);
      expect(everyCall).not.toContain(who.merchant.id);
      expect(await store().get(testTenant(who.merchant), 'stripe', code)).toBeNull();
    }
  });
});

describe('widget enrollment coupon sync (against a local server answering Stripe\u2019s documented shapes)', () => {
  it('an email enrollment and a session that enrolls each copy the new code into Stripe', async () => {
    const s = await withStripe();
    const program = (await s.api.post('/v1/programs', PROGRAM_INPUT)).body;
    const browser = (path: string, body: unknown) =>
      apiClient(suite.worker, s.merchant.pk).post(path, body, { Origin: 'https://shop.example' });
    const byEmail = await browser('/v1/public/enroll', { email: `ada-${uid()}@example.com`, program_id: program.id });
    expect(byEmail.status).toBe(201);
    const issued = await s.api.post('/v1/widget_tokens', { customer_id: `cust-${uid()}`, name: 'Tom' });
    const session = await browser('/v1/public/session', { identity: { token: issued.body.token }, enroll: true });
    expect(session.status).toBe(200);
    const codes = [byEmail.body.code, session.body.advocate.code];
    await eventually(() => codes.every((c) => [...s.stripe.promotionCodes.values()].some((p) => p.code === c)));
    // Opening the session again enrolls nobody: nothing more is sent.
    const sent = s.stripe.requests.length;
    await browser('/v1/public/session', { identity: { token: issued.body.token }, enroll: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.stripe.requests).toHaveLength(sent);
  });
});

describe('coupon sync to Shopify (against a local server answering GraphQL Admin API\u2019s documented shapes)', () => {
  const calls = (
    shop: { requests: { graphql: { query: string; variables: Record<string, unknown> } | null }[] },
    field: string,
  ) => shop.requests.filter((r) => r.graphql?.query.includes(`${field}(`));

  it('looks the code up, then creates it with discountCodeBasicCreate (percentage as a fraction)', async () => {
    const s = await withShopify();
    const { code } = await enroll(s.api);
    const discount = await eventually(() => [...s.shop.discounts.values()].find((d) => d.code === code));
    const [lookup, create] = s.shop.requests;
    expect(lookup!.graphql!.query).toContain('codeDiscountNodeByCode');
    expect(lookup!.graphql!.variables).toEqual({ code });
    expect(create!.path).toBe('/admin/api/2025-01/graphql.json');
    expect(create!.headers['x-shopify-access-token']).toMatch(/^shpat_/);
    expect(create!.graphql!.variables.basicCodeDiscount).toMatchObject({
      title: `Vouch: ${code}`,
      code,
      customerSelection: { all: true },
      customerGets: { value: { percentage: 0.15 }, items: { all: true } },
      appliesOncePerCustomer: true,
    });
    expect(discount.status).toBe('ACTIVE');
    const t = testTenant(s.merchant);
    const state = await stateOnce(t, 'shopify', code, 'synced');
    expect(state.remote_id).toBe(discount.id);
  });

  it('a fixed amount in the shop\u2019s currency is a discountAmount in major units', async () => {
    const s = await withShopify('KWD');
    const { code } = await enroll(s.api, { type: 'fixed_amount', value: 1500, currency: 'KWD' });
    const discount = await eventually(() => [...s.shop.discounts.values()].find((d) => d.code === code));
    expect(discount.input.customerGets.value).toEqual({
      discountAmount: { amount: '1.500', appliesOnEachItem: false },
    });
  });

  it('disabling the code deactivates the discount; enabling activates it', async () => {
    const s = await withShopify();
    const { code, t } = await syncedCode(s, 'shopify');
    const discount = [...s.shop.discounts.values()].find((d) => d.code === code)!;
    await s.api.patch(`/v1/codes/${code}`, { status: 'disabled' });
    await eventually(() => discount.status === 'EXPIRED');
    expect(calls(s.shop, 'discountCodeDeactivate').at(-1)!.graphql!.variables).toEqual({ id: discount.id });
    await eventually(async () => (await store().get(t, 'shopify', code))?.active === false);
    await s.api.patch(`/v1/codes/${code}`, { status: 'active' });
    await eventually(() => discount.status === 'ACTIVE');
    expect(calls(s.shop, 'discountCodeBasicCreate')).toHaveLength(1);
  });

  it('a changed friend offer updates the amount off, and a free-shipping offer remakes the discount', async () => {
    const s = await withShopify();
    const { code, programId, t } = await syncedCode(s, 'shopify');
    const first = [...s.shop.discounts.values()].find((d) => d.code === code)!;
    const offer = (referee_offer: object) => s.api.patch(`/v1/programs/${programId}`, { referee_offer });
    const syncedFor = (version: string) =>
      afterRuns(async () => (await store().get(t, 'shopify', code))?.offer === version);

    await offer({ type: 'fixed_amount', value: 750, currency: 'USD' });
    await syncedFor('amt750usd');
    expect(calls(s.shop, 'discountCodeBasicUpdate').at(-1)!.graphql!.variables).toEqual({
      id: first.id,
      basicCodeDiscount: {
        customerGets: { value: { discountAmount: { amount: '7.50', appliesOnEachItem: false } }, items: { all: true } },
      },
    });
    expect(first.input.customerGets.value).toEqual({ discountAmount: { amount: '7.50', appliesOnEachItem: false } });

    await offer({ type: 'free_shipping' });
    await syncedFor('ship');
    expect(s.shop.discounts.has(first.id)).toBe(false);
    const remade = [...s.shop.discounts.values()].find((d) => d.code === code)!;
    expect(remade).toMatchObject({ typename: 'DiscountCodeFreeShipping', status: 'ACTIVE' });
    expect((await store().get(t, 'shopify', code))?.remote_id).toBe(remade.id);
  });

  it('THROTTLED is retried after the wait its throttle status implies, and creates once', async () => {
    const s = await withShopify();
    s.shop.throttleNext = 2;
    const { code } = await enroll(s.api);
    await eventually(() => [...s.shop.discounts.values()].find((d) => d.code === code));
    expect(s.shop.requests.filter((r) => r.graphql?.query.includes('codeDiscountNodeByCode'))).toHaveLength(3);
    expect(calls(s.shop, 'discountCodeBasicCreate')).toHaveLength(1);
  });

  it('a code from an earlier try is adopted, not recreated; a merchant\u2019s own discount is left alone', async () => {
    const s = await withShopify();
    const { code, programId } = await enroll(s.api, { type: 'free_shipping' });
    const made = await eventually(() => [...s.shop.discounts.values()].find((d) => d.code === code));
    expect(made).toMatchObject({ typename: 'DiscountCodeFreeShipping' });
    expect(made.input.destination).toEqual({ all: true });

    // The merchant already sells with this code in Shopify: Vouch never touches it.
    const own = `OWN${uid()}`;
    s.shop.discounts.set('gid://shopify/DiscountCodeNode/9', {
      id: 'gid://shopify/DiscountCodeNode/9',
      code: own,
      title: 'Summer sale',
      status: 'ACTIVE',
      typename: 'DiscountCodeBasic',
      input: {},
    });
    const advocateId = (await s.api.post(`/v1/programs/${programId}/advocates`, { external_id: `adv-${uid()}` })).body
      .advocate.id;
    expect((await s.api.post(`/v1/advocates/${advocateId}/codes`, { code: own })).status).toBe(201);
    const t = testTenant(s.merchant);
    const state = await eventually(() => store().get(t, 'shopify', own));
    expect(state).toMatchObject({ status: 'skipped', remote_id: null });
    expect(state.reason).toContain('not made by Vouch');
    expect(s.shop.discounts.get('gid://shopify/DiscountCodeNode/9')!.status).toBe('ACTIVE');

    // A try whose answer was lost made the discount: the next one finds it by code and adopts it.
    const lost = `LOST${uid()}`;
    const id = 'gid://shopify/DiscountCodeNode/10';
    const title = `Vouch: ${lost}`;
    s.shop.discounts.set(id, { id, code: lost, title, status: 'ACTIVE', typename: 'DiscountCodeBasic', input: {} });
    const creates = calls(s.shop, 'discountCodeBasicCreate').length;
    expect((await s.api.post(`/v1/advocates/${advocateId}/codes`, { code: lost })).status).toBe(201);
    const adopted = await eventually(() => store().get(t, 'shopify', lost));
    expect(adopted).toMatchObject({ status: 'synced', remote_id: id, active: true });
    expect(calls(s.shop, 'discountCodeBasicCreate')).toHaveLength(creates);
  });
});
