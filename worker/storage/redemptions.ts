import type { Redemption, RejectionCode } from '../../shared/schemas/redemption.ts';
import type { Redis } from '../lib/redis.ts';
import { cohortKeys, COUNT_IN_COHORT } from '../analytics/record-stats.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';

/**
 * Code usage under concurrency: every limit is checked and the redemption recorded in one script,
 * so a code with N uses left redeems exactly N times however many checkouts race. Holds
 * (reservations) count against the limit until they expire, are redeemed or released.
 */
export interface Reservation {
  id: string;
  code: string;
  customer: string;
  expires_at: string;
}

export interface Limits {
  maxUses: number | null;
  onePerCustomer: boolean;
  newCustomersOnly: boolean;
}

// Shared checks, as a Lua prelude. KEYS/ARGV positions are given by each script's header.
const CHECKS = `
local function check(uses, holds, customerRedeemed, known, maxUses, now, customer, onePer, newOnly, ownHold)
  redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
  if onePer == '1' and redis.call('EXISTS', customerRedeemed) == 1 then return 'already_redeemed_by_customer' end
  if newOnly == '1' and redis.call('SISMEMBER', known, customer) == 1 then return 'not_new_customer' end
  local max = tonumber(maxUses)
  if max >= 0 then
    local used = tonumber(redis.call('GET', uses) or '0')
    local held = redis.call('ZCARD', holds) - ownHold
    if used + held >= max then return 'usage_limit_reached' end
  end
  return nil
end
`;

// KEYS: 1 order, 2 uses, 3 holds, 4 customer redeemed, 5 redemption, 6 reservation, 7 known customers,
//       8.. the analytics hashes of this redemption (program, advocate, code, program hour).
// ARGV: 1 id, 2 JSON, 3 max uses (-1 = none), 4 now ms, 5 reservation id or '', 6 customer,
//       7 one per customer, 8 new customers only, 9.. the TTL of each analytics hash.
const REDEEM = `${CHECKS}${COUNT_IN_COHORT}
local existing = redis.call('GET', KEYS[1])
if existing then return {'existing', existing} end
local ownHold = 0
if ARGV[5] ~= '' then
  local expiry = redis.call('ZSCORE', KEYS[3], ARGV[5])
  local reservation = redis.call('GET', KEYS[6])
  if not expiry or tonumber(expiry) <= tonumber(ARGV[4]) or not reservation or not string.find(reservation, '"customer":"' .. ARGV[6] .. '"', 1, true) then
    return {'rejected', 'reservation_not_found'}
  end
  ownHold = 1
end
local rejection = check(KEYS[2], KEYS[3], KEYS[4], KEYS[7], ARGV[3], ARGV[4], ARGV[6], ARGV[7], ARGV[8], ownHold)
if rejection then return {'rejected', rejection} end
redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[5], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[4], ARGV[1])
redis.call('SADD', KEYS[7], ARGV[6])
countInCohort('redemptions', 1, 8, 9)
if ownHold == 1 then
  redis.call('ZREM', KEYS[3], ARGV[5])
  redis.call('DEL', KEYS[6])
end
return {'created', ARGV[1]}
`;

// KEYS: 1 uses, 2 holds, 3 customer redeemed, 4 reservation, 5 known customers.
// ARGV: 1 id, 2 JSON, 3 max uses, 4 now ms, 5 expiry ms, 6 ttl ms, 7 customer, 8 one per customer, 9 new only.
const HOLD = `${CHECKS}
local rejection = check(KEYS[1], KEYS[2], KEYS[3], KEYS[5], ARGV[3], ARGV[4], ARGV[7], ARGV[8], ARGV[9], 0)
if rejection then return {'rejected', rejection} end
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[6])
return {'held', ARGV[1]}
`;

// KEYS: 1 holds, 2 reservation. ARGV: 1 id.
const RELEASE = `
local existed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return existed
`;

export type Outcome = { kind: 'created' | 'existing' | 'held'; id: string } | { kind: 'rejected'; code: RejectionCode };

function outcome(reply: [string, string]): Outcome {
  const [kind, value] = reply;
  if (kind === 'rejected') return { kind, code: value as RejectionCode };
  return { kind: kind as 'created' | 'existing' | 'held', id: value };
}

export async function redeem(redis: Redis, t: Tenant, r: Redemption, orderDigest: string, customer: string, limits: Limits, reservationId: string | null, now: number): Promise<Outcome> {
  const stats = cohortOfRedemption(t, r, now);
  return outcome(
    await runScript<[string, string]>(
      redis,
      REDEEM,
      [
        redisKeys.redemptionByOrder(t, orderDigest),
        redisKeys.codeUses(t, r.code),
        redisKeys.codeHolds(t, r.code),
        redisKeys.customerRedeemed(t, r.program_id, customer),
        redisKeys.redemption(t, r.id),
        redisKeys.reservation(t, reservationId ?? 'none'),
        redisKeys.knownCustomers(t),
        ...stats.map(([key]) => key),
      ],
      [r.id, JSON.stringify(r), limits.maxUses ?? -1, now, reservationId ?? '', customer, limits.onePerCustomer ? '1' : '0', limits.newCustomersOnly ? '1' : '0', ...stats.map(([, ttl]) => ttl)],
    ),
  );
}

