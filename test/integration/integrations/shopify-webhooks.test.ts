import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, shopifyApi } from '@shopify/shopify-api';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Delivery,
  SHOPIFY_API_VERSION,
  shopifyCustomerRedact,
  shopifyDataRequest,
  shopifyDelivery,
  shopifyHmac,
  shopifyId,
  shopifyOrder,
  shopifyRefund,
  shopifyShop,
  shopifyShopRedact,
} from '../../../scripts/providers/shopify-events.ts';
import { receiveEvent } from '../../../worker/integrations/receive-event.ts';
import { createRedis } from '../../../worker/storage/client.ts';
import { integrationStore } from '../../../worker/storage/integrations.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { storedText } from '../../support/stored-text.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

// Shopify webhooks through the Worker in workerd against real Redis. Shopify cannot reach this machine:
// deliveries are built as Shopify's webhook reference documents each topic (scripts/providers/
// shopify-events.ts) and signed as Shopify documents (base64 HMAC-SHA256 of the raw body), a signer the
// official @shopify/shopify-api validator accepts. The connection is made with PUT /v1/integrations/shopify.
// A redis-server of its own: erasure SCANs the database, which in a full run would hold every suite's keys.
const suite = workerSuite({ private: true });
const SECRET = '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';
const SHOP = 'nordlicht-coffee.myshopify.com';
let merchant: TestMerchant;
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, merchant.sk);
  const connected = await api.call('PUT', '/v1/integrations/shopify', { shop_domain: SHOP, api_secret: SECRET });
  expect(connected.status).toBe(200);
});

/** A fresh program (a points reward, so any currency earns) with one advocate: their code. */
async function advocateCode(): Promise<{ code: string; advocateId: string }> {
  const program = (
    await api.post('/v1/programs', { ...PROGRAM_INPUT, referrer_reward: { type: 'points', value: 100 } })
  ).body;
  const enrolled = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body;
  return { code: enrolled.code, advocateId: enrolled.advocate.id };
}

const hookPath = (merchantId = merchant.id, mode = 'test') => `/hooks/shopify/${merchantId}/${mode}`;

function post(delivery: Delivery, path = hookPath()) {
  return api.call('POST', path, delivery.body, delivery.headers);
}

function deliver(topic: string, payload: object, options: { eventId?: string; secret?: string; shop?: string } = {}) {
  const delivery = shopifyDelivery(topic, payload, {
    secret: options.secret ?? SECRET,
    shopDomain: options.shop ?? SHOP,
    ...(options.eventId ? { eventId: options.eventId } : {}),
  });
  return post(delivery);
}

async function conversionOf(orderId: string) {
  const list = await api.get('/v1/conversions?limit=100');
  return list.body.data.find((c: { order_id: string }) => c.order_id === `shopify_order_${orderId}`) ?? null;
}

const snapshot = () => storedText(suite.bridge, merchant.id);

async function shopifyView() {
  const list = await api.get('/v1/integrations');
  return list.body.data.find((i: { provider: string }) => i.provider === 'shopify');
}

/** The Worker's stores, driven from Node over the same Redis (through the REST bridge). */
const redisEnv = () => ({
  UPSTASH_REDIS_REST_URL: suite.bridge.server.url,
  UPSTASH_REDIS_REST_TOKEN: suite.bridge.server.token,
});

/** Delivers until Shopify would stop retrying: 409 `erasure_in_progress` parts, then the last answer. */
async function untilDone(delivery: Delivery) {
  const answers: { status: number; body: any }[] = [];
  for (let attempt = 0; attempt < 30 && answers.at(-1)?.status !== 200; attempt++) answers.push(await post(delivery));
  for (const answer of answers.slice(0, -1)) {
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'erasure_in_progress' } } });
  }
  return answers.at(-1)!;
}

