import type { LuaScript } from '../lua.ts';

/**
 * Fixed-window rate limits for several buckets at once (per IP, per key), combined with the API
 * key lookup so authentication and limiting cost one round trip, and with the first record the
 * request reads (a code at checkout: global key) so that read costs no round trip of its own.
 * KEYS[1] key record (read when ARGV[1] = '1'); then one window counter per limit in ARGV[3..];
 * then the records read along. Reply: the key record, allowed, each window's count, each record
 * read along ('' when missing or over a limit).
 * Billed commands: GET (when a key is given) + one INCR per bucket (+ PEXPIRE when a window opens)
 * + one GET per record read along.
 */
declare const script: LuaScript<
  [record: string, ...windowsThenReads: string[]],
  [readRecord: '1' | '0', windowTtlMs: string, ...limits: string[]],
  [record: string, allowed: number | string, ...countsThenReads: (number | string)[]]
>;
export default script;
