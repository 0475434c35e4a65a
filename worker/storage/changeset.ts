import type { Redis } from '../lib/redis.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';

/**
 * A multi-record state change applied in one Lua script: every record write is conditional on the
 * record still being what was read (compare-and-set), and the counters, indexes and sets that go
 * with it change in the same step or not at all. Callers read, compute, apply, and on a conflict
 * read again: money-moving changes (conversions, rewards, refunds) are exact under concurrency and
 * safe to retry, without WATCH (not available over REST).
 */
const APPLY = `
local a = 0
local function arg() a = a + 1; return ARGV[a] end
local function key() return KEYS[tonumber(arg())] end
-- KEYS[1] marks this very changeset as applied: the client's retry after a dropped answer
-- must not be taken for a conflict (and then re-read and applied a second time).
if redis.call('EXISTS', KEYS[1]) == 1 then return {1, 'replayed'} end
for i = 1, tonumber(arg()) do
  local k, field, min, max = key(), arg(), tonumber(arg()), tonumber(arg())
  local v = tonumber(redis.call('HGET', k, field) or '0')
  if v < min or v > max then return {0, k} end
end
local writes = {}
for i = 1, tonumber(arg()) do
  local k, expected, value, ttl = key(), arg(), arg(), tonumber(arg())
  if expected ~= '*' then
    local current = redis.call('GET', k)
    if expected == '' then
      if current then return {0, k} end
    elseif current ~= expected then
      return {0, k}
    end
  end
  writes[i] = {k, value, ttl}
end
for _, w in ipairs(writes) do
  if w[2] == '' then redis.call('DEL', w[1])
  elseif w[3] > 0 then redis.call('SET', w[1], w[2], 'EX', w[3])
  else redis.call('SET', w[1], w[2]) end
end
-- A counter that starts here starts its hash's lifetime (these hashes hold one window each);
-- once per key and script, however many of its fields start.
local expired = {}
local function incr(k, field, by, ttl)
  if redis.call('HINCRBY', k, field, by) == tonumber(by) and ttl > 0 and not expired[k] then
    expired[k] = true
    redis.call('EXPIRE', k, ttl)
  end
end
for i = 1, tonumber(arg()) do
  local k, field, by, ttl = key(), arg(), arg(), tonumber(arg())
  incr(k, field, by, ttl)
end
for i = 1, tonumber(arg()) do
  local k, score, member = key(), arg(), arg()
  redis.call('ZADD', k, score, member)
end
for i = 1, tonumber(arg()) do
  local k, member = key(), arg()
  redis.call('ZREM', k, member)
end
for i = 1, tonumber(arg()) do
  local k, member = key(), arg()
  redis.call('SADD', k, member)
end
for i = 1, tonumber(arg()) do
  local k, field, value = key(), arg(), arg()
  redis.call('HSET', k, field, value)
end
for i = 1, tonumber(arg()) do
  local k, member, by, ttl = key(), arg(), arg(), tonumber(arg())
  local score = tonumber(redis.call('ZINCRBY', k, by, member))
  -- A ranking keeps only members with something to rank (a refund can bring one back to 0).
  if score <= 0 then redis.call('ZREM', k, member)
  elseif score == tonumber(by) and ttl > 0 and not expired[k] then
    expired[k] = true
    redis.call('EXPIRE', k, ttl)
  end
end
-- Counters that count an occurrence once, however often it is reported: the marker is claimed
-- with them (a marker already there means they were counted by an earlier changeset).
for i = 1, tonumber(arg()) do
  local marker, ttl, n = key(), tonumber(arg()), tonumber(arg())
  local first = redis.call('SET', marker, '1', 'NX', 'EX', ttl)
  for j = 1, n do
    local k, field, by, kttl = key(), arg(), arg(), tonumber(arg())
    if first then incr(k, field, by, kttl) end
  end
end
redis.call('SET', KEYS[1], '1', 'EX', 600)
return {1, ''}
`;

/** `null`: the record must not exist yet; `'*'`: write whatever is there. */
export type Expected = string | null | '*';

