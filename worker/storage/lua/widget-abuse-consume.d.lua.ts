import type { LuaScript } from '../lua.ts';

// Buckets go narrowest first (the IP, then the email or customer, then the merchant). Each counts
// the attempt (one INCR, EXPIRE when its window opens) until one is over its limit: the later,
// broader ones are then left alone, so one caller over its own limit cannot use up a bucket the
// merchant's other visitors share. KEYS: window counters. ARGV: limit and TTL per key, in pairs.
declare const script: LuaScript<string[], number[], number>;
export default script;
