import type { LuaScript } from '../lua.ts';

// KEYS: 1 record. ARGV: 1 the token as the member `"token":"…"`. Frees the lock only if this request
// still holds it (the decoded record's token is this one). Replies 1 when freed, else 0.
declare const script: LuaScript<[record: string], [tokenMember: `"token":"${string}"`], number>;
export default script;
