import type { LuaScript } from '../lua.ts';

// Read-only: the union of the day rankings of the range for both figures, the top `limit` by
// the ranking figure (ties: the other figure, then the advocate id), each with both figures.
// KEYS: D conversion rankings, then D revenue rankings (none without a currency).
// ARGV: 1 D, 2 limit, 3 'conversions' | 'revenue'.
declare const script: LuaScript<
  string[],
  [days: number, limit: number, by: string],
  [member: string, rank: number, other: number][]
>;
export default script;