export async function hold(redis: Redis, t: Tenant, programId: string, reservation: Reservation, limits: Limits, ttlMs: number, now: number): Promise<Outcome> {
  return outcome(
    await runScript<[string, string]>(
      redis,
      HOLD,
      [
        redisKeys.codeUses(t, reservation.code),
        redisKeys.codeHolds(t, reservation.code),
        redisKeys.customerRedeemed(t, programId, reservation.customer),
        redisKeys.reservation(t, reservation.id),
        redisKeys.knownCustomers(t),
      ],
      [reservation.id, JSON.stringify(reservation), limits.maxUses ?? -1, now, now + ttlMs, ttlMs, reservation.customer, limits.onePerCustomer ? '1' : '0', limits.newCustomersOnly ? '1' : '0'],
    ),
  );
}

export async function release(redis: Redis, t: Tenant, reservation: Reservation): Promise<boolean> {
  return Number(await runScript(redis, RELEASE, [redisKeys.codeHolds(t, reservation.code), redisKeys.reservation(t, reservation.id)], [reservation.id])) === 1;
}

export async function getReservation(redis: Redis, t: Tenant, id: string): Promise<Reservation | null> {
  const raw = await redis.get<string>(redisKeys.reservation(t, id));
  return raw ? (JSON.parse(raw) as Reservation) : null;
}

/** The read-only version of the checks, for validation without a hold (one round trip). */
export async function peekLimits(redis: Redis, t: Tenant, code: string, programId: string, customer: string, limits: Limits, now: number): Promise<RejectionCode | null> {
  const p = redis.pipeline();
  p.get(redisKeys.codeUses(t, code));
  p.zcount(redisKeys.codeHolds(t, code), `(${now}`, '+inf');
  p.exists(redisKeys.customerRedeemed(t, programId, customer));
  p.sismember(redisKeys.knownCustomers(t), customer);
  const [uses, held, redeemed, known] = (await p.exec()) as [string | null, number, number, number];
  if (limits.onePerCustomer && Number(redeemed) === 1) return 'already_redeemed_by_customer';
  if (limits.newCustomersOnly && Number(known) === 1) return 'not_new_customer';
  if (limits.maxUses !== null && Number(uses ?? 0) + Number(held) >= limits.maxUses) return 'usage_limit_reached';
  return null;
}

export async function getRedemption(redis: Redis, t: Tenant, id: string): Promise<Redemption | null> {
  const raw = await redis.get<string>(redisKeys.redemption(t, id));
  return raw ? (JSON.parse(raw) as Redemption) : null;
}

// The refund and, when it completes the reversal, the use given back, in one step, counted
// (`reversals`, partial or full) in the redemption's analytics hashes.
// KEYS: 1 redemption, 2 uses, 3 customer redeemed, 4.. analytics hashes.
// ARGV: 1 expected JSON, 2 new JSON, 3 full, 4 id, 5.. the TTL of each analytics hash.
const REVERSE = `${COUNT_IN_COHORT}
local current = redis.call('GET', KEYS[1])
-- Already applied (the client retried after a dropped answer): the new JSON carries this
-- request's own time, so it matches only this very refund.
if current == ARGV[2] then return 1 end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
countInCohort('reversals', 1, 4, 5)
if ARGV[3] == '1' then
  if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
  if redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
end
return 1
`;

export type ReverseResult = { kind: 'reversed'; redemption: Redemption } | { kind: 'missing' } | { kind: 'already_reversed' } | { kind: 'too_much'; left: number };

/** A refund: partial adds to reversed_amount; reaching the full amount reverses and frees the use. */
export async function reverse(redis: Redis, t: Tenant, id: string, amount: number | undefined, now: Date): Promise<ReverseResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<string>(redisKeys.redemption(t, id));
    if (!raw) return { kind: 'missing' };
    const r = JSON.parse(raw) as Redemption;
    if (r.status === 'reversed') return { kind: 'already_reversed' };
    const left = r.order.amount - r.reversed_amount;
    const take = amount ?? left;
    if (take > left) return { kind: 'too_much', left };
    const reversed = r.reversed_amount + take;
    const full = reversed >= r.order.amount;
    const next: Redemption = { ...r, reversed_amount: reversed, status: full ? 'reversed' : 'partially_reversed', updated_at: now.toISOString() };
    const stats = cohortOfRedemption(t, r, now.getTime());
    const done = await runScript(
      redis,
      REVERSE,
      [redisKeys.redemption(t, id), redisKeys.codeUses(t, r.code), redisKeys.customerRedeemed(t, r.program_id, customerOf(r)), ...stats.map(([key]) => key)],
      [raw, JSON.stringify(next), full ? '1' : '0', id, ...stats.map(([, ttl]) => ttl)],
    );
    if (Number(done) === 1) return { kind: 'reversed', redemption: next };
  }
  throw new Error(`reversal of ${id} kept conflicting`);
}

// The customer digest is kept on the record (not part of the API shape) to free its marker.
function customerOf(r: Redemption): string {
  return (r as Redemption & { customer_digest?: string }).customer_digest ?? '';
}

/** A redemption and its reversals are counted in the buckets of the redemption's creation. */
function cohortOfRedemption(t: Tenant, r: Redemption, now: number) {
  return cohortKeys(t, { programId: r.program_id, advocateId: r.advocate_id, code: r.code, at: Date.parse(r.created_at) }, now);
}
