import type { LuaScript } from '../lua.ts';

/**
 * Changeset.apply() (storage/changeset.ts): guards, compare-and-set writes, then counters, indexes
 * and sets, all or nothing. KEYS: 1 this changeset's applied marker, then every key once (ops name
 * keys by position). ARGV: each group of ops in the order changeset-apply.lua reads them (incrs,
 * guards, writes, zadds, zrems, sadds, hsets, zincrs, onces), as its count then its ops' fields
 * (incrs, zadds, zrems, sadds and hsets one op per key: the key, then how many, then the fields or
 * members); apply() builds exactly that.
 */
declare const script: LuaScript<string[], (string | number)[], [ok: number | string, conflict: string]>;
export default script;