describe('the signer: Shopify’s HMAC as documented, checked by @shopify/shopify-api', () => {
  const shopify = shopifyApi({
    apiKey: 'vouch-test-app',
    apiSecretKey: SECRET,
    apiVersion: ApiVersion.April26,
    isEmbeddedApp: false,
    hostName: 'vouch.example',
  });
  const validate = (delivery: Delivery, body = delivery.body) => {
    const request = new IncomingMessage(new Socket());
    Object.assign(request, { method: 'POST', url: '/hooks/shopify', headers: lowerCase(delivery.headers) });
    return shopify.webhooks.validate({ rawBody: body, rawRequest: request, rawResponse: new ServerResponse(request) });
  };

  it('the official validator accepts a built delivery and refuses it with an altered body', async () => {
    const delivery = shopifyDelivery('orders/paid', shopifyOrder({ total: '19.99', currency: 'USD' }), {
      secret: SECRET,
      shopDomain: SHOP,
    });
    expect(await validate(delivery)).toMatchObject({ valid: true, topic: 'ORDERS_PAID', domain: SHOP });
    expect(await validate(delivery, delivery.body.replace('19.99', '1.99'))).toMatchObject({ valid: false });
    expect(SHOPIFY_API_VERSION).toBe(ApiVersion.April26);
    expect(shopifyHmac('{"id":1}', SECRET)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('orders/paid', () => {
  it(`credits the discount code, amount from the presentment total in minor units, customer by Shopify id; \
a redelivery answers duplicate`, async () => {
    const { code, advocateId } = await advocateCode();
    const customer = { id: shopifyId(), email: 'Ada@Example.com' };
    const order = shopifyOrder({
      total: '19.99',
      currency: 'USD',
      shopTotal: { amount: '18.50', currency: 'EUR' },
      customer,
      discountCodes: [code.toLowerCase()],
    });
    const delivery = shopifyDelivery('orders/paid', order, { secret: SECRET, shopDomain: SHOP });
    const res = await post(delivery);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, outcome: 'applied' });
    const conversion = await conversionOf(order.id);
    expect(conversion).toMatchObject({
      advocate_id: advocateId,
      amount: 1999,
      currency: 'USD',
      customer_external_id: `shopify_customer_${customer.id}`,
      attribution: { source: 'code' },
    });
    const again = await post(delivery);
    expect(again.body).toMatchObject({ outcome: 'duplicate', detail: res.body.detail });
  });

  it('converts decimals exactly by the currency’s digits: JPY "1500" -> 1500, KWD "1.234" -> 1234', async () => {
    for (const [total, currency, minor] of [
      ['1500', 'JPY', 1500],
      ['1.234', 'KWD', 1234],
      ['4.35', 'USD', 435],
    ] as const) {
      const { code } = await advocateCode();
      const order = shopifyOrder({ total, currency, discountCodes: [code] });
      expect((await deliver('orders/paid', order)).body.outcome).toBe('applied');
      expect(await conversionOf(order.id)).toMatchObject({ amount: minor, currency });
    }
  });

  it('keeps 64-bit Shopify ids exact (order 820982911946154508 is not rounded to ...500)', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ id: '820982911946154508', total: '10.00', currency: 'USD', discountCodes: [code] });
    expect((await deliver('orders/paid', order)).body.outcome).toBe('applied');
    expect(await conversionOf('820982911946154508')).not.toBeNull();
  });

  it('attributes by a vouch_click in note_attributes (cart attributes) or in landing_site', async () => {
    const { code, advocateId } = await advocateCode();
    for (const [index, place] of (['note_attributes', 'landing_site'] as const).entries()) {
      const who = visitor(`10.44.0.${index + 1}`);
      const click = await suite.worker.fetch(`/r/${code}`, { headers: who.headers(), redirect: 'manual' });
      await settle(suite.bridge);
      const clickId = new URL(click.headers.get('location')!).searchParams.get('vouch_click')!;
      const order = shopifyOrder({
        total: '25.00',
        currency: 'USD',
        ...(place === 'note_attributes'
          ? { noteAttributes: [{ name: 'vouch_click', value: clickId }] }
          : { landingSite: `/products/beans?utm_source=x&vouch_click=${clickId}` }),
      });
      expect((await deliver('orders/paid', order)).body.outcome).toBe('applied');
      expect(await conversionOf(order.id)).toMatchObject({ advocate_id: advocateId, attribution: { source: 'click' } });
    }
  });

  it('a guest checkout is its lower-cased email; of several discount codes the Vouch one is credited', async () => {
    const { code, advocateId } = await advocateCode();
    const order = shopifyOrder({
      total: '30.00',
      currency: 'USD',
      customer: null,
      email: 'Guest.Buyer@Example.com',
      discountCodes: ['SUMMER10', code],
    });
    expect((await deliver('orders/paid', order)).body.outcome).toBe('applied');
    expect(await conversionOf(order.id)).toMatchObject({
      advocate_id: advocateId,
      customer_external_id: 'email:guest.buyer@example.com',
    });
  });

  it('an order nobody referred answers unattributed and records no conversion', async () => {
    const order = shopifyOrder({ total: '12.00', currency: 'USD' });
    const res = await deliver('orders/paid', order);
    expect(res.body).toMatchObject({ outcome: 'unattributed' });
    expect(await conversionOf(order.id)).toBeNull();
  });

  it('the same delivery 10 times at once: one conversion, one applied, the rest duplicate or 409', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '40.00', currency: 'USD', discountCodes: [code] });
    const delivery = shopifyDelivery('orders/paid', order, { secret: SECRET, shopDomain: SHOP });
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(delivery)));
    const outcomes = answers.map((a) => (a.status === 409 ? a.body.error.code : a.body.outcome));
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.every((o) => ['applied', 'duplicate', 'event_in_progress'].includes(o))).toBe(true);
    const list = await api.get('/v1/conversions?limit=100');
    expect(list.body.data.filter((c: { order_id: string }) => c.order_id === `shopify_order_${order.id}`)).toHaveLength(
      1,
    );
  });
});

