import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWorkerEnv } from '../../../test/support/node-env.ts';
import type { AppEnv } from '../../app-env.ts';
import { onError } from '../../errors/on-error.ts';
import { createRedis } from '../../storage/client.ts';
import { merchantStore } from '../../storage/merchants.ts';
import { redisKeys } from '../../storage/redis-keys.ts';
import { createConsoleLink, exchangeConsoleLink } from '../../storage/sessions.ts';
import { requireKey } from './auth.ts';

let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let merchantId: string;

const app = new Hono<AppEnv>();
app.get('/secret', requireKey('secret'), (c) => c.json(c.get('auth')));
app.get('/public', requireKey('publishable', { allowQueryKey: true }), (c) => c.json(c.get('auth')));
app.onError(onError);

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  merchantId = (
    await merchantStore.over(createRedis(ctx.env)).create({
      name: 'Console',
      allowed_origins: [],
      allowed_hosts: ['console.example'],
      link_domains: [],
    })
  ).merchant.id;
});
afterAll(() => ctx?.stop());

const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}-${Date.now()}`;
const call = (path: string, auth?: string) =>
  app.request(path, { headers: { 'CF-Connecting-IP': ip, ...(auth ? { Authorization: auth } : {}) } }, ctx.env);

async function session(): Promise<string> {
  const redis = createRedis(ctx.env);
  const link = await createConsoleLink(redis, { merchantId, mode: 'test' });
  return (await exchangeConsoleLink(redis, link.token))!.token;
}

describe('console sessions in requireKey', () => {
  it('act as the merchant\u2019s secret key of their mode, rate limited per credential', async () => {
    const token = await session();
    const res = await call('/secret', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      tenant: { merchantId, mode: 'test' },
      keyType: 'secret',
      consoleSession: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('refuse malformed tokens before Redis, unknown and revoked ones after', async () => {
    ctx.bridge.server.resetStats();
    expect((await call('/secret', 'Bearer cst_short')).status).toBe(401);
    expect(ctx.bridge.server.stats().http_requests).toBe(0);
    expect((await call('/secret', `Bearer cst_${'Z'.repeat(43)}`)).status).toBe(401);
    const token = await session();
    const redis = createRedis(ctx.env);
    const { sha256Hex } = await import('../../lib/crypto.ts');
    await redis.del(redisKeys.consoleSession(await sha256Hex(token)));
    expect((await call('/secret', `Bearer ${token}`)).status).toBe(401);
  });

  it('are never publishable keys, and never travel in ?key=', async () => {
    const token = await session();
    expect((await call('/public', `Bearer ${token}`)).status).toBe(403);
    expect((await call(`/public?key=${token}`)).status).toBe(403);
  });

  it('come from links that work once', async () => {
    const redis = createRedis(ctx.env);
    const link = await createConsoleLink(redis, { merchantId, mode: 'test' });
    const [a, b] = await Promise.all([exchangeConsoleLink(redis, link.token), exchangeConsoleLink(redis, link.token)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await exchangeConsoleLink(redis, link.token)).toBeNull();
  });
});
