import type { LuaScript } from '../lua.ts';

// Records each event that has a subscriber and was not published before (SET NX on its key),
// and queues its first attempt to every enabled endpoint subscribed to its type, already leased
// to this isolate (sent right after the response; a later scheduled run sends it if we die).
// Queue members are `{prefix}:{endpoint}:{event}:1` (see storage/webhook-queue.ts jobMember).
// KEYS: 1 subscriptions, 2 due, then per event: dedupe key, event, deliveries.
// ARGV: 1 lease until ms, 2 retention ms, 3 member prefix, 4 now ms, then per event: id, type, body.
declare const script: LuaScript<string[], (string | number)[], [recorded: string[], members: string[]]>;
export default script;