describe('one Shopify event, several topics (deliveries built as Shopify documents them, Shopify unreachable)', () => {
  it('the same X-Shopify-Event-Id under two topics applies both; each topic’s redelivery is a duplicate', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '70.00', currency: 'USD', discountCodes: [code] });
    const eventId = crypto.randomUUID();
    const paid = shopifyDelivery('orders/paid', order, { secret: SECRET, shopDomain: SHOP, eventId });
    const cancelled = shopifyDelivery(
      'orders/cancelled',
      { ...order, cancelled_at: new Date().toISOString() },
      {
        secret: SECRET,
        shopDomain: SHOP,
        eventId,
      },
    );
    expect((await post(paid)).body).toMatchObject({ outcome: 'applied' });
    expect((await post(cancelled)).body).toMatchObject({ outcome: 'applied' });
    expect(await conversionOf(order.id)).toMatchObject({ amount: 7000, refunded_amount: 7000 });
    expect((await post(paid)).body).toMatchObject({ outcome: 'duplicate' });
    expect((await post(cancelled)).body).toMatchObject({ outcome: 'duplicate' });
    // The log names the event by Shopify's id and its topic.
    const logged = (await shopifyView()).recent_events.filter((e: { id: string }) => e.id === eventId);
    expect(logged.map((e: { type: string }) => e.type).sort()).toEqual(['orders/cancelled', 'orders/paid']);
  });
});

describe('last_error (a delivery failing, then Shopify’s retry applying; deliveries as Shopify documents them)', () => {
  it('a failed delivery sets last_error; the console shows it until a later delivery succeeds', async () => {
    const tenant = { merchantId: merchant.id, mode: 'test' as const };
    const delivery = { id: crypto.randomUUID(), type: 'orders/paid' };
    const fail = () => Promise.reject(new Error('Redis timed out'));
    await expect(receiveEvent(redisEnv(), tenant, 'shopify', delivery, fail)).rejects.toThrow('Redis timed out');
    expect((await shopifyView()).last_error).toMatchObject({ code: 'apply_failed', message: 'Redis timed out' });
    // Another delivery ignored (a topic Vouch does not use) is a success too.
    const ignored = await deliver('products/update', { id: shopifyId(), title: 'Beans' });
    expect(ignored.body).toMatchObject({ outcome: 'ignored' });
    const view = await shopifyView();
    expect(view.last_error).toBeNull();
    expect(view.last_event_at).toBe(view.recent_events[0].received_at);
  });
});

