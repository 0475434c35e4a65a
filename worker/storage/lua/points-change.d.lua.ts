import type { LuaScript } from '../lua.ts';

// KEYS: 1 state (HASH balance, references, lots), 2 entries (HASH id -> JSON), 3 ledger (ZSET of entry ids),
// 4 lots (ZSET name -> ms earned), 5 redemptions (HASH id -> JSON), 6 the customer's programs (SET).
// ARGV: 1 op (earn | revoke | redeem | expire), 2 this change's reference ('' for expire), 3 the reference it
// requires ('' none), 4 entry id base (the id less its last 3 characters), 5 points (earned, revoke target,
// cost), 6 the reward or redemption id, 7 ISO time, 8 now (ms), 9 the lot's expiry (ms, 0 never),
// 10 the redemption record's JSON (redeem), 11 the program id.
// Reply: status, the entry's JSON ('' none), the redemption's JSON ('' none), then each expire entry's JSON.
declare const script: LuaScript<
  [state: string, entries: string, ledger: string, lots: string, redemptions: string, programs: string],
  [
    op: string,
    ref: string,
    requires: string,
    base: string,
    points: number,
    reference: string,
    at: string,
    now: number,
    expiresAt: number,
    redemption: string,
    programId: string,
  ],
  string[]
>;
export default script;
