import { beforeAll, describe, expect, it } from 'vitest';
import { stripeEvent, stripeId, stripeSignature } from '../../../scripts/providers/stripe-events.ts';
import { apiClient, createTestMerchant, type TestMerchant } from '../../support/api.ts';
import { storedText } from '../../support/stored-text.ts';
import { workerSuite } from '../../support/suite.ts';

// /v1/integrations in workerd against real Redis: connecting Stripe and Shopify (secrets sealed,
// never answered), listing, rotation, validation, disconnecting, and one merchant never seeing
// another's connection.
const suite = workerSuite();
let merchant: TestMerchant;
let api: ReturnType<typeof apiClient>;

const WHSEC = 'whsec_3kfT9qLmVb2XwYp7Rz4NcE8sHa1Ud6Go';
const WHSEC_ROTATED = 'whsec_Qa7Zx2Lm9Vb4Nc8Rt1Ys6Ue3Wi5Op0Kj';
const WHSEC_CONNECT = 'whsec_Cx4Vb8Nm2Qw6Er0Ty5Ui9Op3As7Df1Gh';
const RK = 'rk_test_51NmZq8Lb3Vx7Ty2Wc9Pd4Hs6Jf1Kg0Ra';
const SHOPIFY_SECRET = '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';
const SHOPIFY_TOKEN = 'shpat_0123456789abcdef0123456789abcdef';

const put = (client: ReturnType<typeof apiClient>, provider: string, body: unknown) =>
  client.call('PUT', `/v1/integrations/${provider}`, body);
const del = (client: ReturnType<typeof apiClient>, provider: string) =>
  client.call('DELETE', `/v1/integrations/${provider}`);

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, merchant.sk);
});

