import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse } from '../../../shared/schemas/health.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker, TEST_ADMIN_TOKEN } from '../../support/worker.ts';
import { type Receiver, startReceiver } from '../webhooks/receiver.ts';

// The suite's Worker runs as `test`; the ones below as production (VOUCH_ENV unset or "production"),
// on the same database, so a merchant made here is known to them (API keys are plain SHA-256).
const suite = workerSuite();
const STRONG = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
const STRONG_NEXT = 'Zt5uR8eW2qY7iO4pL1kJ6hG9fD3sA0xC';
const STRONG_ADMIN = 'adm_4Hs8Kq1Lw9Ze3Rt7Yu2Io6Pa5Sd0Fg';
let merchant: TestMerchant;
let code: string;

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker);
  const api = apiClient(suite.worker, merchant.sk);
  const program = (await api.post('/v1/programs', PROGRAM_INPUT)).body;
  code = `SEC${Date.now().toString(36).toUpperCase()}`;
  await api.post(`/v1/programs/${program.id}/advocates`, { external_id: 'sec-1', code });
});

async function withWorker<T>(bindings: Record<string, string>, run: (w: RunningWorker) => Promise<T>): Promise<T> {
  // A strong admin token unless a test says otherwise: the suite's own is short (fine for `test` only).
  const worker = await startWorker({ bridge: suite.bridge, bindings: { ADMIN_TOKEN: STRONG_ADMIN, ...bindings } });
  try {
    return await run(worker);
  } finally {
    await worker.dispose();
  }
}

async function healthOf(worker: RunningWorker) {
  const res = await worker.fetch('/health');
  return { status: res.status, body: HealthResponse.parse(await res.json()) };
}

describe('production without a usable HASH_SECRET', () => {
  it.each([
    ['missing', '', 'missing'],
    ['a placeholder', 'replace-me', 'weak'],
    ['short', 'only-twenty-chars-ok', 'weak'],
    ['long but repetitive', 'ab'.repeat(24), 'weak'],
  ])('%s: health degraded and why; sealing writes answer 503 secret_not_configured', async (_, value, problem) => {
    await withWorker({ VOUCH_ENV: 'production', HASH_SECRET: value }, async (prod) => {
      const health = await healthOf(prod);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'degraded', redis: { reachable: true } });
      expect(health.body.secrets.production).toBe(true);
      const message = expect.stringContaining('wrangler secret put HASH_SECRET');
      expect(health.body.secrets.problems).toEqual([{ secret: 'HASH_SECRET', problem, message }]);

      const api = apiClient(prod, merchant.sk);
      for (const [path, body] of [
        ['/v1/webhook_endpoints', { url: 'https://hooks.example/vouch', events: ['reward.paid'] }],
        ['/v1/widget_secret/roll', {}],
      ] as const) {
        const res = await api.post(path, body);
        expect(res.status, path).toBe(503);
        const message = expect.stringContaining('HASH_SECRET');
        const error = { type: 'api_error', code: 'secret_not_configured', message };
        expect(res.body.error).toMatchObject(error);
        if (value) expect(JSON.stringify(res.body)).not.toContain(value);
      }
      // Nothing was sealed under a guessable key.
      const stored = await suite.bridge.direct(['KEYS', `v1:test:${merchant.id}:webhook_endpoint:*`]);
      expect(stored).toEqual([]);
      // The docs stay readable; a referral link shows its 'try again' page, no cookie signed with a constant.
      // (Bodies are read: an unread one keeps workerd from shutting down.)
      const docs = await prod.fetch('/v1/openapi.json');
      expect(docs.status).toBe(200);
      await docs.arrayBuffer();
      const link = await prod.fetch(`/r/${code}`, { redirect: 'manual', headers: visitor('198.51.100.20').headers() });
      expect(link.status).toBe(503);
      expect(link.headers.get('set-cookie')).toBeNull();
      await link.arrayBuffer();
    });
  });

  it('a Worker without VOUCH_ENV is production', async () => {
    await withWorker({ VOUCH_ENV: '', HASH_SECRET: '' }, async (prod) => {
      expect((await healthOf(prod)).body).toMatchObject({ status: 'degraded', secrets: { production: true } });
    });
  });

  it('development keeps working on its loud fallback, and health lists the problem without degrading', async () => {
    await withWorker({ VOUCH_ENV: 'development', HASH_SECRET: '' }, async (dev) => {
      const health = await healthOf(dev);
      expect(health.status).toBe(200);
      const problems = [{ secret: 'HASH_SECRET', problem: 'missing' }];
      expect(health.body).toMatchObject({ status: 'ok', secrets: { production: false, problems } });
      const hook = { url: 'https://hooks.example/dev', events: ['reward.paid'] };
      const res = await apiClient(dev, merchant.sk).post('/v1/webhook_endpoints', hook);
      expect(res.status).toBe(201);
    });
  });

  it('a strong secret in production: healthy, and the same writes succeed', async () => {
    await withWorker({ VOUCH_ENV: 'production', HASH_SECRET: STRONG }, async (prod) => {
      const healthy = { status: 200, body: { status: 'ok', secrets: { production: true, problems: [] } } };
      expect(await healthOf(prod)).toMatchObject(healthy);
      const hook = { url: 'https://hooks.example/prod', events: ['reward.paid'] };
      const res = await apiClient(prod, merchant.sk).post('/v1/webhook_endpoints', hook);
      expect(res.status).toBe(201);
    });
  });
});

