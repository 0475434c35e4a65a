import type { LuaScript } from '../lua.ts';

// Counts only for programs of this tenant that exist (unknown ids are dropped, not stored), in
// the program's day hash and, as `widget:{field}`, in its hourly stats hash.
// KEYS: triples (program, its day's counter hash, its hour's stats hash).
// ARGV: day TTL, hour TTL, then per triple: n, then n field/count pairs.
declare const script: LuaScript<string[], (string | number)[], number>;
export default script;
