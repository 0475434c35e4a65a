import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWorkerEnv } from '../../../test/support/node-env.ts';
import type { AppEnv } from '../../app-env.ts';
import { onError } from '../../errors/on-error.ts';
import { createRedis } from '../../storage/client.ts';
import { merchantStore } from '../../storage/merchants.ts';
import { publicCors } from './public-cors.ts';

let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let pk: string;

const app = new Hono<AppEnv>();
app.use('*', publicCors());
app.get('/config', (c) => c.json({ merchant: c.get('merchant').name }));
app.onError(onError);

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  pk = (
    await merchantStore.over(createRedis(ctx.env)).create({
      name: 'Cors',
      allowed_origins: ['https://shop.example'],
      allowed_hosts: ['shop.example'],
      link_domains: [],
    })
  ).publishable.key;
});
afterAll(() => ctx?.stop());

describe('publicCors', () => {
  it('answers the allowed origin with CORS headers', async () => {
    const res = await app.request(
      '/config',
      { headers: { Authorization: `Bearer ${pk}`, Origin: 'https://shop.example' } },
      ctx.env,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await res.json()).toEqual({ merchant: 'Cors' });
  });

  it('answers preflights for the allowed origin, with the key in the query', async () => {
    const res = await app.request(
      `/config?key=${pk}`,
      { method: 'OPTIONS', headers: { Origin: 'https://shop.example' } },
      ctx.env,
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });

  // The envelope alone, readable by the page: it names the origin and how to allow it.
  it('refuses any other origin with a 403 the page can read', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://shop.example']) {
      const res = await app.request('/config', { headers: { Authorization: `Bearer ${pk}`, Origin: origin } }, ctx.env);
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toBe('Origin');
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe('origin_not_allowed');
      expect(body.error.message).toContain(`The origin ${origin} is not allowed`);
      expect(body.error.message).toContain('allowed_origins');
    }
  });

  it('refuses preflights from any other origin: the announced request is never sent', async () => {
    const preflight = { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } };
    const res = await app.request(`/config?key=${pk}`, preflight, ctx.env);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });
});
