import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { LEADERBOARD_TOP, LINK_RESOLVE, STATS_READ } from './index.ts';

const { redis, direct, key, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('link-resolve.lua', () => {
  it('reads a code and the program, advocate and merchant its record names, in one step', async () => {
    const code = key('code:ABC');
    const templates: [string, string, string] = [key('p:{mode}:{program}'), key('a:{advocate}'), key('m:{merchant}')];
    expect(await runScript(redis(), LINK_RESOLVE, [code], templates)).toEqual(['', '', '', '']);
    const record = '{"code":"ABC","merchant_id":"m_1","mode":"test","program_id":"prg_1","advocate_id":"adv_1"}';
    await direct(['SET', code, record]);
    await direct(['SET', key('p:test:prg_1'), 'program']);
    await direct(['SET', key('m:m_1'), 'merchant']);
    expect(await runScript(redis(), LINK_RESOLVE, [code], templates)).toEqual([record, 'program', '', 'merchant']);
  });
});

describe('leaderboard-top.lua', () => {
  it('ranks advocates over the days by one figure (ties by the other, then id), with both figures', async () => {
    const [c1, c2, r1, r2] = [key('conv:1'), key('conv:2'), key('rev:1'), key('rev:2')];
    await direct(['ZADD', c1, 2, 'adv_a', 1, 'adv_b', 1, 'adv_c']);
    await direct(['ZADD', c2, 1, 'adv_b']);
    await direct(['ZADD', r1, 500, 'adv_a', 100, 'adv_b', 900, 'adv_c']);
    await direct(['ZADD', r2, 50, 'adv_b']);
    const top = (by: 'conversions' | 'revenue', limit: number) =>
      runScript(redis(), LEADERBOARD_TOP, [c1, c2, r1, r2], [2, limit, by]);
    expect(await top('conversions', 10)).toEqual([
      ['adv_a', 2, 500],
      ['adv_b', 2, 150],
      ['adv_c', 1, 900],
    ]);
    expect(await top('revenue', 2)).toEqual([
      ['adv_c', 1, 900],
      ['adv_a', 2, 500],
    ]);
    expect(await runScript(redis(), LEADERBOARD_TOP, [c1], [1, 10, 'conversions'])).toEqual([
      ['adv_a', 2, 0],
      ['adv_b', 1, 0],
      ['adv_c', 1, 0],
    ]);
  });
});

describe('stats-read.lua', () => {
  it('reads the record, every unit hash, visitors per bucket and in all, and repeat advocates', async () => {
    const [record, h1, h2, v1, v2, z1, z2] = keys(
      'stats:rec',
      'stats:h1',
      'stats:h2',
      'stats:v1',
      'stats:v2',
      'stats:z1',
      'stats:z2',
    );
    const read = () => runScript(redis(), STATS_READ, [record, h1, h2, v1, v2, z1, z2], [1, 2, 2, 1, 1]);
    expect(await read()).toEqual([]);
    await direct(['SET', record, '{"id":"prg_1"}']);
    await direct(['HSET', h1, 'clicks', 3]);
    await direct(['PFADD', v1, 'x', 'y']);
    await direct(['PFADD', v2, 'y', 'z']);
    await direct(['ZADD', z1, 2, 'adv_a', 1, 'adv_b']);
    await direct(['ZADD', z2, 1, 'adv_b', 1, 'adv_c']);
    expect(await read()).toEqual(['{"id":"prg_1"}', [['clicks', '3'], []], [2, 2], 3, 2]);
  });
});
