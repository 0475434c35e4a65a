import type { LuaScript } from '../lua.ts';

// Read-only, one round trip for the whole range: the scope's record (existence), every hash of
// every unit, one PFCOUNT per bucket (a week's is the union of its days) and one over the whole
// range, and for programs the advocates with >= 2 attributed sales (union of the day rankings).
// KEYS: 1 the record, then H hashes per unit for U units, then U HyperLogLogs, then Z rankings.
// ARGV: 1 H, 2 U, 3 Z, then per bucket its number of units.
declare const script: LuaScript<
  string[],
  number[],
  [record: string, hashes: unknown[], counts: number[], total: number, repeaters: number] | []
>;
export default script;
