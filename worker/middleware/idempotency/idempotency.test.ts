import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWorkerEnv } from '../../../test/support/node-env.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/api-error.ts';
import { onError } from '../../errors/on-error.ts';
import { idempotency } from './idempotency.ts';

let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let effects = 0;
const scope = `unit-${Date.now()}`;

const app = new Hono<AppEnv>();
app.use('*', async (c, next) => {
  c.set('idempotencyScope', scope);
  await next();
});
app.use('*', idempotency());
app.post('/effect', async (c) => {
  effects++;
  await new Promise((r) => setTimeout(r, 50));
  return c.json({ effect: effects }, 201);
});
app.post('/reject', () => {
  effects++;
  throw new ApiError('invalid_request_error', 'nope', 'Rejected.', { status: 422 });
});
app.onError(onError);

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
});
afterAll(() => ctx?.stop());

const post = (path: string, key: string, body = '{"a":1}') =>
  app.request(path, { method: 'POST', headers: { 'Idempotency-Key': key }, body }, ctx.env);

describe('idempotency middleware', () => {
  it('runs once and replays for the same key and body', async () => {
    const before = effects;
    const a = await post('/effect', 'k1');
    const b = await post('/effect', 'k1');
    expect(effects).toBe(before + 1);
    expect(b.status).toBe(201);
    expect(await b.json()).toEqual(await a.json());
    expect(b.headers.get('idempotent-replayed')).toBe('true');
  });

  it('runs once for concurrent duplicates', async () => {
    const before = effects;
    const all = await Promise.all(Array.from({ length: 5 }, () => post('/effect', 'k-concurrent')));
    expect(effects).toBe(before + 1);
    expect(new Set(await Promise.all(all.map((r) => r.text()))).size).toBe(1);
  });

  it('refuses the same key with another body (409)', async () => {
    await post('/effect', 'k2', '{"a":1}');
    const res = await post('/effect', 'k2', '{"a":2}');
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('idempotency_error');
  });

  it('keeps nothing for a rejected request: a retry runs again', async () => {
    const before = effects;
    expect((await post('/reject', 'k3')).status).toBe(422);
    expect((await post('/reject', 'k3')).status).toBe(422);
    expect(effects).toBe(before + 2);
  });

  it('passes requests without a key straight through', async () => {
    const before = effects;
    await app.request('/effect', { method: 'POST', body: '{}' }, ctx.env);
    await app.request('/effect', { method: 'POST', body: '{}' }, ctx.env);
    expect(effects).toBe(before + 2);
  });
});
