import type { LuaScript } from '../lua.ts';

/**
 * Everything the redirect needs about a code, read in one round trip: the code record, then its
 * program, advocate and merchant, whose key names the script derives from the record. (Upstash
 * runs scripts without `allow-key-locking` under its global lock, which allows that; key
 * templates come from redis-keys.ts so names live in one place.)
 */
declare const script: LuaScript<
  [code: string],
  [programKey: string, advocateKey: string, merchantKey: string],
  [code: string, program: string, advocate: string, merchant: string]
>;
export default script;