describe('integrationStore.update: compare-and-set (a Shopify connection as PUT stores it)', () => {
  it('a write between its read and its write is not lost: mutate runs again on what is stored now', async () => {
    // The live mode of this merchant: a connection of its own, which no other test delivers to.
    const tenant = { merchantId: merchant.id, mode: 'live' as const };
    const plain = integrationStore.over(createRedis(redisEnv()));
    const connection = (secretBox: string) => () => ({
      provider: 'shopify' as const,
      status: 'connected' as const,
      shop_domain: SHOP,
      secret_box: secretBox,
      credential_box: null,
      connected_at: new Date().toISOString(),
      disconnected_at: null,
    });
    await plain.connect(tenant, 'shopify', connection('v1.first'));
    // A merchant's PUT (new secrets) lands right after the store's first read, before its write.
    let interleave: (() => Promise<unknown>) | null = () => plain.connect(tenant, 'shopify', connection('v1.second'));
    const store = integrationStore.over(racingAfterGet(createRedis(redisEnv()), () => interleave?.()));
    const seen: string[] = [];
    const written = await store.update(tenant, 'shopify', (current) => {
      interleave = null;
      seen.push(current.secret_box);
      return { ...current, shop_domain: 'renamed.myshopify.com' };
    });
    expect(seen).toEqual(['v1.first', 'v1.second']);
    expect(written).toMatchObject({ secret_box: 'v1.second', shop_domain: 'renamed.myshopify.com' });
    expect(await plain.get(tenant, 'shopify')).toEqual(written);
    // Declining writes nothing; no connection is null.
    expect(await plain.update(tenant, 'shopify', () => null)).toBeNull();
    expect(await plain.get(tenant, 'shopify')).toEqual(written);
    expect(await plain.update({ ...tenant, merchantId: 'mer_none' }, 'shopify', (c) => c)).toBeNull();
  });
});

/** The client, with `between` run after each GET answers and before the caller sees the answer. */
function racingAfterGet(redis: ReturnType<typeof createRedis>, between: () => unknown) {
  return new Proxy(redis, {
    get(target, prop) {
      if (prop === 'get') {
        return async (...args: Parameters<typeof target.get>) => {
          const value = await target.get(...args);
          await between();
          return value;
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('refunds/create and orders/cancelled', () => {
  it('a refund that arrives before orders/paid is kept (pending), then applied when the order arrives', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '100.00', currency: 'USD', discountCodes: [code] });
    const refund = shopifyRefund({ orderId: order.id, transactions: [{ amount: '25.00', currency: 'USD' }] });
    const early = await deliver('refunds/create', refund);
    expect(early.body).toMatchObject({ outcome: 'pending' });
    expect(await conversionOf(order.id)).toBeNull();
    expect((await deliver('orders/paid', order)).body.outcome).toBe('applied');
    expect(await conversionOf(order.id)).toMatchObject({ amount: 10_000, refunded_amount: 2500 });
  });

  it(`counts successful refund transactions only, each refund once; without transactions the refunded \
line items`, async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '80.00', currency: 'USD', discountCodes: [code] });
    await deliver('orders/paid', order);
    const first = shopifyRefund({
      orderId: order.id,
      transactions: [
        { amount: '10.00', currency: 'USD' },
        { amount: '5.00', currency: 'USD', status: 'failure' },
      ],
    });
    expect((await deliver('refunds/create', first)).body.outcome).toBe('applied');
    // The same refund delivered as a new event (another subscription): counted once.
    expect((await deliver('refunds/create', first)).status).toBe(200);
    expect(await conversionOf(order.id)).toMatchObject({ refunded_amount: 1000 });
    const second = shopifyRefund({ orderId: order.id, lineSubtotals: [{ amount: '7.50', currency: 'USD' }] });
    expect((await deliver('refunds/create', second)).body.outcome).toBe('applied');
    expect(await conversionOf(order.id)).toMatchObject({ refunded_amount: 1750 });
  });

  it('orders/cancelled refunds the whole order', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '60.00', currency: 'USD', discountCodes: [code] });
    await deliver('orders/paid', order);
    const cancelled = { ...order, cancelled_at: new Date().toISOString(), cancel_reason: 'customer' };
    expect((await deliver('orders/cancelled', cancelled)).body.outcome).toBe('applied');
    expect(await conversionOf(order.id)).toMatchObject({ amount: 6000, refunded_amount: 6000 });
  });
});

