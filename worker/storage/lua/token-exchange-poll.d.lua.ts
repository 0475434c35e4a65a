import type { LuaScript } from '../lua.ts';

// Reads the pairing (or link) and, while it is pending, notes the poll: a client polling too fast
// is told to slow down, and keeps being told while it does.
// KEYS: 1 pairing or link. ARGV: 1 now ms, 2 minimal gap ms.
declare const script: LuaScript<
  [grant: string],
  [nowMs: number, minGapMs: number],
  [state: 'missing' | 'slow_down' | 'ok', grant?: unknown]
>;
export default script;
