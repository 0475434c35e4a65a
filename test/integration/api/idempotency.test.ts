import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();

let m: TestMerchant;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  m = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, m.sk);
});

const key = () => `idem-${Math.random().toString(36).slice(2)}`;
const programCount = async () => (await api.get('/v1/programs?limit=100')).body.data.length as number;

describe('Idempotency-Key', () => {
  it('replays the stored answer for the same key and body, with no second effect', async () => {
    const k = key();
    const before = await programCount();
    const first = await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    const second = await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await programCount()).toBe(before + 1);
  });

  it('answers 409 idempotency_error for the same key with another body or path', async () => {
    const k = key();
    await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    const otherBody = await api.post('/v1/programs', { ...PROGRAM_INPUT, name: 'Different' }, { 'Idempotency-Key': k });
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.error).toMatchObject({ type: 'conflict_error', code: 'idempotency_error' });
    const otherPath = await api.post('/v1/keys/roll', { type: 'publishable' }, { 'Idempotency-Key': k });
    expect(otherPath.status).toBe(409);
  });

  it('executes concurrent requests with the same key exactly once; all get the same answer', async () => {
    const k = key();
    const before = await programCount();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post('/v1/programs', { ...PROGRAM_INPUT, name: 'Concurrent' }, { 'Idempotency-Key': k }),
      ),
    );
    expect(await programCount()).toBe(before + 1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
  });

  it('keys are scoped per merchant and mode: another merchant may use the same key', async () => {
    const k = key();
    const other = await createTestMerchant(suite.worker);
    const a = await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    const b = await apiClient(suite.worker, other.sk).post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('keeps answers for at least 24 hours', async () => {
    const k = key();
    await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    const keys = (await suite.bridge.direct(['KEYS', `v1:idempotency:test:${m.id}:*`])) as Buffer[];
    const ttls = await Promise.all(keys.map((name) => suite.bridge.direct(['TTL', String(name)])));
    expect(Math.max(...(ttls as number[]))).toBeGreaterThanOrEqual(24 * 3600);
  });

  it('does not keep rejected requests: bad input changes nothing and may be retried after fixing', async () => {
    const k = key();
    const bad = await api.post('/v1/programs', { ...PROGRAM_INPUT, name: '' }, { 'Idempotency-Key': k });
    expect(bad.status).toBe(400);
    const same = await api.post('/v1/programs', { ...PROGRAM_INPUT, name: '' }, { 'Idempotency-Key': k });
    expect(same.status).toBe(400);
    expect(same.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses malformed keys', async () => {
    for (const bad of ['x'.repeat(256), 'has space', 'tab\tkey']) {
      const res = await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': bad });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('invalid_idempotency_key');
    }
  });

  it('releases the key when the request fails on our side, so a retry can succeed', async () => {
    const k = key();
    const before = await programCount();
    // The program write (MULTI/EXEC) fails every attempt, retries included.
    suite.bridge.server.setFaults({ fail_requests: 5, only_path: '/multi-exec' });
    const failed = await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    suite.bridge.server.clearFaults();
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ type: 'api_error', code: 'service_unavailable' });
    expect(JSON.stringify(failed.body)).not.toMatch(/multi|zadd|prog_/i);
    const retry = await api.post('/v1/programs', PROGRAM_INPUT, { 'Idempotency-Key': k });
    expect(retry.status).toBe(201);
    expect(await programCount()).toBe(before + 1);
  });

  it('covers the operator bootstrap too', async () => {
    const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
    const k = key();
    const body = { name: 'Twice', allowed_hosts: ['twice.example'] };
    const a = await admin.post('/v1/merchants', body, { 'Idempotency-Key': k });
    const b = await admin.post('/v1/merchants', body, { 'Idempotency-Key': k });
    expect(b.body.merchant.id).toBe(a.body.merchant.id);
    expect(b.body.keys.secret.key).toBe(a.body.keys.secret.key);
  });
});
