import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { startWorker, TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();

afterAll(async () => {});

describe('POST /v1/merchants (operator bootstrap)', () => {
  it('creates a merchant with a test key pair shown once, stored only as digests', async () => {
    const m = await createTestMerchant(suite.worker, {
      allowed_origins: ['https://Shop.Example/', 'http://localhost:8788'],
      allowed_hosts: ['Shop.Example.', 'bücher.example'],
    });
    const { merchant, keys } = m.created;
    expect(merchant.id).toMatch(/^mer_[0-9A-Z]{26}$/);
    expect(merchant.allowed_origins).toEqual(['https://shop.example', 'http://localhost:8788']);
    expect(merchant.allowed_hosts).toEqual(['shop.example', 'xn--bcher-kva.example']);
    expect(keys.secret.key).toMatch(/^sk_test_[0-9A-Za-z]{38}$/);
    expect(keys.publishable.key).toMatch(/^pk_test_[0-9A-Za-z]{38}$/);
    expect(keys.secret.last4).toBe(keys.secret.key.slice(-4));
    // Redis holds neither key in clear text, anywhere.
    const dump = JSON.stringify(await suite.bridge.direct(['KEYS', `*${merchant.id}*`]));
    expect(dump).not.toContain(keys.secret.key);
    for (const k of (await suite.bridge.direct(['KEYS', 'v1:api_key:*'])) as Buffer[]) {
      expect(String(await suite.bridge.direct(['GET', String(k)]))).not.toContain(keys.secret.key.slice(8));
    }
  });

  it('refuses a wrong admin token (401) and bad input (400 with param)', async () => {
    const wrong = await apiClient(suite.worker, 'not-the-admin-token').post('/v1/merchants', {
      name: 'x',
      allowed_hosts: ['a.example'],
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_admin_token');
    const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
    const cases: [unknown, string][] = [
      [{ allowed_hosts: ['a.example'] }, 'name'],
      [{ name: 'x', allowed_hosts: [] }, 'allowed_hosts'],
      [{ name: 'x', allowed_hosts: ['https://a.example/path'] }, 'allowed_hosts.0'],
      [{ name: 'x', allowed_hosts: ['a.example'], allowed_origins: ['http://shop.example'] }, 'allowed_origins.0'],
      [{ name: 'x', allowed_hosts: ['a.example'], allowed_origins: ['null'] }, 'allowed_origins.0'],
      [{ name: 'x', allowed_hosts: ['a.example'], extra: 1 }, ''],
    ];
    for (const [body, param] of cases) {
      const res = await admin.post('/v1/merchants', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.type).toBe('invalid_request_error');
      if (param) expect(res.body.error.param).toBe(param);
    }
  });

  it('is switched off when no ADMIN_TOKEN is configured', async () => {
    const off = await startWorker({ bridge: suite.bridge, bindings: { ADMIN_TOKEN: '' } });
    try {
      const res = await apiClient(off, 'anything').post('/v1/merchants', { name: 'x', allowed_hosts: ['a.example'] });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('admin_disabled');
    } finally {
      await off.dispose();
    }
  });
});

describe('API key authentication', () => {
  it('rejects a malformed key before any Redis call', async () => {
    const garbage = ['sk_test_short', `sk_test_${'a'.repeat(38)}`, `xx_test_${'a'.repeat(38)}`, 'Bearer', ''];
    for (const key of garbage) {
      suite.bridge.server.resetStats();
      const res = await suite.worker.fetch('/v1/programs', { headers: { Authorization: `Bearer ${key}` } });
      expect(res.status, key).toBe(401);
      expect(suite.bridge.server.stats().http_requests, key).toBe(0);
    }
    // A single flipped character breaks the checksum.
    const m = await createTestMerchant(suite.worker);
    const flipped = m.sk.slice(0, 20) + (m.sk[20] === 'a' ? 'b' : 'a') + m.sk.slice(21);
    suite.bridge.server.resetStats();
    expect((await apiClient(suite.worker, flipped).get('/v1/programs')).status).toBe(401);
    expect(suite.bridge.server.stats().http_requests).toBe(0);
  });

  it('answers 401 for a missing key and 403 for a publishable key on a secret endpoint', async () => {
    const m = await createTestMerchant(suite.worker);
    const none = await apiClient(suite.worker).get('/v1/programs');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('missing_api_key');
    const pk = await apiClient(suite.worker, m.pk).get('/v1/programs');
    expect(pk.status).toBe(403);
    expect(pk.body.error).toMatchObject({ type: 'permission_error', code: 'secret_key_required' });
  });

  it('authenticates and rate-limits in one Redis round trip', async () => {
    const m = await createTestMerchant(suite.worker);
    suite.bridge.server.resetStats();
    const res = await apiClient(suite.worker, m.sk).get('/v1/merchant');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(m.id);
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000000');
    // auth + limits (1 EVALSHA) + the merchant read (1 GET).
    expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 2, commands: 2 });
  });
});

describe('key rotation', () => {
  it('rolls a secret key: the new one works, the old one is revoked at once', async () => {
    const m = await createTestMerchant(suite.worker);
    const rolled = await apiClient(suite.worker, m.sk).post('/v1/keys/roll', { type: 'secret' });
    expect(rolled.status).toBe(201);
    expect(rolled.body.key).toMatch(/^sk_test_/);
    expect((await apiClient(suite.worker, m.sk).get('/v1/merchant')).status).toBe(401);
    const fresh = apiClient(suite.worker, rolled.body.key);
    expect((await fresh.get('/v1/merchant')).status).toBe(200);
    const list = await fresh.get('/v1/keys');
    const byId = Object.fromEntries(list.body.data.map((k: { id: string }) => [k.id, k]));
    expect(byId[m.created.keys.secret.id].revoked_at).not.toBeNull();
    expect(byId[rolled.body.id].revoked_at).toBeNull();
    expect(byId[m.created.keys.publishable.id].revoked_at).toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(rolled.body.key);
  });

  it('rolls a publishable key without touching the secret one', async () => {
    const m = await createTestMerchant(suite.worker);
    const rolled = await apiClient(suite.worker, m.sk).post('/v1/keys/roll', { type: 'publishable' });
    expect(rolled.body.key).toMatch(/^pk_test_/);
    const origin = { Origin: 'https://shop.example' };
    expect((await apiClient(suite.worker, m.pk).get('/v1/public/config', origin)).status).toBe(401);
    expect((await apiClient(suite.worker, rolled.body.key).get('/v1/public/config', origin)).status).toBe(200);
    expect((await apiClient(suite.worker, m.sk).get('/v1/merchant')).status).toBe(200);
  });

  it('two concurrent rolls leave exactly one working key', async () => {
    const m = await createTestMerchant(suite.worker);
    const api = apiClient(suite.worker, m.sk);
    const [a, b] = await Promise.all([
      api.post('/v1/keys/roll', { type: 'publishable' }),
      api.post('/v1/keys/roll', { type: 'publishable' }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const origin = { Origin: 'https://shop.example' };
    const working = [];
    for (const key of [m.pk, a.body.key, b.body.key])
      if ((await apiClient(suite.worker, key).get('/v1/public/config', origin)).status === 200) working.push(key);
    expect(working).toHaveLength(1);
    const active = (await api.get('/v1/keys')).body.data.filter(
      (k: { type: string; revoked_at: string | null }) => k.type === 'publishable' && !k.revoked_at,
    );
    expect(active).toHaveLength(1);
  });

  it('issues live keys through the operator endpoint; live and test data never meet', async () => {
    const m = await createTestMerchant(suite.worker);
    const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
    const live = await admin.post(`/v1/merchants/${m.id}/keys`, { type: 'secret', mode: 'live' });
    expect(live.status).toBe(201);
    expect(live.body.key).toMatch(/^sk_live_/);
    const testApi = apiClient(suite.worker, m.sk);
    const liveApi = apiClient(suite.worker, live.body.key);
    const testProgram = (await testApi.post('/v1/programs', PROGRAM_INPUT)).body;
    const liveProgram = (await liveApi.post('/v1/programs', PROGRAM_INPUT)).body;
    expect(testProgram.livemode).toBe(false);
    expect(liveProgram.livemode).toBe(true);
    expect((await liveApi.get(`/v1/programs/${testProgram.id}`)).status).toBe(404);
    expect((await testApi.get(`/v1/programs/${liveProgram.id}`)).status).toBe(404);
    expect((await liveApi.get('/v1/programs')).body.data.map((p: { id: string }) => p.id)).toEqual([liveProgram.id]);
    expect((await testApi.get('/v1/programs')).body.data.map((p: { id: string }) => p.id)).toEqual([testProgram.id]);
    // Keys listed are those of the caller's mode only.
    expect((await liveApi.get('/v1/keys')).body.data.every((k: { mode: string }) => k.mode === 'live')).toBe(true);
    expect(
      (await admin.post(`/v1/merchants/mer_00000000000000000000000000/keys`, { type: 'secret', mode: 'live' })).status,
    ).toBe(404);
  });
});
