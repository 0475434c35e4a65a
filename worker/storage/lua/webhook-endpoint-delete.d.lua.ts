import type { LuaScript } from '../lua.ts';

// KEYS: 1 endpoint, 2 index, 3 subscriptions, 4 attempt log. ARGV: 1 id.
declare const script: LuaScript<
  [endpoint: string, endpoints: string, subscriptions: string, attempts: string],
  [id: string],
  number
>;
export default script;
