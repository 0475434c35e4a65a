import type { LuaScript } from '../lua.ts';

// KEYS: 1-4 the balances, entries, references and ledger named by the person; 5-8 the same named by the marker.
// Reply: how many ledger entries moved (0 when there was nothing under the person's name).
declare const script: LuaScript<
  [
    balances: string,
    entries: string,
    references: string,
    ledger: string,
    toBalances: string,
    toEntries: string,
    toReferences: string,
    toLedger: string,
  ],
  [],
  number
>;
export default script;
