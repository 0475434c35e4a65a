import type { LuaScript } from '../lua.ts';

/**
 * Fixed-window rate limits for several buckets at once (per IP, per key), combined with the API
 * key lookup so authentication and limiting cost one round trip.
 * KEYS[1] key record (read when ARGV[1] = '1'); KEYS[2..] window counters; ARGV[3..] limits.
 * Billed commands: GET (when a key is given) + one INCR per bucket (+ PEXPIRE when a window opens).
 */
declare const script: LuaScript<
  [record: string, ...windows: string[]],
  [readRecord: '1' | '0', windowTtlMs: string, ...limits: string[]],
  [record: string, allowed: number | string, ...counts: (number | string)[]]
>;
export default script;
