import type { LuaScript } from '../lua.ts';

// KEYS: 1 balances (HASH currency -> minor units), 2 entries (HASH id -> JSON), 3 references (HASH ref -> id),
// 4 ledger (ZSET of entry ids, lexicographic). ARGV: 1 this entry's reference, 2 the reference it requires ('' none),
// 3 the new entry's id, 4 currency, 5 amount, 6 kind, 7 the reward or order id, 8 ISO time.
// Reply: status, the entry's JSON ('' when none).
declare const script: LuaScript<
  [balances: string, entries: string, references: string, ledger: string],
  [
    ref: string,
    requires: string,
    id: string,
    currency: string,
    amount: number,
    kind: string,
    reference: string,
    at: string,
  ],
  [status: string, entry: string]
>;
export default script;
