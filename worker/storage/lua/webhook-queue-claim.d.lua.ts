import type { LuaScript } from '../lua.ts';

// KEYS: 1 due. ARGV: 1 now ms, 2 lease until ms, 3 limit.
declare const script: LuaScript<[due: string], [nowMs: number, leaseUntilMs: number, limit: number], string[] | null>;
export default script;