describe('customers/data_request, customers/redact, shop/redact', () => {
  it('a data request points to the export; a redact erases the customer, money records kept', async () => {
    const { code } = await advocateCode();
    const customer = { id: shopifyId(), email: 'Redact.Me@example.com' };
    const order = shopifyOrder({ total: '15.00', currency: 'USD', customer, discountCodes: [code] });
    await deliver('orders/paid', order);
    const externalId = `shopify_customer_${customer.id}`;

    const asked = await deliver('customers/data_request', shopifyDataRequest(SHOP, customer, [order.id]));
    expect(asked.body).toMatchObject({ outcome: 'applied' });
    expect(asked.body.detail).toContain(`/v1/customers/${externalId}/export`);
    expect((await api.get(`/v1/customers/${externalId}/export`)).body.as_friend.conversions).toHaveLength(1);

    const redacted = await deliver('customers/redact', shopifyCustomerRedact(SHOP, customer, [order.id]));
    expect(redacted.body).toMatchObject({ outcome: 'applied' });
    const after = await conversionOf(order.id);
    expect(after.customer_external_id).not.toBe(externalId);
    expect(after.amount).toBe(1500);
    expect((await api.get(`/v1/customers/${externalId}/export`)).body.as_friend.conversions).toHaveLength(0);
  });

  it(`shop/redact erases every customer of the shop's orders, in parts: 409 erasure_in_progress until \
Shopify's retry finishes it`, async () => {
    const { code } = await advocateCode();
    const guest = shopifyOrder({ total: '11.00', currency: 'USD', customer: null, email: 'g@example.com' });
    await deliver('orders/paid', { ...guest, discount_codes: [{ code, amount: '0.00', type: 'percentage' }] });
    const redact = shopifyDelivery('shop/redact', shopifyShopRedact(SHOP), { secret: SECRET, shopDomain: SHOP });
    // Each delivery erases for about 3 seconds (Shopify waits 5): this file's earlier orders' customers
    // may take more than one, each answered 409 so that Shopify retries, the last 200.
    expect(await untilDone(redact)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    const list = await api.get('/v1/conversions?limit=100');
    const shopOrders = list.body.data.filter((c: { order_id: string }) => c.order_id.startsWith('shopify_order_'));
    expect(shopOrders.length).toBeGreaterThan(10);
    for (const c of shopOrders) expect(c.customer_external_id).toMatch(/^erased_/);
    expect((await post(redact)).body).toMatchObject({ outcome: 'duplicate' });
  }, 120_000);
});

describe('refused deliveries change nothing', () => {
  it('altered body, wrong secret, wrong shop domain: 400 invalid_signature; the event applies later', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '50.00', currency: 'USD', discountCodes: [code] });
    const good = shopifyDelivery('orders/paid', order, { secret: SECRET, shopDomain: SHOP });
    const before = await snapshot();
    const refused = [
      { ...good, body: good.body.replace('"50.00"', '"5000.00"') },
      shopifyDelivery('orders/paid', order, { secret: 'shpss_wrong_wrong_wrong_wrong_1234', shopDomain: SHOP }),
      shopifyDelivery('orders/paid', order, { secret: SECRET, shopDomain: 'another-shop.myshopify.com' }),
      { ...good, headers: { ...good.headers, 'X-Shopify-Hmac-Sha256': '' } },
    ];
    for (const delivery of refused) {
      const res = await post({ ...delivery, headers: { ...delivery.headers, 'X-Shopify-Event-Id': good.eventId } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    expect(await snapshot()).toBe(before);
    // Not even the event id was claimed: the genuine delivery of that event applies.
    expect((await post(good)).body.outcome).toBe('applied');
  });

  it('unknown topics are received and ignored; bad paths 404; missing ids 400; over 256 KiB 413', async () => {
    const ignored = await deliver('products/create', { id: shopifyId(), title: 'Beans' });
    expect(ignored.body).toMatchObject({ received: true, outcome: 'ignored' });
    const delivery = shopifyDelivery('orders/paid', shopifyOrder({ total: '1.00', currency: 'USD' }), {
      secret: SECRET,
      shopDomain: SHOP,
    });
    expect((await post(delivery, hookPath('mer_nope', 'test'))).status).toBe(404);
    expect((await post(delivery, hookPath(merchant.id, 'prod'))).body.error.code).toBe('integration_not_found');
    const { 'X-Shopify-Event-Id': _e, 'X-Shopify-Webhook-Id': _w, ...noIds } = delivery.headers;
    expect((await post({ ...delivery, headers: noIds })).status).toBe(400);
    const big = shopifyDelivery(
      'orders/paid',
      { ...shopifyOrder({ total: '1.00', currency: 'USD' }), note: 'x'.repeat(300_000) },
      {
        secret: SECRET,
        shopDomain: SHOP,
      },
    );
    expect((await post(big)).status).toBe(413);
  });

  it('a payload without the fields Vouch reads is a 400 naming the field, and changes nothing', async () => {
    const before = await snapshot();
    const res = await deliver('refunds/create', { id: shopifyId() });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^order_id: /);
    expect(await snapshot()).toBe(before);
  });
});

