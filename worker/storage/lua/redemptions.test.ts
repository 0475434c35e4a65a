import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { Changeset } from '../changeset.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { REDEMPTIONS_HOLD, REDEMPTIONS_REDEEM, REDEMPTIONS_RELEASE, REDEMPTIONS_REVERSE } from './index.ts';

const { redis, direct, key, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

/** One code's keys (composed scripts: redemption-checks.lua and count-in-cohort.lua inside). */
function codeKeys(name: string) {
  const k = (part: string) => key(`${name}:${part}`);
  return {
    order: (id: string) => k(`order:${id}`),
    uses: k('uses'),
    holds: k('holds'),
    customer: (c: string) => k(`customer:${c}`),
    redemption: (id: string) => k(`redemption:${id}`),
    reservation: (id: string) => k(`reservation:${id}`),
    known: k('known'),
    stats: k('stats'),
  };
}

type Keys = ReturnType<typeof codeKeys>;
const NOW = 1_000_000;

function redeem(c: Keys, id: string, customer: string, maxUses: number, reservation = '', onePer: '1' | '0' = '0') {
  return runScript(
    redis(),
    REDEMPTIONS_REDEEM,
    [
      c.order(id),
      c.uses,
      c.holds,
      c.customer(customer),
      c.redemption(id),
      c.reservation(reservation || 'none'),
      c.known,
      c.stats,
    ],
    [id, `{"id":"${id}"}`, maxUses, NOW, reservation, customer, onePer, '0', 3600],
  );
}

function hold(c: Keys, id: string, customer: string, maxUses: number, newOnly: '1' | '0' = '0') {
  return runScript(
    redis(),
    REDEMPTIONS_HOLD,
    [c.uses, c.holds, c.customer(customer), c.reservation(id), c.known],
    [id, `{"id":"${id}","customer":"${customer}"}`, maxUses, NOW, NOW + 60_000, 60_000, customer, '0', newOnly],
  );
}

describe('redemptions-redeem.lua (with redemption-checks.lua and count-in-cohort.lua)', () => {
  it('redeems up to the limit, answers a repeated order with its redemption, and counts in the cohort', async () => {
    const c = codeKeys('redeem');
    expect(await redeem(c, 'r1', 'cu1', 1)).toEqual(['created', 'r1']);
    expect(await redeem(c, 'r1', 'cu1', 1)).toEqual(['existing', 'r1']);
    expect(await redeem(c, 'r2', 'cu2', 1)).toEqual(['rejected', 'usage_limit_reached']);
    expect(await direct(['GET', c.uses])).toBe('1');
    expect(await direct(['HGET', c.stats, 'redemptions'])).toBe('1');
    expect(Number(await direct(['TTL', c.stats]))).toBeGreaterThan(3000);
    expect(await direct(['SISMEMBER', c.known, 'cu1'])).toBe(1);
  });

  it('refuses a second redemption by one customer when the code says one per customer', async () => {
    const c = codeKeys('one-per');
    expect(await redeem(c, 'r1', 'cu1', -1, '', '1')).toEqual(['created', 'r1']);
    expect(await redeem(c, 'r2', 'cu1', -1, '', '1')).toEqual(['rejected', 'already_redeemed_by_customer']);
  });

  it('redeems with its own hold (the hold then gone), and refuses a reservation of someone else', async () => {
    const c = codeKeys('held');
    expect(await hold(c, 'h1', 'cu1', 1)).toEqual(['held', 'h1']);
    expect(await redeem(c, 'r0', 'cu2', 1)).toEqual(['rejected', 'usage_limit_reached']);
    expect(await redeem(c, 'r0', 'cu2', 1, 'h1')).toEqual(['rejected', 'reservation_not_found']);
    expect(await redeem(c, 'r1', 'cu1', 1, 'h1')).toEqual(['created', 'r1']);
    expect(await direct(['ZCARD', c.holds])).toBe(0);
    expect(await direct(['EXISTS', c.reservation('h1')])).toBe(0);
  });

  it('reads the reservation as its codec writes it (the version first), by its decoded customer', async () => {
    const c = codeKeys('decoded');
    await direct(['ZADD', c.holds, NOW + 60_000, 'h1']);
    const reservation = { v: 1, id: 'h1', code: 'C', customer: 'cu10', expires_at: '2026-01-01T00:00:00.000Z' };
    await direct(['SET', c.reservation('h1'), JSON.stringify(reservation)]);
    expect(await redeem(c, 'r1', 'cu1', 1, 'h1')).toEqual(['rejected', 'reservation_not_found']);
    expect(await redeem(c, 'r1', 'cu10', 1, 'h1')).toEqual(['created', 'r1']);
  });
});

describe('redemptions-hold.lua and redemptions-release.lua', () => {
  it('holds while uses are left, refuses known customers when the code is for new ones, releases once', async () => {
    const c = codeKeys('hold');
    await direct(['SADD', c.known, 'old']);
    expect(await hold(c, 'h0', 'old', 5, '1')).toEqual(['rejected', 'not_new_customer']);
    expect(await hold(c, 'h1', 'cu1', 1)).toEqual(['held', 'h1']);
    expect(Number(await direct(['PTTL', c.reservation('h1')]))).toBeGreaterThan(50_000);
    expect(await hold(c, 'h2', 'cu2', 1)).toEqual(['rejected', 'usage_limit_reached']);
    const release = () => runScript(redis(), REDEMPTIONS_RELEASE, [c.holds, c.reservation('h1')], ['h1']);
    expect(Number(await release())).toBe(1);
    expect(Number(await release())).toBe(0);
    expect(await hold(c, 'h2', 'cu2', 1)).toEqual(['held', 'h2']);
  });
});

describe('redemptions-reverse.lua', () => {
  it('refunds over the record it expects (a retry is a no-op); a full refund gives the use back', async () => {
    const c = codeKeys('reverse');
    await direct(['SET', c.redemption('r1'), 'v1']);
    await direct(['SET', c.uses, '1']);
    await direct(['SET', c.customer('cu1'), 'r1']);
    const reverse = (expected: string, next: string, full: '1' | '0') =>
      runScript(
        redis(),
        REDEMPTIONS_REVERSE,
        [c.redemption('r1'), c.uses, c.customer('cu1'), c.stats],
        [expected, next, full, 'r1', 3600],
      );
    expect(Number(await reverse('v0', 'v2', '0'))).toBe(0);
    expect(Number(await reverse('v1', 'v2', '0'))).toBe(1);
    expect(Number(await reverse('v1', 'v2', '0'))).toBe(1);
    expect(await direct(['GET', c.uses])).toBe('1');
    expect(Number(await reverse('v2', 'v3', '1'))).toBe(1);
    expect(await direct(['GET', c.uses])).toBe('0');
    expect(await direct(['EXISTS', c.customer('cu1')])).toBe(0);
    expect(await direct(['HGET', c.stats, 'reversals'])).toBe('2');
  });
});

describe('changeset-apply.lua through Changeset (the TypeScript-to-Lua argument layout)', () => {
  it('applies every kind of op in one step, and nothing when a guard or a record does not hold', async () => {
    const [rec, counter, hash, zset, set, rank, marker] = keys(
      'cs:rec',
      'cs:counter',
      'cs:hash',
      'cs:zset',
      'cs:set',
      'cs:rank',
      'cs:marker',
    );
    await direct(['SET', rec, 'v1']);
    await direct(['HSET', counter, 'n', 5]);
    await direct(['ZADD', zset, 1, 'gone']);

    const conflict = await new Changeset().guard(counter, 'n', 0, 4).set(rec, 'v1', 'v2').apply(redis());
    expect(conflict).toEqual({ ok: false, conflict: counter });
    expect(await new Changeset().set(rec, 'v0', 'v2').apply(redis())).toEqual({ ok: false, conflict: rec });
    expect(await new Changeset().set(rec, null, 'v2').apply(redis())).toEqual({ ok: false, conflict: rec });
    expect(await direct(['GET', rec])).toBe('v1');

    const cs = new Changeset()
      .guard(counter, 'n', 5, 5)
      .set(rec, 'v1', 'v2', 100)
      .set(key('cs:new'), null, 'fresh')
      .incr(hash, 'a', 2, 3600)
      .incr(hash, 'b', 1, 3600)
      .zadd(zset, 7, 'kept')
      .zrem(zset, 'gone')
      .sadd(set, 'member')
      .hset(counter, 'label', 'x')
      .zincr(rank, 'adv', 3, 3600)
      .incrOnce(marker, 600, [[hash, 'once', 1, 3600]]);
    expect(await cs.apply(redis())).toEqual({ ok: true });
    expect(await cs.apply(redis())).toEqual({ ok: true }); // the same changeset again: replayed, not re-applied
    expect(await direct(['GET', rec])).toBe('v2');
    expect(Number(await direct(['TTL', rec]))).toBeGreaterThan(90);
    expect(await direct(['GET', key('cs:new')])).toBe('fresh');
    expect(await direct(['HGETALL', hash])).toEqual(['a', '2', 'b', '1', 'once', '1']);
    expect(Number(await direct(['TTL', hash]))).toBeGreaterThan(3000);
    expect(await direct(['ZRANGE', zset, 0, -1])).toEqual(['kept']);
    expect(await direct(['SMEMBERS', set])).toEqual(['member']);
    expect(await direct(['HGET', counter, 'label'])).toBe('x');
    expect(await direct(['ZSCORE', rank, 'adv'])).toBe('3');

    // Counted once per marker across changesets; a ranking drops a member brought back to 0.
    await new Changeset()
      .incrOnce(marker, 600, [[hash, 'once', 1, 3600]])
      .zincr(rank, 'adv', -3)
      .apply(redis());
    expect(await direct(['HGET', hash, 'once'])).toBe('1');
    expect(await direct(['ZCARD', rank])).toBe(0);
    expect(await new Changeset().set(rec, '*', '').apply(redis())).toEqual({ ok: true });
    expect(await direct(['EXISTS', rec])).toBe(0);
  });
});