export class Changeset {
  private keys: string[] = [];
  private index = new Map<string, number>();
  private guards: (string | number)[][] = [];
  private writes: (string | number)[][] = [];
  private hsets: (string | number)[][] = [];
  private incrs: (string | number)[][] = [];
  private zadds: (string | number)[][] = [];
  private zrems: (string | number)[][] = [];
  private sadds: (string | number)[][] = [];
  private zincrs: (string | number)[][] = [];
  private onces: (string | number)[][] = [];

  private k(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      this.keys.push(key);
      i = this.keys.length;
      this.index.set(key, i);
    }
    return i;
  }

  constructor(token = crypto.randomUUID()) {
    this.k(redisKeys.applied(token));
  }

  /**
   * Apply only while the hash field (a counter, missing = 0) is within [min, max]: a condition on
   * a shared counter that conflicts only when the answer it decides would change (a tier or cap
   * crossed), where a compare-and-set of the whole record would conflict on every concurrent write.
   */
  guard(key: string, field: string, min: number, max: number): this {
    this.guards.push([this.k(key), field, min, Number.isFinite(max) ? max : 9e15]);
    return this;
  }

  hset(key: string, field: string, value: string): this {
    this.hsets.push([this.k(key), field, value]);
    return this;
  }

  /** Write `value` (null deletes) only if the record is still `expected`. */
  set(key: string, expected: Expected, value: string | null, ttlSeconds = 0): this {
    this.writes.push([this.k(key), expected === null ? '' : expected, value ?? '', ttlSeconds]);
    return this;
  }

  /** HINCRBY; with ttlSeconds, the hash expires that long after this field's first increment. */
  incr(key: string, field: string, by: number, ttlSeconds = 0): this {
    if (by !== 0) this.incrs.push([this.k(key), field, by, ttlSeconds]);
    return this;
  }

  zadd(key: string, score: number, member: string): this {
    this.zadds.push([this.k(key), score, member]);
    return this;
  }

  zrem(key: string, member: string): this {
    this.zrems.push([this.k(key), member]);
    return this;
  }

  /** ZINCRBY; a member at or below 0 is removed; with ttlSeconds, the set expires that long after a member's first score. */
  zincr(key: string, member: string, by: number, ttlSeconds = 0): this {
    if (by !== 0) this.zincrs.push([this.k(key), member, by, ttlSeconds]);
    return this;
  }

  /** HINCRBYs applied only if `marker` (kept `markerTtlSeconds`) did not exist: counts an occurrence once across changesets. */
  incrOnce(marker: string, markerTtlSeconds: number, incrs: [key: string, field: string, by: number, ttlSeconds: number][]): this {
    this.onces.push([this.k(marker), markerTtlSeconds, incrs.length, ...incrs.flatMap(([key, field, by, ttl]) => [this.k(key), field, by, ttl])]);
    return this;
  }

  sadd(key: string, member: string): this {
    this.sadds.push([this.k(key), member]);
    return this;
  }

  /** Applies everything, or nothing when a record changed since it was read (returns its key). */
  async apply(redis: Redis): Promise<{ ok: true } | { ok: false; conflict: string }> {
    const args: (string | number)[] = [];
    for (const group of [this.guards, this.writes, this.incrs, this.zadds, this.zrems, this.sadds, this.hsets, this.zincrs, this.onces]) {
      args.push(group.length);
      for (const op of group) args.push(...op);
    }
    const [ok, conflict] = await runScript<[number, string]>(redis, APPLY, this.keys, args);
    return Number(ok) === 1 ? { ok: true } : { ok: false, conflict };
  }
}

/** What an attempt returns when a record changed under it: read and try again. */
export const CONFLICT: unique symbol = Symbol('conflict');

/** Runs read-compute-apply until it applies (or gives up after `attempts` conflicts). */
export async function withRetries<T>(attempt: () => Promise<T | typeof CONFLICT>, what: string, attempts = 8): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
    // Brief, jittered pause: the competing write usually lands within a round trip.
    await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
  }
  throw new Error(`${what} kept conflicting`);
}
