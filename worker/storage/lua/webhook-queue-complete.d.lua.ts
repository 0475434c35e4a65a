import type { LuaScript } from '../lua.ts';

// Records an attempt: numbers it, logs it (newest first, last 100), and moves the schedule on.
// A success (automatic or manual) cancels any pending automatic attempt. An automatic attempt
// whose member is gone (a success elsewhere removed it, or its lease ran out and another run
// took it) is logged but changes no schedule.
// KEYS: 1 due, 2 deliveries, 3 attempt log. ARGV: 1 member ('' = manual), 2 endpoint id, 3 outcome
// ('canceled' = not sent), 4 attempt JSON without its number, 5 next member, 6 next due ms,
// 7 retention ms.
declare const script: LuaScript<
  [due: string, deliveries: string, attempts: string],
  [
    member: string,
    endpointId: string,
    outcome: string,
    attempt: string,
    nextMember: string,
    nextDueMs: number,
    retentionMs: number,
  ],
  number
>;
export default script;
