import type { LuaScript } from '../lua.ts';

// KEYS: 1 record. ARGV: 1 token. Frees the lock only if this request still holds it.
declare const script: LuaScript<[record: string], [tokenField: string], number>;
export default script;
