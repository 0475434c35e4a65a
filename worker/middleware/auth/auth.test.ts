import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWorkerEnv } from '../../../test/support/node-env.ts';
import type { AppEnv } from '../../app-env.ts';
import { onError } from '../../errors/on-error.ts';
import { createRedis } from '../../storage/client.ts';
import { merchantStore } from '../../storage/merchants.ts';
import { requireAdmin, requireKey } from './auth.ts';

let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let keys: { sk: string; pk: string; merchantId: string };

const app = new Hono<AppEnv>();
app.get('/secret', requireKey('secret'), (c) => c.json(c.get('auth')));
app.get('/public', requireKey('publishable', { allowQueryKey: true }), (c) => c.json(c.get('auth')));
app.post('/admin', requireAdmin(), (c) => c.json({ ok: true, scope: c.get('idempotencyScope') }));
app.onError(onError);

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  const { merchant, secret, publishable } = await merchantStore.over(createRedis(ctx.env)).create({
    name: 'Unit',
    allowed_origins: [],
    allowed_hosts: ['unit.example'],
    link_domains: [],
  });
  keys = { sk: secret.key, pk: publishable.key, merchantId: merchant.id };
});
afterAll(() => ctx?.stop());

// Each run its own client address, so other suites' requests do not share its IP bucket.
const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${Date.now()}`;
const call = (path: string, auth?: string, method = 'GET') =>
  app.request(path, { method, headers: { 'CF-Connecting-IP': ip, ...(auth ? { Authorization: auth } : {}) } }, ctx.env);

describe('requireKey', () => {
  it('lets a valid secret key through and names its tenant', async () => {
    const res = await call('/secret', `Bearer ${keys.sk}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      tenant: { merchantId: keys.merchantId, mode: 'test' },
      keyType: 'secret',
    });
    expect(res.headers.get('x-ratelimit-remaining')).toBe('999999');
  });

  it('refuses malformed keys without a Redis call, and unknown ones after one', async () => {
    ctx.bridge.server.resetStats();
    expect((await call('/secret', 'Bearer sk_test_nope')).status).toBe(401);
    expect((await call('/secret', 'Basic abc')).status).toBe(401);
    expect(ctx.bridge.server.stats().http_requests).toBe(0);
    const unknown = keys.sk.slice(0, 8) + 'A'.repeat(30) + keys.sk.slice(38);
    expect((await call('/secret', `Bearer ${unknown}`)).status).toBe(401);
  });

  it('takes the right key type only, and ?key= only where allowed', async () => {
    expect((await call('/secret', `Bearer ${keys.pk}`)).status).toBe(403);
    expect((await call('/public', `Bearer ${keys.sk}`)).status).toBe(403);
    expect((await call(`/public?key=${keys.pk}`)).status).toBe(200);
    expect((await call(`/secret?key=${keys.sk}`)).status).toBe(401);
  });
});

describe('requireAdmin', () => {
  it('accepts the configured token only', async () => {
    expect((await call('/admin', 'Bearer unit-admin-token', 'POST')).status).toBe(200);
    expect((await call('/admin', 'Bearer unit-admin-tokeN', 'POST')).status).toBe(401);
    expect((await call('/admin', undefined, 'POST')).status).toBe(401);
  });

  it('is off when no token is configured', async () => {
    const res = await app.request(
      '/admin',
      { method: 'POST', headers: { Authorization: 'Bearer ' } },
      { ...ctx.env, ADMIN_TOKEN: '' },
    );
    expect(res.status).toBe(403);
  });
});
