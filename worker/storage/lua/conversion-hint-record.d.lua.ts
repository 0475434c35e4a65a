import type { LuaScript } from '../lua.ts';

// The first hint of an order stands (SET NX) and counts once in its day's hash.
// KEYS: 1 hint, 2 daily counter. ARGV: 1 hint JSON, 2 hint TTL s, 3 counter TTL s.
declare const script: LuaScript<
  [hint: string, dailyCounter: string],
  [hint: string, hintTtlSeconds: number, counterTtlSeconds: number],
  number
>;
export default script;
