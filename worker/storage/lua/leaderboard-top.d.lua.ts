import type { LuaScript } from '../lua.ts';

// Read-only: the union of the day rankings of the range for both figures, the top `limit` by
// the ranking figure (ties: the other figure, then the advocate id), each with both figures.
// KEYS: D conversion rankings, then D revenue rankings (none without a currency).
// ARGV: 1 D, 2 limit, 3 'conversions' | 'revenue'. Rows: the advocate, its conversions, its revenue.
declare const script: LuaScript<
  string[],
  [days: number, limit: number, by: 'conversions' | 'revenue'],
  [advocateId: string, conversions: number, revenue: number][]
>;
export default script;
