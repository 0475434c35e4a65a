import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { Changeset } from '../changeset.ts';
import { createRedis } from '../client.ts';

const { redis, direct, key } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

// What each apply costs in commands is measured by scripts/bench/redeem.ts (INFO commandstats on a
// Redis of its own): test files share this Redis and run in parallel, so counts here would be noisy.

describe('changeset-apply.lua', () => {
  it('changes several fields of a hash exactly (one HMGET, one HSET), its window started only when new', async () => {
    const stats = key('stats');
    const first = new Changeset().incr(stats, 'orders', 1, 3600).incr(stats, 'revenue', 5000, 3600);
    expect(await first.apply(redis())).toEqual({ ok: true });
    await direct(['EXPIRE', stats, 100]);
    const second = new Changeset().incr(stats, 'orders', 1, 3600).incr(stats, 'revenue', -1500, 3600);
    expect(await second.apply(redis())).toEqual({ ok: true });
    expect(await direct(['HGETALL', stats])).toEqual(['orders', '2', 'revenue', '3500']);
    expect(Number(await direct(['TTL', stats]))).toBeLessThanOrEqual(100);
    // Sums beyond 32 bits stay exact integers.
    await new Changeset().incr(stats, 'revenue', 9_000_000_000_000, 3600).incr(stats, 'orders', 1).apply(redis());
    expect(await direct(['HGET', stats, 'revenue'])).toBe('9000000003500');
  });

  it('reads a guarded hash once with the fields it counts, and writes nothing past a bound', async () => {
    const ledger = key('ledger');
    const record = key('record');
    const within = () =>
      new Changeset()
        .guard(ledger, 'conversions', 0, 1)
        .incr(ledger, 'conversions', 1)
        .incr(ledger, 'month:2026-12', 1)
        .set(record, '*', 'x');
    expect(await within().apply(redis())).toEqual({ ok: true });
    expect(await within().apply(redis())).toEqual({ ok: true });
    expect(await within().apply(redis())).toEqual({ ok: false, conflict: ledger });
    expect(await direct(['HGETALL', ledger])).toEqual(['conversions', '2', 'month:2026-12', '2']);
  });

  it('compares and sets every record in one MGET and one MSET; a conflict applies nothing', async () => {
    const [a, b] = [key('a'), key('b')];
    await direct(['SET', a, 'old']);
    const change = () => new Changeset().set(a, 'old', 'new').set(b, null, 'born').zadd(key('z'), 1, 'm1');
    await direct(['SET', b, 'meanwhile']);
    expect(await change().apply(redis())).toEqual({ ok: false, conflict: b });
    expect(await direct(['GET', a])).toBe('old');
    expect(await direct(['EXISTS', key('z')])).toBe(0);
    await direct(['DEL', b]);
    expect(await change().apply(redis())).toEqual({ ok: true });
    expect([await direct(['GET', a]), await direct(['GET', b])]).toEqual(['new', 'born']);
  });

  it('applies once under its token: a replay is recognised, a conflicted attempt can be retried', async () => {
    const [record, count] = [key('once'), key('once-count')];
    const token = crypto.randomUUID();
    const change = () => new Changeset(token).set(record, null, 'v').incr(count, 'n', 1).zadd(key('idx'), 0, 'a');
    await direct(['SET', record, 'taken']);
    expect(await change().apply(redis())).toEqual({ ok: false, conflict: record });
    await direct(['DEL', record]);
    // The conflict gave the marker back: the same changeset (a client retry) applies now, then only once.
    expect(await change().apply(redis())).toEqual({ ok: true });
    expect(await change().apply(redis())).toEqual({ ok: true });
    expect(await direct(['HGET', count, 'n'])).toBe('1');
    expect(await direct(['ZCARD', key('idx')])).toBe(1);
  });
});