describe(`test orders (Shopify's test gateway, \`test: true\`) on the live hook; deliveries built as Shopify's \
Order and Refund references document them, Shopify unreachable`, () => {
  const LIVE_SHOP = 'nordlicht-live.myshopify.com';
  const LIVE_SECRET = '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';
  let liveApi: ReturnType<typeof apiClient>;
  let liveCode: string;

  beforeAll(async () => {
    const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
    const key = await admin.post(`/v1/merchants/${merchant.id}/keys`, { type: 'secret', mode: 'live' });
    expect(key.body.key).toMatch(/^sk_live_/);
    liveApi = apiClient(suite.worker, key.body.key);
    const put = await liveApi.call('PUT', '/v1/integrations/shopify', {
      shop_domain: LIVE_SHOP,
      api_secret: LIVE_SECRET,
    });
    expect(put.status).toBe(200);
    const program = (
      await liveApi.post('/v1/programs', { ...PROGRAM_INPUT, referrer_reward: { type: 'points', value: 100 } })
    ).body;
    expect(program.livemode).toBe(true);
    liveCode = (await liveApi.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body.code;
  });

  const deliverLive = (topic: string, payload: object) => {
    const delivery = shopifyDelivery(topic, payload, { secret: LIVE_SECRET, shopDomain: LIVE_SHOP });
    return post(delivery, hookPath(merchant.id, 'live'));
  };
  const liveConversionOf = async (orderId: string) =>
    ((await liveApi.get('/v1/conversions?limit=100')).body.data as { order_id: string }[]).find(
      (c) => c.order_id === `shopify_order_${orderId}`,
    ) ?? null;
  /** The live tenant's stored data, less the delivery receipts and the connection's activity log. */
  const liveData = async () =>
    (await snapshot())
      .split('\n')
      .filter((line, i, lines) => !/provider|integration/.test(i % 2 === 0 ? line : (lines[i - 1] ?? '')))
      .join('\n');

  it(`orders/paid, refunds/create and orders/cancelled of a test order answer 200 ignored on the live hook and \
record nothing`, async () => {
    const customer = { id: shopifyId(), email: `test.buyer.${uid()}@example.com` };
    const order = shopifyOrder({ total: '40.00', currency: 'USD', customer, discountCodes: [liveCode], test: true });
    const refund = shopifyRefund({ orderId: order.id, transactions: [{ amount: '10.00', currency: 'USD' }] });
    const cancelled = { ...order, cancelled_at: new Date().toISOString(), cancel_reason: 'customer' };
    const before = await liveData();
    for (const [topic, payload] of [
      ['orders/paid', order],
      ['refunds/create', refund],
      ['orders/cancelled', cancelled],
    ] as const) {
      const res = await deliverLive(topic, payload);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: true, outcome: 'ignored' });
      expect(res.body.detail).toContain("a test order (Shopify's test gateway) on the live connection: not recorded");
    }
    expect(await liveConversionOf(order.id)).toBeNull();
    expect(await liveData()).toBe(before);
    const exported = await liveApi.get(`/v1/customers/${encodeURIComponent(`shopify_customer_${customer.id}`)}/export`);
    expect(JSON.stringify(exported.body)).not.toContain(order.id);
  });

  it('a real order (test false) on the live hook is applied, its real refund too', async () => {
    const order = shopifyOrder({ total: '40.00', currency: 'USD', discountCodes: [liveCode], test: false });
    expect(order.test).toBe(false);
    expect((await deliverLive('orders/paid', order)).body).toMatchObject({ outcome: 'applied' });
    expect(await liveConversionOf(order.id)).toMatchObject({ amount: 4000, livemode: true });
    const refund = shopifyRefund({
      orderId: order.id,
      transactions: [{ amount: '10.00', currency: 'USD' }],
      test: false,
    });
    expect((await deliverLive('refunds/create', refund)).body).toMatchObject({ outcome: 'applied' });
    expect(await liveConversionOf(order.id)).toMatchObject({ refunded_amount: 1000 });
  });

  it('a live order without the `test` field is applied as a real one', async () => {
    const { test: _omitted, ...order } = shopifyOrder({ total: '12.00', currency: 'USD', discountCodes: [liveCode] });
    expect((await deliverLive('orders/paid', order)).body).toMatchObject({ outcome: 'applied' });
    expect(await liveConversionOf(order.id)).toMatchObject({ amount: 1200 });
  });

  it('on the test-mode hook a test order, its refund and its cancellation are applied', async () => {
    const { code } = await advocateCode();
    const order = shopifyOrder({ total: '30.00', currency: 'USD', discountCodes: [code], test: true });
    expect((await deliver('orders/paid', order)).body).toMatchObject({ outcome: 'applied' });
    const refund = shopifyRefund({ orderId: order.id, transactions: [{ amount: '5.00', currency: 'USD' }] });
    expect((await deliver('refunds/create', refund)).body).toMatchObject({ outcome: 'applied' });
    expect(await conversionOf(order.id)).toMatchObject({ amount: 3000, refunded_amount: 500 });
    const cancelled = { ...order, cancelled_at: new Date().toISOString(), cancel_reason: 'customer' };
    expect((await deliver('orders/cancelled', cancelled)).body).toMatchObject({ outcome: 'applied' });
    expect(await conversionOf(order.id)).toMatchObject({ refunded_amount: 3000 });
    expect(await liveConversionOf(order.id)).toBeNull();
  });
});

