import type { LuaScript } from '../lua.ts';

// Records an attempt: numbers it, logs it (newest first, last 100), and moves the schedule on.
// A success (automatic or manual) cancels any pending automatic attempt. An automatic attempt
// whose member is gone (a success elsewhere removed it, or its lease ran out and another run
// took it) is logged but changes no schedule. The log entry is ARGV 4 .. its number .. ARGV 5:
// the encoded record around its `attempt` value, joined as text (the script reads no JSON).
// KEYS: 1 due, 2 deliveries, 3 attempt log. ARGV: 1 member ('' = manual), 2 endpoint id, 3 outcome
// ('canceled' = not sent), 4 entry before its number, 5 entry after it, 6 next member, 7 next due ms,
// 8 retention ms.
declare const script: LuaScript<
  [due: string, deliveries: string, attempts: string],
  [
    member: string,
    endpointId: string,
    outcome: string,
    entryHead: string,
    entryTail: string,
    nextMember: string,
    nextDueMs: number,
    retentionMs: number,
  ],
  number
>;
export default script;
