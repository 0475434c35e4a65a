import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import {
  CONSOLE_SESSION_EXCHANGE,
  CONVERSION_HINT_RECORD,
  WIDGET_ABUSE_CONSUME,
  WIDGET_EVENTS_COUNT,
} from './index.ts';

const { redis, direct, key } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('widget-abuse-consume.lua', () => {
  it('counts an attempt in every window (each expiring) and refuses once one is over its limit', async () => {
    const [narrow, wide] = [key('narrow'), key('wide')];
    const consume = () => runScript(redis(), WIDGET_ABUSE_CONSUME, [narrow, wide], [2, 60, 10, 3600]);
    expect(Number(await consume())).toBe(1);
    expect(Number(await consume())).toBe(1);
    expect(Number(await consume())).toBe(0);
    expect(await direct(['GET', narrow])).toBe('3');
    // The narrowest window refused first: the wider ones are not counted for a refused attempt.
    expect(await direct(['GET', wide])).toBe('2');
    expect(Number(await direct(['TTL', wide]))).toBeGreaterThan(3000);
  });
});

describe('widget-events-count.lua', () => {
  it("adds each program's event counts to its day and hour hashes, and skips a program that is gone", async () => {
    const [program, day, hour, gone] = [key('program'), key('day'), key('hour'), key('gone')];
    await direct(['SET', program, '{}']);
    const keys = [program, day, hour, gone, key('gone-day'), key('gone-hour')];
    const argv = [86_400, 3600, 2, 'opened', 3, 'copied', 1, 1, 'opened', 5];
    expect(Number(await runScript(redis(), WIDGET_EVENTS_COUNT, keys, argv))).toBe(1);
    expect(await direct(['HGETALL', day])).toEqual(['opened', '3', 'copied', '1']);
    expect(await direct(['HGETALL', hour])).toEqual(['widget:opened', '3', 'widget:copied', '1']);
    expect(Number(await direct(['TTL', day]))).toBeGreaterThan(80_000);
    expect(await direct(['EXISTS', key('gone-day'), key('gone-hour')])).toBe(0);
  });
});

describe('conversion-hint-record.lua', () => {
  it("keeps an order's first hint and counts it once in the day's hash", async () => {
    const [hint, daily] = [key('hint'), key('daily')];
    const record = (json: string) => runScript(redis(), CONVERSION_HINT_RECORD, [hint, daily], [json, 600, 86_400]);
    expect(Number(await record('{"n":1}'))).toBe(1);
    expect(Number(await record('{"n":2}'))).toBe(0);
    expect(await direct(['GET', hint])).toBe('{"n":1}');
    expect(await direct(['HGET', daily, 'received'])).toBe('1');
    expect(Number(await direct(['TTL', daily]))).toBeGreaterThan(80_000);
  });
});

describe('console-session-exchange.lua', () => {
  it('exchanges a sign-in link for a session once', async () => {
    const [link, session] = [key('link'), key('session')];
    await direct(['SET', link, '{"merchant_id":"m_1"}']);
    const exchange = () => runScript(redis(), CONSOLE_SESSION_EXCHANGE, [link, session], ['{"s":1}', 60_000]);
    expect(await exchange()).toBe('{"merchant_id":"m_1"}');
    expect(await exchange()).toBe('');
    expect(await direct(['GET', session])).toBe('{"s":1}');
    expect(Number(await direct(['PTTL', session]))).toBeGreaterThan(50_000);
    expect(await direct(['EXISTS', link])).toBe(0);
  });
});
