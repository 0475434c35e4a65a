import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { CREDIT_ADD, CREDIT_MOVE } from './index.ts';

const { redis, direct, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('credit-move.lua', () => {
  it('renames the four records to the marker, merges into records already there, and moves nothing twice', async () => {
    const from = keys('b', 'e', 'r', 'l') as [string, string, string, string];
    const to = keys('mb', 'me', 'mr', 'ml') as [string, string, string, string];
    const grant = (k: typeof from, id: string, amount: number) =>
      runScript(redis(), CREDIT_ADD, k, [`grant:${id}`, '', `cre_${id}`, 'USD', amount, 'grant', id, 'now']);
    const move = () => runScript(redis(), CREDIT_MOVE, [...from, ...to], []);

    await grant(from, 'rwd_1', 1000);
    expect(await move()).toBe(1);
    expect(await direct(['EXISTS', ...from])).toBe(0);
    expect(await direct(['HGET', to[0], 'USD'])).toBe('1000');
    expect(await direct(['ZRANGE', to[3], '0', '-1'])).toEqual(['cre_rwd_1']);
    expect(await move()).toBe(0);

    // Credit that arrived under the person's name after a first erasure joins the marker's records.
    await grant(from, 'rwd_2', 500);
    expect(await move()).toBe(1);
    expect(await direct(['EXISTS', ...from])).toBe(0);
    expect(await direct(['HGET', to[0], 'USD'])).toBe('1500');
    expect(await direct(['HLEN', to[1]])).toBe(2);
    expect(await direct(['HGET', to[2], 'grant:rwd_2'])).toBe('cre_rwd_2');
    expect(await direct(['ZCARD', to[3]])).toBe(2);
  });
});
