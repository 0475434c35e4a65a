import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { COMPARE_AND_SET_KEEP_TTL, LIST_REPLACE } from './index.ts';

const { redis, direct, key } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('list-replace.lua', () => {
  it('replaces the element still equal to what was read, wherever pushes moved it, and only that one', async () => {
    const list = key('log');
    await direct(['RPUSH', list, 'a', 'secret', 'b', 'secret']);
    // A concurrent push moved every index since the caller read the list.
    await direct(['LPUSH', list, 'new']);
    expect(Number(await runScript(redis(), LIST_REPLACE, [list], ['secret', 'scrubbed']))).toBe(1);
    expect(await direct(['LRANGE', list, '0', '-1'])).toEqual(['new', 'a', 'scrubbed', 'b', 'secret']);
  });

  it('answers 0 and writes nothing when the element is gone (trimmed or already replaced)', async () => {
    const list = key('gone');
    await direct(['RPUSH', list, 'a']);
    expect(Number(await runScript(redis(), LIST_REPLACE, [list], ['secret', 'scrubbed']))).toBe(0);
    expect(Number(await runScript(redis(), LIST_REPLACE, [key('missing')], ['x', 'y']))).toBe(0);
    expect(await direct(['LRANGE', list, '0', '-1'])).toEqual(['a']);
    expect(await direct(['EXISTS', key('missing')])).toBe(0);
  });
});

describe('compare-and-set-keep-ttl.lua', () => {
  it('rewrites a record still equal to what was read and keeps the time it had left', async () => {
    const record = key('expiring');
    await direct(['SET', record, 'old', 'EX', '3600']);
    expect(Number(await runScript(redis(), COMPARE_AND_SET_KEEP_TTL, [record], ['old', 'new']))).toBe(1);
    expect(await direct(['GET', record])).toBe('new');
    expect(Number(await direct(['TTL', record]))).toBeGreaterThan(3590);
  });

  it('refuses a record changed since (0, nothing written), and a record without expiry stays without', async () => {
    const record = key('changed');
    await direct(['SET', record, 'newer']);
    expect(Number(await runScript(redis(), COMPARE_AND_SET_KEEP_TTL, [record], ['old', 'new']))).toBe(0);
    expect(await direct(['GET', record])).toBe('newer');
    expect(Number(await runScript(redis(), COMPARE_AND_SET_KEEP_TTL, [record], ['newer', 'new']))).toBe(1);
    expect(Number(await direct(['TTL', record]))).toBe(-1);
  });
});