describe('app/uninstalled (deliveries built as Shopify documents them, Shopify unreachable)', () => {
  it(`marks the connection disconnected: orders are refused (404), the privacy topics still apply \
(shop/redact comes 48 hours later); once deleted they are refused too`, async () => {
    const { code } = await advocateCode();
    const customer = { id: shopifyId(), email: 'after.uninstall@example.com' };
    const order = shopifyOrder({ total: '21.00', currency: 'USD', customer, discountCodes: [code] });
    expect((await deliver('orders/paid', order)).body.outcome).toBe('applied');

    const res = await deliver('app/uninstalled', shopifyShop(SHOP));
    expect(res.body).toMatchObject({ outcome: 'applied' });
    expect(await shopifyView()).toMatchObject({ status: 'disconnected' });
    const later = await deliver('orders/paid', shopifyOrder({ total: '9.00', currency: 'USD' }));
    expect(later.status).toBe(404);
    expect(later.body.error.code).toBe('integration_not_found');

    // Still HMAC-verified under the stored secret.
    const forged = await deliver('shop/redact', shopifyShopRedact(SHOP), { secret: 'shpss_wrong_wrong_wrong_1234' });
    expect(forged.body.error.code).toBe('invalid_signature');
    const asked = await deliver('customers/data_request', shopifyDataRequest(SHOP, customer, [order.id]));
    expect(asked.body).toMatchObject({ outcome: 'applied' });
    const redact = shopifyDelivery('shop/redact', shopifyShopRedact(SHOP), { secret: SECRET, shopDomain: SHOP });
    expect(await untilDone(redact)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect((await conversionOf(order.id)).customer_external_id).toMatch(/^erased_/);
    const late = await deliver('customers/redact', shopifyCustomerRedact(SHOP, customer, [order.id]));
    expect(late.body).toMatchObject({ outcome: 'applied' });
    expect(await shopifyView()).toMatchObject({ status: 'disconnected' });

    expect((await api.call('DELETE', '/v1/integrations/shopify')).status).toBe(200);
    const deleted = await deliver('shop/redact', shopifyShopRedact(SHOP));
    expect(deleted.status).toBe(404);
    expect(deleted.body.error.code).toBe('integration_not_found');
  }, 120_000);
});

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
