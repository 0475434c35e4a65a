import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import {
  ADVOCATES_ADD_CODE,
  ADVOCATES_ENROLL,
  API_KEYS_ROLL,
  COMPARE_AND_SET,
  IDEMPOTENCY_CLAIM,
  IDEMPOTENCY_RELEASE,
  MERCHANTS_UPDATE,
  RATE_LIMIT_AUTH_AND_LIMIT,
} from './index.ts';

const { redis, direct, key, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('compare-and-set.lua', () => {
  it('writes only over the value it expects', async () => {
    const k = key('cas');
    await direct(['SET', k, 'a']);
    expect(Number(await runScript(redis(), COMPARE_AND_SET, [k], ['x', 'b']))).toBe(0);
    expect(await direct(['GET', k])).toBe('a');
    expect(Number(await runScript(redis(), COMPARE_AND_SET, [k], ['a', 'b']))).toBe(1);
    expect(await direct(['GET', k])).toBe('b');
  });
});

describe('advocates-enroll.lua and advocates-add-code.lua', () => {
  it('enrolls with the first free code, answers the enrolled advocate again, gives up when none is free', async () => {
    const [ext, adv, prog, codes, c1, c2, c3] = keys('ext', 'adv', 'prog', 'codes', 'c1', 'c2', 'c3');
    await direct(['SET', c1, 'taken']);
    const enroll = (externalId: string, ...candidates: [string, string][]) =>
      runScript(
        redis(),
        ADVOCATES_ENROLL,
        [ext, adv, prog, codes, ...candidates.map(([k]) => k)],
        [externalId, 'adv_1', '{"id":"adv_1"}', '{"code":1}', 1000, ...candidates.map(([, code]) => code)],
      );
    expect(await enroll('e1', [c1, 'C1'], [c2, 'C2'])).toEqual(['created', 'C2']);
    expect(await direct(['GET', c2])).toBe('{"code":1}');
    expect(await direct(['HGET', ext, 'e1'])).toBe('adv_1');
    expect(await direct(['ZRANGE', codes, 0, -1])).toEqual(['C2']);
    expect(await enroll('e1', [c1, 'C1'])).toEqual(['existing', 'adv_1']);
    expect(await enroll('e2', [c1, 'C1'])).toEqual(['no_code']);

    const add = (advocate: string, ...candidates: [string, string][]) =>
      runScript(
        redis(),
        ADVOCATES_ADD_CODE,
        [advocate, codes, ...candidates.map(([k]) => k)],
        ['{"code":3}', 2, ...candidates.map(([, code]) => code)],
      );
    expect(await add(key('nobody'), [c3, 'C3'])).toEqual(['no_advocate']);
    expect(await add(adv, [c1, 'C1'], [c3, 'C3'])).toEqual(['created', 'C3']);
    expect(await add(adv, [c1, 'C1'])).toEqual(['no_code']);
    expect(await direct(['ZRANGE', codes, 0, -1])).toEqual(['C3', 'C2']); // by created ms: 2, then 1000
  });
});

describe('api-keys-roll.lua', () => {
  it('replaces the active key once, revoking the old one; a repeat is a no-op, a stale roll is refused', async () => {
    const [active, oldKey, newKey, meta] = [key('active'), key('old'), key('new'), key('meta')];
    await direct(['SET', active, 'd1']);
    await direct(['SET', oldKey, 'old record']);
    const roll = (expected: string) =>
      runScript(
        redis(),
        API_KEYS_ROLL,
        [active, oldKey, newKey, meta],
        [expected, 'd2', 'new record', 'k2', 'm2', 'k1', 'm1'],
      );
    expect(Number(await roll('d0'))).toBe(0);
    expect(Number(await roll('d1'))).toBe(1);
    expect(await direct(['GET', active])).toBe('d2');
    expect(await direct(['GET', newKey])).toBe('new record');
    expect(await direct(['EXISTS', oldKey])).toBe(0);
    expect(await direct(['HGETALL', meta])).toEqual(['k2', 'm2', 'k1', 'm1']);
    expect(Number(await roll('d1'))).toBe(1);
  });
});

describe('merchants-update.lua', () => {
  it('claims new domains and frees dropped ones with the record, unless one is taken or the record moved', async () => {
    const [merchant, mine, other, dropped] = [key('m'), key('d-mine'), key('d-other'), key('d-dropped')];
    await direct(['SET', merchant, 'v1']);
    await direct(['SET', other, 'm_other']);
    await direct(['SET', dropped, 'm_1']);
    const update = (expected: string, claims: string[], releases: string[]) =>
      runScript(redis(), MERCHANTS_UPDATE, [merchant, ...claims, ...releases], [expected, 'v2', 'm_1', claims.length]);
    expect(await update('v0', [mine], [])).toEqual(['conflict']);
    expect(await update('v1', [mine, other], [])).toEqual(['taken', other]);
    expect(await direct(['EXISTS', mine])).toBe(0);
    expect(await update('v1', [mine], [dropped])).toEqual(['ok']);
    expect(await direct(['GET', merchant])).toBe('v2');
    expect(await direct(['GET', mine])).toBe('m_1');
    expect(await direct(['EXISTS', dropped])).toBe(0);
  });
});

describe('idempotency-claim.lua and idempotency-release.lua', () => {
  it('claims once (answering the record to later claims) and frees only its own lock', async () => {
    const k = key('idem');
    const pending = '{"state":"pending","token":"t1"}';
    expect(await runScript(redis(), IDEMPOTENCY_CLAIM, [k], [pending, 60])).toBe('');
    expect(await runScript(redis(), IDEMPOTENCY_CLAIM, [k], ['{"token":"t2"}', 60])).toBe(pending);
    expect(Number(await direct(['TTL', k]))).toBeGreaterThan(50);
    expect(Number(await runScript(redis(), IDEMPOTENCY_RELEASE, [k], ['"token":"t2"']))).toBe(0);
    expect(Number(await runScript(redis(), IDEMPOTENCY_RELEASE, [k], ['"token":"t1"']))).toBe(1);
    expect(await direct(['EXISTS', k])).toBe(0);
  });
});

describe('rate-limit-auth-and-limit.lua', () => {
  it('reads the record when asked, counts every window, and refuses once one is over its limit', async () => {
    const [record, w1, w2] = [key('record'), key('w1'), key('w2')];
    await direct(['SET', record, '{"key":1}']);
    const call = (read: '1' | '0') =>
      runScript(redis(), RATE_LIMIT_AUTH_AND_LIMIT, [record, w1, w2], [read, '120000', '5', '2']);
    expect(await call('1')).toEqual(['{"key":1}', 1, 1, 1]);
    expect(await call('0')).toEqual(['', 1, 2, 2]);
    expect(await call('1')).toEqual(['{"key":1}', 0, 3, 3]);
    const ttl = Number(await direct(['PTTL', w1]));
    expect(ttl).toBeGreaterThan(100_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
