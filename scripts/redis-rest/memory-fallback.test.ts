import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_RELEASE, LINK_RESOLVE, REDEMPTIONS_REDEEM } from '../../worker/storage/lua/index.ts';
import { MemoryBackend } from './backend-memory.ts';
import { sha1 } from './lua-scripts.ts';
import { type RedisRestServer, startRedisRestServer } from './server.ts';

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

describe('cjson on the embedded engine (a pure-Lua stand-in, as Redis and Upstash have cjson)', () => {
  const evalText = async (script: string, ...argv: string[]) =>
    (await call('/', ['EVAL', script, '0', ...argv], false)).json;

  it('decodes records as cjson does: the version field is just a field, null is cjson.null', async () => {
    const record = JSON.stringify({ v: 1, token: 'té😀/x', n: -1.5e2, list: [1, 'two'], none: null, s: 'a"b\\c\n' });
    const script = `local r = cjson.decode(ARGV[1])
      return {r.v, r.token, tostring(r.n), r.list[2], tostring(r.none == cjson.null), r.s, #r.list}`;
    expect(await evalText(script, record)).toEqual({ result: [1, 'té😀/x', '-150', 'two', 'true', 'a"b\\c\n', 2] });
    const escaped = '{"u":"\\u00e9\\ud83d\\ude00\\/\\t"}';
    expect(await evalText('return cjson.decode(ARGV[1]).u', escaped)).toEqual({ result: 'é😀/\t' });
  });

  it('encodes what it decodes (empty tables as objects, / escaped), and refuses malformed JSON', async () => {
    const json = '{"a":[1,2.5,{"b":null}],"e":{},"t":true}';
    expect(JSON.parse((await evalText('return cjson.encode(cjson.decode(ARGV[1]))', json)).result)).toEqual(
      JSON.parse(json),
    );
    expect(await evalText("return cjson.encode({'x/y'})")).toEqual({ result: '["x\\/y"]' });
    for (const bad of ['{"a":1', '[1,]', '{"a":1} x', '{a:1}', '"\\q"']) {
      expect((await evalText('return cjson.decode(ARGV[1])', bad)).error).toMatch(/Expected/);
    }
  });

  it("keeps the script's own line numbers in its errors", async () => {
    expect((await evalText('local x = 1\nreturn nothing.here')).error).toMatch(/:2: attempt to index/);
  });

  it('runs the scripts that decode records: link resolve, idempotency release, redeem with a hold', async () => {
    const run = async (script: string, keys: string[], argv: (string | number)[]) =>
      (await call('/', ['EVAL', script, String(keys.length), ...keys, ...argv.map(String)], false)).json;
    const code = '{"v":1,"merchant_id":"m_1","mode":"test","program_id":"p_1","advocate_id":"a_1"}';
    await call('/', ['SET', 'c:X', code]);
    await call('/', ['SET', 'p:test:p_1', 'program']);
    const templates = ['p:{mode}:{program}', 'a:{advocate}', 'm:{merchant}'];
    expect(await run(LINK_RESOLVE, ['c:X'], templates)).toEqual({ result: [code, 'program', '', ''] });

    // The other token, even written inside the stored response body, does not free the lock.
    await call('/', ['SET', 'idem', '{"v":1,"state":"pending","token":"t1","body":"\\"token\\":\\"t2\\""}']);
    expect(await run(IDEMPOTENCY_RELEASE, ['idem'], ['"token":"t2"'])).toEqual({ result: 0 });
    expect(await run(IDEMPOTENCY_RELEASE, ['idem'], ['"token":"t1"'])).toEqual({ result: 1 });

    const now = 1_000_000;
    await call('/', ['ZADD', 'holds', String(now + 60_000), 'h1']);
    await call('/', ['SET', 'hold', '{"v":1,"id":"h1","code":"X","customer":"cu1","expires_at":"x"}']);
    const redeem = (customer: string) =>
      run(
        REDEMPTIONS_REDEEM,
        ['order', 'uses', 'holds', `redeemed:${customer}`, 'red', 'hold', 'known'],
        ['r1', '{"id":"r1"}', 1, now, 'h1', customer, '0', '0'],
      );
    expect(await redeem('cu2')).toEqual({ result: ['rejected', 'reservation_not_found'] });
    expect(await redeem('cu1')).toEqual({ result: ['created', 'r1'] });
  });
});
