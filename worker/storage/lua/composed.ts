import type { LuaScript } from '../lua.ts';
import countInCohort from './count-in-cohort.lua';
import checks from './redemption-checks.lua';
import hold from './redemptions-hold.lua';
import redeem from './redemptions-redeem.lua';
import reverse from './redemptions-reverse.lua';

// Every script built from fragments, in this one place: the fragments first (each only defines Lua
// functions), then the body that calls them with its own KEYS/ARGV positions, a newline between parts.
// - redemption-checks.lua: `check(...)`, a code's limits (uses + live holds, one per customer, new
//   customers only), with expired holds dropped first when the code has a limit;
// - count-in-cohort.lua: `countInCohort(field, by, firstKey, firstArg)`, `by` added to `field` of
//   each analytics hash from KEYS[firstKey] on (cohortKeys in storage/stats-counters.ts), each
//   hash's TTL from ARGV[firstArg] on, set when the field starts.

// Analytics hashes: this redemption's cohort (program, advocate, code, program hour) and their TTLs.
export const REDEMPTIONS_REDEEM: LuaScript<
  [
    order: string,
    uses: string,
    holds: string,
    customerRedeemed: string,
    redemption: string,
    reservation: string,
    knownCustomers: string,
    ...analytics: string[],
  ],
  [
    id: string,
    redemption: string,
    maxUses: number,
    nowMs: number,
    reservationId: string,
    customer: string,
    onePerCustomer: '1' | '0',
    newCustomersOnly: '1' | '0',
    ...analyticsTtls: number[],
  ],
  [kind: string, value: string]
> = `${checks}\n${countInCohort}\n${redeem}`;

export const REDEMPTIONS_HOLD: LuaScript<
  [uses: string, holds: string, customerRedeemed: string, reservation: string, knownCustomers: string],
  [
    id: string,
    reservation: string,
    maxUses: number,
    nowMs: number,
    expiresMs: number,
    ttlMs: number,
    customer: string,
    onePerCustomer: '1' | '0',
    newCustomersOnly: '1' | '0',
  ],
  [kind: string, value: string]
> = `${checks}\n${hold}`;

// The refund and, when it completes the reversal, the use given back, in one step, counted
// (`reversals`, partial or full) in the redemption's analytics hashes.
export const REDEMPTIONS_REVERSE: LuaScript<
  [redemption: string, uses: string, customerRedeemed: string, ...analytics: string[]],
  [expected: string, next: string, full: '1' | '0', id: string, ...analyticsTtls: number[]],
  number
> = `${countInCohort}\n${reverse}`;
