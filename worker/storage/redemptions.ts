import type { Redemption, RejectionCode } from '../../shared/schemas/redemption.ts';
import { cohortKeys } from './stats-counters.ts';
import type { Redis } from './client.ts';
import {
  REDEMPTIONS_HOLD as HOLD,
  REDEMPTIONS_REDEEM as REDEEM,
  REDEMPTIONS_RELEASE as RELEASE,
  REDEMPTIONS_REVERSE as REVERSE,
} from './lua/index.ts';
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

export type Outcome = { kind: 'created' | 'existing' | 'held'; id: string } | { kind: 'rejected'; code: RejectionCode };

function outcome(reply: [string, string]): Outcome {
  const [kind, value] = reply;
  if (kind === 'rejected') return { kind, code: value as RejectionCode };
  return { kind: kind as 'created' | 'existing' | 'held', id: value };
}

export async function redeem(
  redis: Redis,
  t: Tenant,
  r: Redemption,
  orderDigest: string,
  customer: string,
  limits: Limits,
  reservationId: string | null,
  now: number,
): Promise<Outcome> {
  const stats = cohortOfRedemption(t, r, now);
  return outcome(
    await runScript(
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
      [
        r.id,
        JSON.stringify(r),
        limits.maxUses ?? -1,
        now,
        reservationId ?? '',
        customer,
        limits.onePerCustomer ? '1' : '0',
        limits.newCustomersOnly ? '1' : '0',
        ...stats.map(([, ttl]) => ttl),
      ],
    ),
  );
}

export async function hold(
  redis: Redis,
  t: Tenant,
  programId: string,
  reservation: Reservation,
  limits: Limits,
  ttlMs: number,
  now: number,
): Promise<Outcome> {
  return outcome(
    await runScript(
      redis,
      HOLD,
      [
        redisKeys.codeUses(t, reservation.code),
        redisKeys.codeHolds(t, reservation.code),
        redisKeys.customerRedeemed(t, programId, reservation.customer),
        redisKeys.reservation(t, reservation.id),
        redisKeys.knownCustomers(t),
      ],
      [
        reservation.id,
        JSON.stringify(reservation),
        limits.maxUses ?? -1,
        now,
        now + ttlMs,
        ttlMs,
        reservation.customer,
        limits.onePerCustomer ? '1' : '0',
        limits.newCustomersOnly ? '1' : '0',
      ],
    ),
  );
}

export async function release(redis: Redis, t: Tenant, reservation: Reservation): Promise<boolean> {
  return (
    Number(
      await runScript(
        redis,
        RELEASE,
        [redisKeys.codeHolds(t, reservation.code), redisKeys.reservation(t, reservation.id)],
        [reservation.id],
      ),
    ) === 1
  );
}

export async function getReservation(redis: Redis, t: Tenant, id: string): Promise<Reservation | null> {
  const raw = await redis.get<string>(redisKeys.reservation(t, id));
  return raw ? (JSON.parse(raw) as Reservation) : null;
}

/** The read-only version of the checks, for validation without a hold (one round trip). */
export async function peekLimits(
  redis: Redis,
  t: Tenant,
  code: string,
  programId: string,
  customer: string,
  limits: Limits,
  now: number,
): Promise<RejectionCode | null> {
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

export type ReverseResult =
  | { kind: 'reversed'; redemption: Redemption }
  | { kind: 'missing' }
  | { kind: 'already_reversed' }
  | { kind: 'too_much'; left: number };

/** A refund: partial adds to reversed_amount; reaching the full amount reverses and frees the use. */
export async function reverse(
  redis: Redis,
  t: Tenant,
  id: string,
  amount: number | undefined,
  now: Date,
): Promise<ReverseResult> {
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
    const next: Redemption = {
      ...r,
      reversed_amount: reversed,
      status: full ? 'reversed' : 'partially_reversed',
      updated_at: now.toISOString(),
    };
    const stats = cohortOfRedemption(t, r, now.getTime());
    const done = await runScript(
      redis,
      REVERSE,
      [
        redisKeys.redemption(t, id),
        redisKeys.codeUses(t, r.code),
        redisKeys.customerRedeemed(t, r.program_id, customerOf(r)),
        ...stats.map(([key]) => key),
      ],
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
  return cohortKeys(
    t,
    { programId: r.program_id, advocateId: r.advocate_id, code: r.code, at: Date.parse(r.created_at) },
    now,
  );
}
