import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { startWorker, TEST_ADMIN_TOKEN } from '../../support/worker.ts';
import { eventually, type Receiver, startReceiver } from '../webhooks/receiver.ts';

// A strong HASH_SECRET, so the production Worker below can open the boxes this one seals (production
// ignores a weak HASH_SECRET_PREVIOUS, like the default test secret).
const STRONG_SECRET = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
const suite = workerSuite({ worker: { bindings: { HASH_SECRET: STRONG_SECRET } } });
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

async function liveClient() {
  const m = await createTestMerchant(suite.worker);
  const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
  const key = (await admin.post(`/v1/merchants/${m.id}/keys`, { type: 'secret', mode: 'live' })).body.key;
  return { test: apiClient(suite.worker, m.sk), live: apiClient(suite.worker, key) };
}

describe('webhook receiver URLs', () => {
  it.each([
    'https://127.0.0.1/hook',
    'https://2130706433/hook',
    'https://0177.0.0.1/hook',
    'https://0x7f.1/hook',
    'https://127.1/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[64:ff9b::7f00:1]/hook',
    'https://10.0.0.1/hook',
    'https://192.168.1.10/hook',
    'https://100.64.0.1/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://224.0.0.1/hook',
    'https://[fc00::1]/hook',
    'https://[fe80::1]/hook',
    'https://localhost./hook',
    'https://hooks.localhost/hook',
    'https://localhost.localdomain/hook',
    'https://printer.local/hook',
    'https://metadata.google.internal/hook',
    'https://ip6-localhost/hook',
  ])('a live key may not point one at %s: 400 url_not_allowed, nothing created', async (url) => {
    const { live } = await liveClient();
    const res = await live.post('/v1/webhook_endpoints', { url, events: ['reward.paid'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'url_not_allowed', param: 'url' });
    expect(res.body.error.message).toMatch(/public host|localhost receivers/);
    expect((await live.get('/v1/webhook_endpoints')).body.data).toEqual([]);
    // Nor through an update of an accepted endpoint.
    const ok = await live.post('/v1/webhook_endpoints', { url: 'https://hooks.example/live', events: ['reward.paid'] });
    expect(ok.status).toBe(201);
    const patched = await live.patch(`/v1/webhook_endpoints/${ok.body.id}`, { url });
    expect(patched.body.error).toMatchObject({ code: 'url_not_allowed' });
  });

  it('refuses userinfo tricks as credentials', async () => {
    const { live } = await liveClient();
    const url = 'https://hooks.example@127.0.0.1/hook';
    const res = await live.post('/v1/webhook_endpoints', { url, events: ['reward.paid'] });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('url');
  });

  it('test mode keeps accepting http://127.0.0.1 and localhost, but not private networks', async () => {
    const { test } = await liveClient();
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook']) {
      expect((await test.post('/v1/webhook_endpoints', { url, events: ['reward.paid'] })).status, url).toBe(201);
    }
    const res = await test.post('/v1/webhook_endpoints', { url: 'http://10.0.0.1/hook', events: ['reward.paid'] });
    expect(res.body.error).toMatchObject({ code: 'url_not_allowed', param: 'url' });
  });

  it('a receiver saved before the rule applied is not sent to where the rule now refuses it', async () => {
    const m = await createTestMerchant(suite.worker);
    const api = apiClient(suite.worker, m.sk);
    const input = { ...PROGRAM_INPUT, limits: { one_redemption_per_customer: false } };
    const program = (await api.post('/v1/programs', input)).body;
    const code = `URL${Date.now().toString(36).toUpperCase()}`;
    await api.post(`/v1/programs/${program.id}/advocates`, { external_id: 'url-1', code });
    // Saved by a test-mode key outside production: a local receiver is fine there.
    const target = receiver.path();
    const hook = await api.post('/v1/webhook_endpoints', { url: target.url, events: ['redemption.created'] });
    expect(hook.status).toBe(201);

    // The same data served by a production Worker with the same secret.
    const prod = await startWorker({
      bridge: suite.bridge,
      bindings: {
        VOUCH_ENV: 'production',
        HASH_SECRET: STRONG_SECRET,
        ADMIN_TOKEN: '',
      },
    });
    try {
      const papi = apiClient(prod, m.sk);
      const order = {
        code,
        order_id: 'url-order-1',
        customer: { external_id: 'url-c1' },
        order: { amount: 5000, currency: 'USD' },
      };
      expect((await papi.post('/v1/redemptions', order)).status).toBe(201);
      const log = await eventually(
        () => papi.get(`/v1/webhook_endpoints/${hook.body.id}/deliveries?limit=10`),
        (r) => r.body.data.length >= 1,
      );
      const [attempt] = log.body.data;
      expect(attempt).toMatchObject({ outcome: 'retry_scheduled', response_status: null, error: 'url_not_allowed' });
      expect(receiver.received(target.path)).toEqual([]);
    } finally {
      await prod.dispose();
    }
  });
});
