import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../app-env.ts';
import { onError } from '../../errors/on-error.ts';
import { edgeLimit } from './edge-limit.ts';

// The real binding runs in workerd (see test/integration/health.test.ts); here a counter with the
// binding's interface checks what the middleware does with its answer.
function countingLimiter(limit: number) {
  const seen = new Map<string, number>();
  return {
    keys: seen,
    limit: async ({ key }: { key: string }) => {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return { success: seen.get(key)! <= limit };
    },
  };
}

describe('edgeLimit', () => {
  it('lets requests through until the binding says no, then answers 429 with Retry-After', async () => {
    const limiter = countingLimiter(2);
    const app = new Hono<AppEnv>();
    app.get('/x', edgeLimit(2), (c) => c.text('ok'));
    app.onError(onError);
    const env = { PUBLIC_LIMITER: limiter, VOUCH_ENV: 'test', HASH_SECRET: 's' } as unknown as Env;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.request('/x', { headers: { 'CF-Connecting-IP': '192.0.2.1' } }, env)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const last = await app.request('/x', { headers: { 'CF-Connecting-IP': '192.0.2.1' } }, env);
    expect(last.headers.get('retry-after')).toBe('60');
    expect((await app.request('/x', { headers: { 'CF-Connecting-IP': '192.0.2.2' } }, env)).status).toBe(200);
    // Keyed by a hash of the address, never the address.
    expect([...limiter.keys.keys()].some((k) => k.includes('192.0.2'))).toBe(false);
  });
});
