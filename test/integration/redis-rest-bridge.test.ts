import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { IoredisBackend } from '../../scripts/redis-rest/backend-ioredis.ts';
import { startRedisRestServer } from '../../scripts/redis-rest/server.ts';
import { startBridge, uniquePrefix } from '../support/redis.ts';

// The bridge's own contract over HTTP, beyond what @upstash/redis exercises.
const post = (url: string, token: string, body: unknown, signal?: AbortSignal) =>
  fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(body), signal });

describe.skipIf(inject('redisUrl') === 'memory')('REST bridge over real Redis', () => {
  it('answers 503 (not a Redis-looking 400) when Redis itself is gone', async () => {
    const backend = await IoredisBackend.connect(inject('redisUrl'));
    const server = await startRedisRestServer({ backend, token: 't' });
    try {
      await backend.close();
      const res = await post(server.url, 't', ['GET', 'k']);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/Redis unavailable/);
      const pipe = await post(`${server.url}/pipeline`, 't', [['GET', 'k']]);
      expect(pipe.status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('aborts a whole transaction when one command is refused or malformed', async () => {
    const bridge = await startBridge();
    const key = `${uniquePrefix('multi')}k`;
    try {
      const res = await post(`${bridge.server.url}/multi-exec`, bridge.server.token, [
        ['SET', key, '1'],
        ['SELECT', '1'],
      ]);
      expect(res.status).toBe(400);
      const bad = await post(`${bridge.server.url}/multi-exec`, bridge.server.token, [['SET', key, '1'], ['SET']]);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/EXECABORT|wrong number/);
      expect(await bridge.direct(['EXISTS', key])).toBe(0);
    } finally {
      await bridge.stop();
    }
  });

  it('is driven over HTTP too: faults, black hole, counters', async () => {
    const bridge = await startBridge();
    const { url, token } = bridge.server;
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      await control('PUT', '/__vouch/faults', { blackhole_requests: 1 });
      const started = Date.now();
      await expect(post(url, token, ['PING'], AbortSignal.timeout(300))).rejects.toThrow();
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      // The next request is answered normally.
      expect(await (await post(url, token, ['PING'])).json()).toEqual({ result: 'PONG' });

      await control('PUT', '/__vouch/faults', { fail_requests: 2, error_status: 500 });
      expect((await post(url, token, ['PING'])).status).toBe(500);
      expect((await post(url, token, ['PING'])).status).toBe(500);
      expect((await post(url, token, ['PING'])).status).toBe(200);

      const key = `${uniquePrefix('drop')}n`;
      await control('PUT', '/__vouch/faults', { drop_after_commit_requests: 1 });
      await expect(post(url, token, ['INCR', key])).rejects.toThrow();
      // Committed although the caller never heard back.
      expect(String(await bridge.direct(['GET', key]))).toBe('1');

      await control('POST', '/__vouch/stats/reset');
      await post(`${url}/pipeline`, token, [['PING'], ['PING']]);
      const stats = (await (await control('GET', '/__vouch/stats')).json()) as {
        stats: { http_requests: number; commands: number };
      };
      expect(stats.stats).toMatchObject({ http_requests: 1, commands: 2 });
    } finally {
      await bridge.stop();
    }
  });

  it('keeps binary-unsafe looking values exact under base64 encoding', async () => {
    const bridge = await startBridge();
    const key = `${uniquePrefix('b64')}v`;
    const value = `${randomBytes(8).toString('base64')}=é\u0000`;
    try {
      await post(bridge.server.url, bridge.server.token, ['SET', key, value]);
      const res = await fetch(bridge.server.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bridge.server.token}`, 'Upstash-Encoding': 'base64' },
        body: JSON.stringify(['GET', key]),
      });
      const { result } = (await res.json()) as { result: string };
      expect(Buffer.from(result, 'base64').toString('utf8')).toBe(value);
    } finally {
      await bridge.stop();
    }
  });
});
