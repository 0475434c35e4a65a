import type { LuaScript } from '../lua.ts';

// KEYS: 1 the person's programs (SET), 2 the marker's, then per program (in ARGV 1's order) the person's state,
// entries, ledger, lots and redemptions, then the marker's same five. ARGV: 1 the programs read, sorted and
// joined by ',', 2 the marker. Reply: how many ledger entries moved, or -1 when the programs changed meanwhile.
declare const script: LuaScript<string[], [programs: string, marker: string], number>;
export default script;
