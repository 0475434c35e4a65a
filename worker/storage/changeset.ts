import type { Redis } from './client.ts';
import { CHANGESET_APPLY as APPLY } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';

/** `null`: the record must not exist yet; `'*'`: write whatever is there. */
export type Expected = string | null | '*';

/**
 * A multi-record state change applied in one Lua script (lua/changeset-apply.lua): every record
 * write is conditional on the record still being what was read (compare-and-set), and the counters,
 * indexes and sets that go with it change in the same step or not at all. Callers read, compute,
 * apply, and on a conflict read again: money-moving changes (conversions, rewards, refunds) are
 * exact under concurrency and safe to retry, without WATCH (not available over REST).
 */
export class Changeset {
  private keys: string[] = [];
  private index = new Map<string, number>();
  private guards: (string | number)[][] = [];
  private writes: (string | number)[][] = [];
  /** Per key (its index): the lifetime its window starts with, and each field's total increment. */
  private incrs = new Map<number, { ttl: number; fields: Map<string, number> }>();
  private zadds = new Members(2);
  private zrems = new Members(1);
  private sadds = new Members(1);
  private hsetsByKey = new Members(2);
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
    this.hsetsByKey.add(this.k(key), field, value);
    return this;
  }

  /** Write `value` (null deletes) only if the record is still `expected`. */
  set(key: string, expected: Expected, value: string | null, ttlSeconds = 0): this {
    this.writes.push([this.k(key), expected === null ? '' : expected, value ?? '', ttlSeconds]);
    return this;
  }

  /**
   * HINCRBY; with ttlSeconds, the hash expires that long after its window started (the first
   * increment of the field, or of any of the fields when this changeset changes several of them).
   */
  incr(key: string, field: string, by: number, ttlSeconds = 0): this {
    if (by === 0) return this;
    const i = this.k(key);
    const hash = this.incrs.get(i) ?? { ttl: ttlSeconds, fields: new Map<string, number>() };
    this.incrs.set(i, hash);
    hash.ttl ||= ttlSeconds;
    hash.fields.set(field, (hash.fields.get(field) ?? 0) + by);
    return this;
  }

  zadd(key: string, score: number, member: string): this {
    this.zadds.add(this.k(key), score, member);
    return this;
  }

  zrem(key: string, member: string): this {
    this.zrems.add(this.k(key), member);
    return this;
  }

  /**
   * ZINCRBY; a member at or below 0 is removed; with ttlSeconds, the
   * set expires that long after a member's first score.
   */
  zincr(key: string, member: string, by: number, ttlSeconds = 0): this {
    if (by !== 0) this.zincrs.push([this.k(key), member, by, ttlSeconds]);
    return this;
  }

  /**
   * HINCRBYs applied only if `marker` (kept `markerTtlSeconds`) did
   * not exist: counts an occurrence once across changesets.
   */
  incrOnce(
    marker: string,
    markerTtlSeconds: number,
    incrs: [key: string, field: string, by: number, ttlSeconds: number][],
  ): this {
    this.onces.push([
      this.k(marker),
      markerTtlSeconds,
      incrs.length,
      ...incrs.flatMap(([key, field, by, ttl]) => [this.k(key), field, by, ttl]),
    ]);
    return this;
  }

  sadd(key: string, member: string): this {
    this.sadds.add(this.k(key), member);
    return this;
  }

  /** Applies everything, or nothing when a record changed since it was read (returns its key). */
  async apply(redis: Redis): Promise<{ ok: true } | { ok: false; conflict: string }> {
    const args: (string | number)[] = [];
    const incrs: (string | number)[][] = [];
    for (const [i, { ttl, fields }] of this.incrs) {
      const changed = [...fields].filter(([, by]) => by !== 0);
      if (changed.length) incrs.push([i, ttl, changed.length, ...changed.flat()]);
    }
    for (const group of [
      incrs,
      this.guards,
      this.writes,
      this.zadds.ops(),
      this.zrems.ops(),
      this.sadds.ops(),
      this.hsetsByKey.ops(),
      this.zincrs,
      this.onces,
    ]) {
      args.push(group.length);
      for (const op of group) args.push(...op);
    }
    const [ok, conflict] = await runScript(redis, APPLY, this.keys, args);
    return Number(ok) === 1 ? { ok: true } : { ok: false, conflict };
  }
}

/** Members (or field-value pairs) added to several keys, one command per key: `[key, count, ...members]`. */
class Members {
  private byKey = new Map<number, (string | number)[]>();
  constructor(private readonly width: number) {}

  add(key: number, ...member: (string | number)[]): void {
    const list = this.byKey.get(key);
    if (list) list.push(...member);
    else this.byKey.set(key, member);
  }

  ops(): (string | number)[][] {
    return [...this.byKey].map(([key, list]) => [key, list.length / this.width, ...list]);
  }
}
