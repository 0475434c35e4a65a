import type { LuaScript } from '../lua.ts';

// KEYS: 1 record. ARGV: 1 pending JSON, 2 ttl. Returns the existing record, or '' when claimed.
declare const script: LuaScript<[record: string], [pending: string, ttlSeconds: number], string>;
export default script;
