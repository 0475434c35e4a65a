import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { CHARITY_COUNT } from './index.ts';

const { redis, direct, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('charity-count.lua', () => {
  it('counts a reward once, then only lowers it, on the line it was first counted in', async () => {
    const k = keys('counted', 'month', 'rewards', 'due') as [string, string, string, string];
    const line = '["prog_1","EUR","Trees"]';
    const count = (id: string, target: number, l = line) =>
      runScript(redis(), CHARITY_COUNT, k, [id, target, l, 'test:m_1']);

    expect(await count('rwd_1', 700)).toEqual(['new', 700]);
    expect(await count('rwd_1', 700)).toEqual(['existing', 700]);
    expect(await count('rwd_2', 500)).toEqual(['new', 500]);
    expect(await direct(['HGET', k[1], `a:${line}`])).toBe('1200');
    expect(await direct(['HGET', k[1], `n:${line}`])).toBe('2');
    // A refund lowers it, on its first line even if the program now names another charity; a stale higher
    // count applied late changes nothing; a void takes the rest and the reward out of the count.
    expect(await count('rwd_1', 525, '["prog_1","EUR","Renamed"]')).toEqual(['new', 525]);
    expect(await count('rwd_1', 700)).toEqual(['existing', 525]);
    expect(await count('rwd_1', 0)).toEqual(['new', 0]);
    expect(await count('rwd_1', 0)).toEqual(['existing', 0]);
    expect(await direct(['HGET', k[1], `a:${line}`])).toBe('500');
    expect(await direct(['HGET', k[1], `n:${line}`])).toBe('1');
    expect(await direct(['HEXISTS', k[1], 'a:["prog_1","EUR","Renamed"]'])).toBe(0);
    // Voided before it was ever counted: nothing is written.
    expect(await count('rwd_3', 0)).toEqual(['none', 0]);
    expect(await direct(['HEXISTS', k[0], 'rwd_3'])).toBe(0);
    expect(await direct(['ZRANGE', k[2], '0', '-1'])).toEqual(['rwd_1', 'rwd_2']);
    expect(await direct(['SMEMBERS', k[3]])).toEqual(['test:m_1']);
  });
});