describe('production with a weak ADMIN_TOKEN', () => {
  it('refuses the bootstrap with 503 secret_not_configured and reports it on /health', async () => {
    const weak = 'short-admin-token';
    await withWorker({ VOUCH_ENV: 'production', HASH_SECRET: STRONG, ADMIN_TOKEN: weak }, async (prod) => {
      const message = expect.stringContaining('ADMIN_TOKEN');
      const { problems } = (await healthOf(prod)).body.secrets;
      expect(problems).toEqual([{ secret: 'ADMIN_TOKEN', problem: 'weak', message }]);
      const input = { name: 'Guessed', allowed_origins: ['https://a.example'], allowed_hosts: ['a.example'] };
      const res = await apiClient(prod, weak).post('/v1/merchants', input);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'secret_not_configured', message });
      expect(JSON.stringify(res.body)).not.toContain(weak);
    });
    // The test suite's token is weak too, but `test` is not production.
    expect(TEST_ADMIN_TOKEN.length).toBeLessThan(32);
  });
});

describe('rotating HASH_SECRET', () => {
  it('an old-secret click cookie still names the click after rotation, and not once PREVIOUS is gone', async () => {
    const friend = visitor('198.51.100.40');
    const clickOf = (res: Response) => new URL(res.headers.get('location')!).searchParams.get('vouch_click');
    const first = await withWorker({ HASH_SECRET: STRONG }, async (before) => {
      const res = await before.fetch(`/r/${code}`, { redirect: 'manual', headers: friend.headers() });
      friend.remember(res);
      await res.arrayBuffer();
      return clickOf(res);
    });
    expect(first).toMatch(/^clk_/);
    const again = (bindings: Record<string, string>) =>
      withWorker(bindings, async (w) => {
        const res = await w.fetch(`/r/${code}`, { redirect: 'manual', headers: friend.headers() });
        await res.arrayBuffer();
        return clickOf(res);
      });
    // Within the hour, the same visitor on the same code is the same click: the cookie was verified.
    expect(await again({ HASH_SECRET: STRONG_NEXT, HASH_SECRET_PREVIOUS: STRONG })).toBe(first);
    expect(await again({ HASH_SECRET: STRONG_NEXT })).not.toBe(first);
  });

  it(`production ignores a weak HASH_SECRET_PREVIOUS, so no cookie signed with it counts; /health says \
so`, async () => {
    const weak = 'replace-me'; // what worker/secrets.example.env sets
    const friend = visitor('198.51.100.41');
    const clickOf = (res: Response) => new URL(res.headers.get('location')!).searchParams.get('vouch_click');
    const visit = (bindings: Record<string, string>, remember = false) =>
      withWorker(bindings, async (w) => {
        const res = await w.fetch(`/r/${code}`, { redirect: 'manual', headers: friend.headers() });
        if (remember) friend.remember(res);
        await res.arrayBuffer();
        return clickOf(res);
      });
    // Anyone can sign with a public value: here a `test` Worker does.
    const forged = await visit({ HASH_SECRET: weak }, true);
    expect(forged).toMatch(/^clk_/);
    const prod = { VOUCH_ENV: 'production', HASH_SECRET: STRONG_NEXT, HASH_SECRET_PREVIOUS: weak };
    expect(await visit(prod)).not.toBe(forged);

    await withWorker(prod, async (w) => {
      const health = await healthOf(w);
      const message = expect.stringContaining('HASH_SECRET_PREVIOUS');
      const problem = { secret: 'HASH_SECRET_PREVIOUS', problem: 'weak', message };
      expect(health.body.secrets.problems).toEqual([problem]);
      expect(health).toMatchObject({ status: 503, body: { status: 'degraded', secrets: { production: true } } });
      expect(JSON.stringify(health.body)).not.toContain(weak);
    });
    // A strong previous secret is no problem.
    await withWorker({ ...prod, HASH_SECRET_PREVIOUS: STRONG }, async (w) => {
      expect(await healthOf(w)).toMatchObject({ status: 200, body: { status: 'ok', secrets: { problems: [] } } });
    });
  });

  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver?.close());

  it('a signing secret sealed under the old HASH_SECRET still opens and signs after rotation', async () => {
    const m = await createTestMerchant(suite.worker);
    const target = receiver.path();
    const created = await withWorker({ HASH_SECRET: STRONG }, async (before) => {
      const api = apiClient(before, m.sk);
      const input = { ...PROGRAM_INPUT, limits: { one_redemption_per_customer: false } };
      const program = (await api.post('/v1/programs', input)).body;
      const code = `ROT${Date.now().toString(36).toUpperCase()}`;
      const advocate = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: 'rot-1', code })).body;
      const hook = await api.post('/v1/webhook_endpoints', { url: target.url, events: ['redemption.created'] });
      expect(hook.status).toBe(201);
      return { code: advocate.code as string, secret: hook.body.secret as string };
    });

    await withWorker({ HASH_SECRET: STRONG_NEXT, HASH_SECRET_PREVIOUS: STRONG }, async (rotated) => {
      const api = apiClient(rotated, m.sk);
      const customer = { external_id: 'rot-c1' };
      const order = { amount: 5000, currency: 'USD' };
      const body = { code: created.code, order_id: 'rot-order-1', customer, order };
      const redeem = await api.post('/v1/redemptions', body);
      expect(redeem.status).toBe(201);
      const [req] = await receiver.waitFor(target.path, 1);
      const header = (name: string) => String(req!.headers[name]);
      const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature'];
      const headers = Object.fromEntries(names.map((name) => [name, header(name)]));
      expect(new Webhook(created.secret).verify(req!.body, headers)).toMatchObject({ type: 'redemption.created' });
    });
  });
});
