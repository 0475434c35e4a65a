import type { LuaScript } from '../lua.ts';

// Single use: the link is read and deleted in the same script that stores the session, so two
// concurrent exchanges cannot both win. KEYS: 1 link, 2 session. ARGV: 1 session JSON template
// (merchant and mode filled from the link here), 2 session TTL ms.
declare const script: LuaScript<[link: string, session: string], [session: string, ttlMs: number], string>;
export default script;
