import type { LuaScript } from '../lua.ts';

// KEYS: 1 endpoint, 2 index, 3 subscriptions. ARGV: 1 id, 2 JSON, 3 max endpoints, 4 subscription ('' = none).
declare const script: LuaScript<
  [endpoint: string, endpoints: string, subscriptions: string],
  [id: string, endpoint: string, maxEndpoints: number, subscription: string],
  number
>;
export default script;
