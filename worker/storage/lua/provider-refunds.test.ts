import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { PROVIDER_REFUNDS_RECORD } from './index.ts';

const { redis, direct, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

const DAY = 86400;

describe('provider-refunds-record.lua', () => {
  it(`sums refunds by id once each, keeps each charge's largest running total, waits unlinked with a TTL and \
keeps the facts for good once linked (the first link stands)`, async () => {
    const [refunds, link] = keys('pi-refunds', 'pi-link');
    const record = (kind: 'refund' | 'charge' | 'full' | 'link', id: string, amount = 0) =>
      runScript(redis(), PROVIDER_REFUNDS_RECORD, [refunds, link], [kind, id, amount, 90 * DAY]);

    expect(await record('refund', 're_1', 2000)).toEqual(['', 2000, 0, 0]);
    expect(await record('refund', 're_1', 2000)).toEqual(['', 2000, 0, 0]);
    expect(await record('charge', 'ch_1', 5000)).toEqual(['', 2000, 5000, 0]);
    expect(await record('charge', 'ch_1', 3000)).toEqual(['', 2000, 5000, 0]);
    expect(Number(await direct(['TTL', refunds]))).toBeGreaterThan(89 * DAY);

    expect(await record('link', 'conv_1')).toEqual(['conv_1', 2000, 5000, 0]);
    expect(await record('link', 'conv_2')).toEqual(['conv_1', 2000, 5000, 0]);
    expect(Number(await direct(['TTL', refunds]))).toBe(-1);
    expect(Number(await direct(['TTL', link]))).toBe(-1);

    expect(await record('refund', 're_2', 1000)).toEqual(['conv_1', 3000, 5000, 0]);
    expect(await record('charge', 'ch_2', 700)).toEqual(['conv_1', 3000, 5700, 0]);
    expect(await record('full', '')).toEqual(['conv_1', 3000, 5700, 1]);
    expect(await direct(['HGETALL', refunds])).toEqual([
      'refund:re_1',
      '2000',
      'charge:ch_1',
      '5000',
      'refund:re_2',
      '1000',
      'charge:ch_2',
      '700',
      'full',
      '1',
    ]);
  });

  it('answers a link without facts as no refunds, and writes no facts hash for it', async () => {
    const [refunds, link] = keys('empty-refunds', 'empty-link');
    const reply = await runScript(redis(), PROVIDER_REFUNDS_RECORD, [refunds, link], ['link', 'conv_9', 0, DAY]);
    expect(reply).toEqual(['conv_9', 0, 0, 0]);
    expect(await direct(['EXISTS', refunds])).toBe(0);
  });
});
