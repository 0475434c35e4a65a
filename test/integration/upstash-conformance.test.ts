import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha1 } from '../../scripts/redis-rest/lua-scripts.ts';
import { type Bridge, startBridge, uniquePrefix } from '../support/redis.ts';
import { type RunningWorker, startWorker } from '../support/worker.ts';
import { LOCKING_SCRIPT, STRINGS } from './fixtures/conformance-data.ts';

// @upstash/redis, running inside workerd, against the local REST bridge over real Redis.
let bridge: Bridge;
let worker: RunningWorker;
let prefix: string;

beforeAll(async () => {
  bridge = await startBridge();
  worker = await startWorker({ bridge, entry: 'test/integration/fixtures/upstash-client.worker.ts' });
});

afterAll(async () => {
  await worker?.dispose();
  await bridge?.stop();
});

async function run(scenario: string): Promise<any> {
  prefix = uniquePrefix(scenario);
  const res = await worker.fetch(`/${scenario}?prefix=${encodeURIComponent(prefix)}`);
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!body.ok) throw new Error(`scenario ${scenario} failed inside workerd: ${body.error}`);
  return body.result;
}

async function stored(key: string): Promise<string | null> {
  const value = (await bridge.direct(['GET', key])) as Buffer | string | null;
  return value === null ? null : Buffer.isBuffer(value) ? value.toString('utf8') : value;
}

describe('Upstash REST conformance (@upstash/redis in workerd -> bridge -> Redis)', () => {
  it('round-trips strings byte for byte, including non-ASCII and values that look like base64', async () => {
    const result = await run('strings');
    expect(result).toEqual(STRINGS);
    // What Redis holds is the text itself, not some encoding of it.
    for (const [i, value] of STRINGS.entries()) expect(await stored(`${prefix}s${i}`)).toBe(value);
  });

  it('stores JSON as JSON text and parses it back; numeric strings come back as numbers', async () => {
    const result = await run('json');
    expect(result.value).toEqual({
      name: 'Alice',
      amount: 1500,
      tags: ['vip', 'früh'],
      nested: { ok: true, none: null },
    });
    expect(result.number).toBe(12345);
    expect(JSON.parse((await stored(`${prefix}json`))!)).toEqual(result.value);
  });

  it('answers HGETALL as a flat array the client turns into an object', async () => {
    const result = await run('hashes');
    // Without deserialisation the client hands over the wire format: Redis's flat array.
    expect(result.all).toEqual(['name', 'Alice', 'city', 'Zürich', 'code', 'test', 'n', '42']);
    expect(result.one).toBe('Zürich');
    expect(result.missing).toBeNull();
    expect(result.parsed).toEqual({ name: 'Alice', city: 'Zürich', code: 'test', n: 42 });
  });

  it('counts with INCR, INCRBY, DECR and INCRBYFLOAT', async () => {
    expect(await run('counters')).toEqual([1, 42, 41, 1.5, 41]);
  });

  it('runs a pipeline in one HTTP request with results in order', async () => {
    bridge.server.resetStats();
    expect(await run('pipeline')).toEqual(['OK', 1, 'test', 1, ['k', 'v']]);
    const stats = bridge.server.stats();
    expect(stats.by_path['/pipeline']).toBe(1);
    expect(stats.commands).toBe(5);
  });

  it('runs MULTI/EXEC atomically through /multi-exec', async () => {
    bridge.server.resetStats();
    expect(await run('multi')).toEqual(['OK', Buffer.byteLength('één!'), 'één!', 1]);
    expect(bridge.server.stats().by_path['/multi-exec']).toBe(1);
  });

  it('runs EVAL with keys and arguments', async () => {
    expect(await run('eval')).toEqual(['ünïcode', Buffer.byteLength('ünïcode')]);
  });

  it('loads Upstash-flagged scripts: SCRIPT LOAD answers the client digest and EVALSHA runs it', async () => {
    const result = await run('scripts');
    expect(result.sha).toBe(sha1(LOCKING_SCRIPT));
    expect(result.first).toBe(5);
    expect(result.exists).toEqual([1]);
    expect(result.viaEval).toBe(7);
    expect(result.viaScript).toBe(10);
    expect(await stored(`${prefix}lock`)).toBe('10');
  });

  it('reports Redis errors in Upstash shapes, per command inside a pipeline', async () => {
    const result = await run('errors');
    expect(result.single).toMatch(/ERR value is not an integer/);
    expect(result.pipeline).toMatch(/ERR value is not an integer/);
    const kept = JSON.parse(result.pipelineKept) as { result?: unknown; error?: string }[];
    expect(kept[0]).toEqual({ result: 'OK' });
    expect(kept[1]!.error).toMatch(/ERR value is not an integer/);
    expect(result.eval).toMatch(/Unknown Redis command|unknown command/i);
    expect(result.noscript).toMatch(/NOSCRIPT/);
  });

  it('rejects a wrong token with 401 on every path', async () => {
    const result = await run('badToken');
    expect(result.threw).toBe(true);
    expect(result.message).toMatch(/Unauthorized/);
    for (const path of ['/', '/pipeline', '/multi-exec', '/__vouch/stats']) {
      const res = await fetch(new URL(path, bridge.server.url), {
        method: 'POST',
        headers: { Authorization: 'Bearer nope' },
        body: '["PING"]',
      });
      expect(res.status, path).toBe(401);
    }
  });

  it(`commit-then-drop: the client retries a write Redis already executed (why writes need idempotency \
keys)`, async () => {
    bridge.server.setFaults({ drop_after_commit_requests: 1 });
    const value = await run('incrWithRetries');
    // The first INCR committed, its answer was lost, the client retried: Redis counted twice.
    expect(value).toBe(2);
    expect(await stored(`${prefix}retried`)).toBe('2');
    bridge.server.clearFaults();
  });
});
