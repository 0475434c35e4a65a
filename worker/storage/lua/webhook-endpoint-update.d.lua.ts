import type { LuaScript } from '../lua.ts';

// KEYS: 1 endpoint, 2 subscriptions. ARGV: 1 expected JSON, 2 new JSON, 3 id, 4 subscription ('' = none).
declare const script: LuaScript<
  [endpoint: string, subscriptions: string],
  [expected: string, next: string, id: string, subscription: string],
  number
>;
export default script;
