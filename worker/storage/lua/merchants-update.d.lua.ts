import type { LuaScript } from '../lua.ts';

// Update the merchant and its link-domain claims together: claim new domains (refused when
// another merchant holds one), release dropped ones, write the record only if unchanged since read.
// KEYS: 1 merchant, 2.. domain keys (claims, then releases). ARGV: 1 expected JSON, 2 new JSON,
// 3 merchant id, 4 number of claims.
declare const script: LuaScript<
  [merchant: string, ...claimedThenReleasedDomains: string[]],
  [expected: string, next: string, merchantId: string, claims: number],
  [status: 'ok' | 'conflict' | 'taken', takenKey?: string]
>;
export default script;
