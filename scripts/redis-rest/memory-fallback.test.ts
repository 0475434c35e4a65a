import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBackend } from './backend-memory.ts';
import { sha1 } from './lua-scripts.ts';
import { startRedisRestServer, type RedisRestServer } from './server.ts';

// The embedded engine used only when a machine has no Redis: it must still speak the protocol.
let server: RedisRestServer;

async function call(path: string, body: unknown, base64 = true): Promise<{ status: number; json: any }> {
  const res = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, ...(base64 ? { 'Upstash-Encoding': 'base64' } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  server = await startRedisRestServer({ backend: await MemoryBackend.create(), token: 'memory-token' });
});

afterAll(() => server?.close());

describe('REST bridge over the embedded engine', () => {
  it('sets and gets with base64 encoding', async () => {
    expect((await call('/', ['SET', 'k', 'héllo'])).json).toEqual({ result: b64('OK') });
    expect((await call('/', ['GET', 'k'])).json).toEqual({ result: b64('héllo') });
    expect((await call('/', ['GET', 'k'], false)).json).toEqual({ result: 'héllo' });
  });

  it('answers HGETALL as a flat array', async () => {
    await call('/', ['HSET', 'h', 'a', '1', 'b', '2']);
    expect((await call('/', ['HGETALL', 'h'], false)).json).toEqual({ result: ['a', '1', 'b', '2'] });
  });

  it('emulates SCRIPT LOAD and EVALSHA with the client digest', async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
    const loaded = await call('/', ['SCRIPT', 'LOAD', script], false);
    expect(loaded.json).toEqual({ result: sha1(script) });
    expect((await call('/', ['EVALSHA', sha1(script), '1', 'n', '4'])).json).toEqual({ result: 4 });
    expect((await call('/', ['SCRIPT', 'EXISTS', sha1(script), 'f'.repeat(40)])).json).toEqual({ result: [1, 0] });
    const missing = await call('/', ['EVALSHA', 'a'.repeat(40), '0']);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/^NOSCRIPT/);
  });

  it('runs pipelines and transactions with per-command errors', async () => {
    const { json } = await call(
      '/pipeline',
      [
        ['SET', 'p', 'x'],
        ['NOSUCHCOMMAND', 'p'],
        ['GET', 'p'],
      ],
      false,
    );
    expect(json[0]).toEqual({ result: 'OK' });
    expect(json[1].error).toMatch(/unknown command/);
    expect(json[2]).toEqual({ result: 'x' });
    const multi = await call(
      '/multi-exec',
      [
        ['SET', 'm', '1'],
        ['INCR', 'm'],
      ],
      false,
    );
    expect(multi.json).toEqual([{ result: 'OK' }, { result: 2 }]);
  });

  it('refuses connection-state commands', async () => {
    const res = await call('/', ['SELECT', '2']);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/not available/);
  });

  it('rejects malformed bodies with 400 and a wrong token with 401', async () => {
    expect((await call('/', { not: 'an array' })).status).toBe(400);
    expect((await call('/pipeline', [['GET', { nested: true }]])).status).toBe(400);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
      body: '["PING"]',
    });
    expect(res.status).toBe(401);
  });
});
