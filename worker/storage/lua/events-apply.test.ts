import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsExecuted } from '../../../scripts/bench/commandstats.ts';
import { type Bridge, startBridge } from '../../../test/support/redis.ts';
import { createRedis, type Redis } from '../client.ts';
import { type CountableClick, type CountableEvent, eventCounters } from '../event-counters.ts';
import { redisKeys } from '../redis-keys.ts';

// events-apply.lua through eventCounters, on a redis-server of its own: INFO commandstats then counts
// exactly the commands a batch makes Redis execute, which is what Upstash bills.
let bridge: Bridge;
let redis: Redis;
beforeAll(async () => {
  bridge = await startBridge({ private: true });
  redis = createRedis({ UPSTASH_REDIS_REST_URL: bridge.server.url, UPSTASH_REDIS_REST_TOKEN: bridge.server.token });
});
afterAll(async () => bridge?.stop());
const hget = async (key: string, field: string) => String(await bridge.direct(['HGET', key, field]));

const t = { merchantId: 'm_lua', mode: 'test' as const };
const AT = Date.UTC(2026, 10, 3, 10);
let n = 0;
function click(visitor: string, at: number, advocate = 'adv_1', code = 'CODE1'): CountableClick {
  return {
    kind: 'click',
    id: `click_${n++}`,
    at,
    tenant: t,
    programId: 'prog_1',
    advocateId: advocate,
    code,
    visitor,
    trigger: 'link',
  };
}

async function billed(events: CountableEvent[]) {
  const before = await commandsExecuted(bridge.backend);
  const decisions = await eventCounters.over(redis).apply(events);
  // The EVALSHA itself is counted too, and the INFO of this measure is not.
  return { decisions, commands: (await commandsExecuted(bridge.backend)) - before };
}

describe('events-apply.lua', () => {
  it('60 clicks of one link cost 12 billed commands and the EVALSHA; a retry costs 2, counts nothing', async () => {
    const events = Array.from({ length: 60 }, (_, i) => click(`V${i}`, AT + i * 1000));
    const first = await billed(events);
    expect([...first.decisions.values()].every((d) => d === 'counted')).toBe(true);
    // 2 marks (HMGET, HSET) + 2 x 3 daily hashes + totals + hour + 2 PFADD = 12, EXPIREs of a new day aside.
    const again = await billed(events);
    expect(again.decisions).toEqual(first.decisions);
    expect(again.commands).toBe(2);
    const next = await billed(Array.from({ length: 60 }, (_, i) => click(`W${i}`, AT + 120_000 + i * 1000)));
    // Measured: 13 (the day's first batch: 21, with its keys' EXPIREs and the script's first load).
    expect(next.commands).toBeLessThanOrEqual(13);
    const day = '20261103';
    expect(await hget(redisKeys.dailyClicks(t, day, 'code', 'CODE1'), 'visitors')).toBe('120');
  });

  it('under load (a batch of clicks over 10 advocates and codes) costs under 1 billed command a click', async () => {
    const events = Array.from({ length: 100 }, (_, i) =>
      click(`L${i}`, AT + 600_000 + i, `adv_l${i % 10}`, `L${i % 10}`),
    );
    await billed(events.slice(0, 10)); // the day's keys exist (their EXPIREs are the day's first batch's)
    const { commands } = await billed(events.slice(10));
    // Measured: 58 for 90 clicks (5 per advocate and code: 2 + 2 and its all-time totals; 8 for the program).
    expect(commands / 90).toBeLessThan(1);
  });

  it('a duplicate within the hour is not counted; the same visitor an hour later is', async () => {
    const [a, b, c] = [click('D', AT), click('D', AT + 3599_000), click('D', AT + 3600_000)];
    const { decisions } = await billed([c, b, a]);
    expect([decisions.get(a.id), decisions.get(b.id), decisions.get(c.id)]).toEqual([
      'counted',
      'duplicate',
      'counted',
    ]);
    const stats = redisKeys.stats(t, '20261103', 'code', 'CODE1');
    expect(await hget(stats, 'filtered:duplicate')).toBe('1');
  });
});