describe('/v1/integrations', () => {
  it('connects Stripe: the view has the webhook URL and events, and no secret in any answer', async () => {
    const res = await put(api, 'stripe', { webhook_secret: WHSEC, api_key: RK });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'integration',
      livemode: false,
      provider: 'stripe',
      status: 'connected',
      webhook_url: `${suite.worker.url.origin}/hooks/stripe/${merchant.id}/test`,
      events: [
        'checkout.session.completed',
        'invoice.paid',
        'invoice_payment.paid',
        'charge.refunded',
        'refund.created',
        'customer.subscription.deleted',
      ],
      shop_domain: null,
      coupon_sync: true,
      last_event_at: null,
      last_error: null,
      recent_events: [],
    });
    expect(Date.parse(res.body.connected_at)).toBeGreaterThan(Date.now() - 60_000);
    const list = await api.get('/v1/integrations');
    expect(list.status).toBe(200);
    for (const answer of [res, list]) {
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain(WHSEC);
      expect(text).not.toContain(WHSEC.slice(6));
      expect(text).not.toContain(RK);
      expect(text).not.toMatch(/secret_box|credential_box/);
    }
  });

  it('keeps no secret in clear in Redis: the record holds sealed boxes only', async () => {
    await put(api, 'stripe', { webhook_secret: WHSEC, api_key: RK });
    const raw = String(await suite.bridge.direct(['GET', `v1:test:${merchant.id}:integration:stripe`]));
    const record = JSON.parse(raw);
    expect(record).toMatchObject({ provider: 'stripe', status: 'connected', shop_domain: null });
    expect(typeof record.secret_box).toBe('string');
    expect(typeof record.credential_box).toBe('string');
    const everything = await storedText(suite.bridge, merchant.id);
    expect(everything).toContain(`integration:stripe`);
    for (const secret of [WHSEC, WHSEC.slice(6), RK, RK.slice(8)]) expect(everything).not.toContain(secret);
  });

  it('a PUT again rotates the secrets and keeps connected_at; leaving out api_key turns coupon sync off', async () => {
    const first = await put(api, 'stripe', { webhook_secret: WHSEC, api_key: RK });
    const boxBefore = JSON.parse(
      String(await suite.bridge.direct(['GET', `v1:test:${merchant.id}:integration:stripe`])),
    ).secret_box;
    await new Promise((r) => setTimeout(r, 5));
    const rotated = await put(api, 'stripe', { webhook_secret: WHSEC_ROTATED });
    expect(rotated.status).toBe(200);
    expect(rotated.body.connected_at).toBe(first.body.connected_at);
    expect(rotated.body.coupon_sync).toBe(false);
    const after = JSON.parse(String(await suite.bridge.direct(['GET', `v1:test:${merchant.id}:integration:stripe`])));
    expect(after.secret_box).not.toBe(boxBefore);
    expect(after.credential_box).toBeNull();
    expect(JSON.stringify(rotated.body)).not.toContain(WHSEC_ROTATED);
  });

  it(`connects Stripe's Connect endpoint: its secret sealed and never answered, the view names its events; \
a PUT without it removes it`, async () => {
    const m = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, m.sk);
    const res = await put(client, 'stripe', { webhook_secret: WHSEC, connect_webhook_secret: WHSEC_CONNECT });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ webhook_url: `${suite.worker.url.origin}/hooks/stripe/${m.id}/test` });
    expect(res.body.connect_events).toEqual(['account.updated']);
    expect(res.body.events).not.toContain('account.updated');
    const list = await client.get('/v1/integrations');
    const stored = await storedText(suite.bridge, m.id);
    for (const text of [JSON.stringify(res.body), JSON.stringify(list.body), stored]) {
      for (const secret of [WHSEC_CONNECT, WHSEC_CONNECT.slice(6)]) expect(text).not.toContain(secret);
    }
    const record = async () =>
      JSON.parse(String(await suite.bridge.direct(['GET', `v1:test:${m.id}:integration:stripe`])));
    expect(typeof (await record()).settings.connect_secret_box).toBe('string');
    // Deliveries signed by the Connect endpoint are verified with its secret; after a PUT without it, refused.
    const deliver = async () => {
      const event = stripeEvent('account.updated', { id: 'acct_0000000000000001', object: 'account', metadata: {} });
      const payload = JSON.stringify({ ...event, account: 'acct_0000000000000001' });
      const hook = await suite.worker.fetch(new URL(res.body.webhook_url).pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, WHSEC_CONNECT) },
        body: payload,
      });
      return hook.status;
    };
    expect(await deliver()).toBe(200);
    await put(client, 'stripe', { webhook_secret: WHSEC });
    expect((await record()).settings).toEqual({});
    expect(await deliver()).toBe(400);
    const shopify = await put(client, 'shopify', {
      shop_domain: 'connect-check.myshopify.com',
      api_secret: SHOPIFY_SECRET,
    });
    expect(shopify.body.connect_events).toBeNull();
  });

  it('a connection disconnected by an uninstall connects anew: status connected, a new connected_at', async () => {
    const m = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, m.sk);
    const body = { shop_domain: 'nordlicht.myshopify.com', api_secret: SHOPIFY_SECRET };
    const first = await put(client, 'shopify', body);
    // What Shopify's app/uninstalled leaves: the record marked disconnected (written as the store writes it).
    const key = `v1:test:${m.id}:integration:shopify`;
    const stored = JSON.parse(String(await suite.bridge.direct(['GET', key])));
    const at = new Date(Date.now() + 1000).toISOString();
    await suite.bridge.direct(['SET', key, JSON.stringify({ ...stored, status: 'disconnected', disconnected_at: at })]);
    expect((await client.get('/v1/integrations')).body.data[0].status).toBe('disconnected');
    await new Promise((r) => setTimeout(r, 5));
    const again = await put(client, 'shopify', body);
    expect(again.body.status).toBe('connected');
    expect(Date.parse(again.body.connected_at)).toBeGreaterThan(Date.parse(first.body.connected_at));
    expect(JSON.parse(String(await suite.bridge.direct(['GET', key]))).disconnected_at).toBeNull();
  });

  it('connects Shopify (domain normalised) and lists both providers, Stripe first', async () => {
    const res = await put(api, 'shopify', {
      shop_domain: '  Nordlicht-Coffee.MyShopify.com ',
      api_secret: SHOPIFY_SECRET,
      access_token: SHOPIFY_TOKEN,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      provider: 'shopify',
      status: 'connected',
      shop_domain: 'nordlicht-coffee.myshopify.com',
      coupon_sync: true,
      webhook_url: `${suite.worker.url.origin}/hooks/shopify/${merchant.id}/test`,
    });
    expect(res.body.events).toContain('orders/paid');
    expect(res.body.events).toContain('customers/redact');
    const list = await api.get('/v1/integrations');
    expect(list.body).toMatchObject({ object: 'list', has_more: false, next_cursor: null });
    expect(list.body.data.map((i: { provider: string }) => i.provider)).toEqual(['stripe', 'shopify']);
    const text = JSON.stringify(list.body);
    for (const secret of [SHOPIFY_SECRET, SHOPIFY_TOKEN]) expect(text).not.toContain(secret);
    expect(await storedText(suite.bridge, merchant.id)).not.toContain(SHOPIFY_TOKEN);
  });

  it('shows what the provider delivered: last_event_at and the recent events, newest first', async () => {
    const m = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, m.sk);
    const connected = await put(client, 'stripe', { webhook_secret: WHSEC });
    const ids: string[] = [];
    for (const type of ['customer.created', 'product.created']) {
      const event = stripeEvent(type, { id: stripeId('obj'), object: type.split('.')[0] });
      const payload = JSON.stringify(event);
      const res = await suite.worker.fetch(new URL(connected.body.webhook_url).pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, WHSEC) },
        body: payload,
      });
      expect(res.status).toBe(200);
      ids.push(event.id);
    }
    const [view] = (await client.get('/v1/integrations')).body.data;
    expect(view.recent_events.map((e: { id: string }) => e.id)).toEqual([...ids].reverse());
    expect(view.recent_events[0]).toMatchObject({ type: 'product.created', outcome: 'ignored' });
    expect(view.last_event_at).toBe(view.recent_events[0].received_at);
    expect(view.last_error).toBeNull();
  });

  it('refuses malformed secrets with a 400 naming the parameter, and stores nothing', async () => {
    const m = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, m.sk);
    const cases: [string, unknown, string][] = [
      ['stripe', { webhook_secret: 'sk_test_notasigningsecret000' }, 'webhook_secret'],
      ['stripe', { webhook_secret: 'whsec_short' }, 'webhook_secret'],
      ['stripe', { webhook_secret: WHSEC, api_key: 'pk_test_0123456789abcdefghij' }, 'api_key'],
      ['stripe', {}, 'webhook_secret'],
      ['stripe', { webhook_secret: WHSEC, extra: 1 }, ''],
      [
        'stripe',
        { webhook_secret: WHSEC, connect_webhook_secret: 'sk_test_notasigningsecret000' },
        'connect_webhook_secret',
      ],
      ['shopify', { shop_domain: 'shop.example.com', api_secret: SHOPIFY_SECRET }, 'shop_domain'],
      ['shopify', { shop_domain: 'a.myshopify.com', api_secret: 'short' }, 'api_secret'],
      ['shopify', { shop_domain: 'a.myshopify.com', api_secret: 'has a space in it 123' }, 'api_secret'],
      ['shopify', { shop_domain: 'a.myshopify.com', api_secret: SHOPIFY_SECRET, access_token: 'x' }, 'access_token'],
    ];
    for (const [provider, body, param] of cases) {
      const res = await put(client, provider, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.type).toBe('invalid_request_error');
      if (param) {
        expect(res.body.error.param).toBe(param);
        expect(res.body.error.message).toContain(param);
      }
    }
    expect((await put(client, 'stripe', 'not json')).status).toBe(400);
    expect((await client.get('/v1/integrations')).body.data).toEqual([]);
  });

  it('DELETE disconnects (then 404 integration_not_found); an unknown provider is 404 too', async () => {
    const m = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, m.sk);
    await put(client, 'stripe', { webhook_secret: WHSEC });
    const gone = await del(client, 'stripe');
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ object: 'integration', provider: 'stripe', deleted: true });
    expect((await client.get('/v1/integrations')).body.data).toEqual([]);
    expect(await storedText(suite.bridge, m.id)).not.toContain(':integration:stripe');
    const again = await del(client, 'stripe');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('integration_not_found');
    const unknown = await del(client, 'paypal');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('integration_not_found');
  });

  it('is the tenant’s own: another merchant, and live mode, see and delete nothing of it', async () => {
    const other = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, other.sk);
    await put(api, 'stripe', { webhook_secret: WHSEC });
    expect((await client.get('/v1/integrations')).body.data).toEqual([]);
    expect((await del(client, 'stripe')).status).toBe(404);
    const mine = await api.get('/v1/integrations');
    expect(mine.body.data.map((i: { provider: string }) => i.provider)).toContain('stripe');
    // The other merchant's own connection has its own URL.
    const theirs = await put(client, 'stripe', { webhook_secret: WHSEC_ROTATED });
    expect(theirs.body.webhook_url).toBe(`${suite.worker.url.origin}/hooks/stripe/${other.id}/test`);
  });

  it('needs the secret key: a publishable key or none is refused', async () => {
    expect((await apiClient(suite.worker, merchant.pk).get('/v1/integrations')).status).toBe(403);
    expect((await apiClient(suite.worker).get('/v1/integrations')).status).toBe(401);
    const noKey = await put(apiClient(suite.worker), 'stripe', { webhook_secret: WHSEC });
    expect(noKey.status).toBe(401);
  });

  it('replays a PUT under the same Idempotency-Key, and refuses the key reused with another body', async () => {
    const m = await createTestMerchant(suite.worker);
    const client = apiClient(suite.worker, m.sk);
    const headers = { 'Idempotency-Key': `idem-${m.id}` };
    const first = await client.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC }, headers);
    const replay = await client.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC }, headers);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const other = await client.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC_ROTATED }, headers);
    expect(other.status).toBe(409);
  });
});
