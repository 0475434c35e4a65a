/** Plain-JSON form drafts edited by path (`limits.code_max_uses`, `reward_tiers.0.label`). */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function getPath(obj: Json | undefined, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const part of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(part)] : cur[part];
  }
  return cur;
}

/** A copy with `value` at `path` (`undefined` removes the key); the original is untouched. */
export function setPath(obj: Json, path: string, value: Json | undefined): Json {
  const [head, ...rest] = path.split('.');
  const container: Json = obj !== null && typeof obj === 'object' ? obj : {};
  const copy: Json = Array.isArray(container) ? [...container] : { ...container };
  const current = Array.isArray(copy) ? copy[Number(head)] : (copy as Record<string, Json>)[head!];
  const next = rest.length ? setPath(current ?? {}, rest.join('.'), value) : value;
  if (Array.isArray(copy)) {
    if (next === undefined) copy.splice(Number(head), 1);
    else copy[Number(head)] = next;
  } else if (next === undefined) delete (copy as Record<string, Json>)[head!];
  else (copy as Record<string, Json>)[head!] = next;
  return copy;
}

/** The top-level fields that differ (a PATCH sends only what changed). */
export function changedFields(before: Record<string, Json>, after: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(after))
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = after[key]!;
  return out;
}

/** A number input's value: empty is `empty` (null or absent), junk stays text so validation names it. */
export function numberInput(value: string, empty: null | undefined): Json | undefined {
  if (value.trim() === '') return empty;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/** Renames a record key in place of order (per-locale copy, metadata). */
export function renameKey(record: Record<string, Json>, from: string, to: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(record)) out[k === from ? to : k] = v;
  return out;
}
