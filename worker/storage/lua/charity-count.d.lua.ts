import type { LuaScript } from '../lua.ts';

// KEYS: 1 counted (HASH reward id -> amount, `line:{id}` -> line), 2 the month's totals (HASH `a:`/`n:` + line),
// 3 the month's reward ids (ZSET), 4 the month's tenants with a statement due (SET, global).
// ARGV: 1 reward id, 2 target amount (minor units), 3 its line (opaque here: charity.ts's lineCodec JSON),
// 4 the tenant as `{mode}:{merchant}`. Reply: status, the amount counted now.
declare const script: LuaScript<
  [counted: string, month: string, monthRewards: string, due: string],
  [rewardId: string, target: number, line: string, tenant: string],
  [status: 'new' | 'existing' | 'none', amount: number]
>;
export default script;
