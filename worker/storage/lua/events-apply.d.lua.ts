import type { LuaScript } from '../lua.ts';

// The queue consumer's counting, once per event id (event-counters.ts builds the plan and says what
// each key is). KEYS: every key the plan names, by position. ARGV: 1 the plan (JSON: `m` mark hashes
// [key, ttl s], `c` counter hashes [key, ttl s or 0], `h` HyperLogLogs [key, ttl s, companion counter],
// `e` events [mark hash, id field, kind 'c'|'f', dedupe field, at ms, first-visit [field, counter][],
// counts [counter, field][], visitors [hll, value][], counts if a duplicate [counter, field][]]),
// 2 the dedupe window in ms. Reply: each event's decision, in plan order: 'c' counted, 'd' a duplicate
// within the window, 'f' filtered; an event applied before answers the decision it got then.
declare const script: LuaScript<string[], [plan: string, dedupeMs: number], string[]>;
export default script;
