import * as z from 'zod';
import { isRewardCode } from '../../shared/core/code-rules.ts';
import { reversalOf } from '../../shared/core/redemption-reversal.ts';
import { Timestamp } from '../../shared/schemas/common.ts';
import { Redemption, type RejectionCode } from '../../shared/schemas/redemption.ts';
import { advocateCodec, type CodeRecord } from './advocates.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import {
  REDEMPTIONS_HOLD as HOLD,
  REDEMPTIONS_REDEEM as REDEEM,
  REDEMPTIONS_RELEASE as RELEASE,
  REDEMPTIONS_REVERSE as REVERSE,
} from './lua/index.ts';
import { runScript } from './lua.ts';
import { programCodec } from './programs.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { cohortKeys } from './stats-counters.ts';
import { defineStore } from './store.ts';

/** The stored redemption: the API object and the customer's digest, which a full reversal needs. */
const StoredRedemption = Redemption.extend({ customer_digest: z.string().optional() });
type StoredRedemption = z.infer<typeof StoredRedemption>;
export const redemptionCodec = defineCodec({ name: 'redemption', schema: StoredRedemption });

/** A use held for one customer at checkout (redemptions-redeem.lua reads its `customer`). */
const Reservation = z.object({ id: z.string(), code: z.string(), customer: z.string(), expires_at: Timestamp });
export type Reservation = z.infer<typeof Reservation>;
export const reservationCodec = defineCodec({ name: 'reservation', schema: Reservation });

export interface Limits {
  maxUses: number | null;
  onePerCustomer: boolean;
  newCustomersOnly: boolean;
}

/** Who uses a code, for its limits: the customer's digest in the code's program. */
export interface CodeUse {
  code: string;
  programId: string;
  customer: string;
}

export interface Redeem {
  /** Orders redeem once: a repeated order answers its first redemption. */
  orderDigest: string;
  customer: string;
  limits: Limits;
  reservationId: string | null;
  now: number;
}

export type RedeemOutcome =
  | { kind: 'created' | 'existing'; redemption: Redemption }
  | { kind: 'rejected'; code: RejectionCode };
export type HoldOutcome = { kind: 'held' } | { kind: 'rejected'; code: RejectionCode };

export type ReverseResult =
  | { kind: 'reversed'; redemption: Redemption }
  | { kind: 'missing' }
  | { kind: 'already_reversed' }
  | { kind: 'too_much'; left: number };

const flag = (on: boolean) => (on ? '1' : '0');

/** The API object (the customer's digest stays inside). */
function apiView({ customer_digest: _digest, ...redemption }: StoredRedemption): Redemption {
  return redemption;
}

/** A redemption and its reversals are counted in the buckets of the redemption's creation. */
function cohortOf(t: Tenant, r: Redemption, now: number) {
  const cohort = { programId: r.program_id, advocateId: r.advocate_id, code: r.code, at: Date.parse(r.created_at) };
  return cohortKeys(t, cohort, now);
}

async function readRedemption(redis: Redis, t: Tenant, id: string): Promise<Redemption | null> {
  const stored = redemptionCodec.decodeOrNull(await redis.get<string>(redisKeys.redemption(t, id)));
  return stored && apiView(stored);
}

async function redeem(redis: Redis, t: Tenant, redemption: Redemption, p: Redeem): Promise<RedeemOutcome> {
  const stats = cohortOf(t, redemption, p.now);
  const [kind, value] = await runScript(
    redis,
    REDEEM,
    [
      redisKeys.redemptionByOrder(t, p.orderDigest),
      redisKeys.codeUses(t, redemption.code),
      redisKeys.codeHolds(t, redemption.code),
      redisKeys.customerRedeemed(t, redemption.program_id, p.customer),
      redisKeys.redemption(t, redemption.id),
      redisKeys.reservation(t, p.reservationId ?? 'none'),
      redisKeys.knownCustomers(t),
      ...stats.map(([key]) => key),
    ],
    [
      redemption.id,
      redemptionCodec.encode({ ...redemption, customer_digest: p.customer }),
      p.limits.maxUses ?? -1,
      p.now,
      p.reservationId ?? '',
      p.customer,
      flag(p.limits.onePerCustomer),
      flag(p.limits.newCustomersOnly),
      ...stats.map(([, ttl]) => ttl),
    ],
  );
  if (kind === 'rejected') return { kind, code: value as RejectionCode };
  if (kind === 'created') return { kind, redemption };
  // The order was redeemed before (a retry): its redemption, as stored.
  const existing = await readRedemption(redis, t, value);
  if (!existing) throw new Error(`order index points at missing ${value}`);
  return { kind: 'existing', redemption: existing };
}

async function hold(
  redis: Redis,
  t: Tenant,
  programId: string,
  reservation: Reservation,
  limits: Limits,
  ttlMs: number,
  now: number,
): Promise<HoldOutcome> {
  const [kind, value] = await runScript(
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
      reservationCodec.encode(reservation),
      limits.maxUses ?? -1,
      now,
      now + ttlMs,
      ttlMs,
      reservation.customer,
      flag(limits.onePerCustomer),
      flag(limits.newCustomersOnly),
    ],
  );
  return kind === 'rejected' ? { kind, code: value as RejectionCode } : { kind: 'held' };
}

/** The read-only version of the checks, for validation without a hold (one round trip). */
async function peekLimits(
  redis: Redis,
  t: Tenant,
  use: CodeUse,
  limits: Limits,
  now: number,
): Promise<RejectionCode | null> {
  const p = redis.pipeline();
  p.get(redisKeys.codeUses(t, use.code));
  p.zcount(redisKeys.codeHolds(t, use.code), `(${now}`, '+inf');
  p.exists(redisKeys.customerRedeemed(t, use.programId, use.customer));
  p.sismember(redisKeys.knownCustomers(t), use.customer);
  const [uses, held, redeemed, known] = (await p.exec()) as [string | null, number, number, number];
  if (limits.onePerCustomer && Number(redeemed) === 1) return 'already_redeemed_by_customer';
  if (limits.newCustomersOnly && Number(known) === 1) return 'not_new_customer';
  if (limits.maxUses !== null && Number(uses ?? 0) + Number(held) >= limits.maxUses) return 'usage_limit_reached';
  return null;
}

/** A refund: partial adds to reversed_amount; reaching the full amount reverses and frees the use. */
async function reverse(
  redis: Redis,
  t: Tenant,
  id: string,
  amount: number | undefined,
  now: Date,
): Promise<ReverseResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<string>(redisKeys.redemption(t, id));
    if (!raw) return { kind: 'missing' };
    const stored = redemptionCodec.decode(raw);
    const step = reversalOf(stored, amount, now.toISOString());
    if (step.kind !== 'reversed') return step;
    const next = step.redemption;
    // A reward code's redemption is not a referral's: it was never counted, so neither is its reversal.
    const stats = isRewardCode(stored.code) ? [] : cohortOf(t, stored, now.getTime());
    const done = await runScript(
      redis,
      REVERSE,
      [
        redisKeys.redemption(t, id),
        redisKeys.codeUses(t, stored.code),
        redisKeys.customerRedeemed(t, stored.program_id, stored.customer_digest ?? ''),
        ...stats.map(([key]) => key),
      ],
      // Compare-and-set against the text read (never a re-encoding of it).
      [raw, redemptionCodec.encode(next), flag(step.full), id, ...stats.map(([, ttl]) => ttl)],
    );
    if (Number(done) === 1) return { kind: 'reversed', redemption: apiView(next) };
  }
  throw new Error(`reversal of ${id} kept conflicting`);
}

/** What checkout reads about a code's owners, in one round trip: its program and its advocate. */
async function codeParties(redis: Redis, t: Tenant, record: CodeRecord) {
  const p = redis.pipeline();
  p.get(redisKeys.program(t, record.program_id));
  p.get(redisKeys.advocate(t, record.advocate_id));
  const [program, advocate] = (await p.exec()) as [string | null, string | null];
  if (!program || !advocate) return null;
  return { program: programCodec.decode(program), advocate: advocateCodec.decode(advocate) };
}

/**
 * Redemptions of codes and the uses held at checkout (reservations). Code usage under concurrency:
 * every limit is checked and the redemption recorded in one script, so a code with N uses left
 * redeems exactly N times however many checkouts race. Holds count against the limit until they
 * expire, are redeemed or released.
 */
export const redemptionStore = defineStore((redis) => ({
  /** Redeems within the limits (a held use of this customer counts as theirs), once per order. */
  redeem: (t: Tenant, redemption: Redemption, p: Redeem) => redeem(redis, t, redemption, p),
  hold: (t: Tenant, programId: string, reservation: Reservation, limits: Limits, ttlMs: number, now: number) =>
    hold(redis, t, programId, reservation, limits, ttlMs, now),
  /** Gives a held use back; false when it had expired or been used already. */
  release: async (t: Tenant, r: Reservation) =>
    Number(
      await runScript(redis, RELEASE, [redisKeys.codeHolds(t, r.code), redisKeys.reservation(t, r.id)], [r.id]),
    ) === 1,
  /** A refund of the order (all that is left when `amount` is omitted), atomic with the use given back. */
  reverse: (t: Tenant, id: string, amount: number | undefined, now: Date) => reverse(redis, t, id, amount, now),
  get: (t: Tenant, id: string) => readRedemption(redis, t, id),
  reservation: async (t: Tenant, id: string) =>
    reservationCodec.decodeOrNull(await redis.get<string>(redisKeys.reservation(t, id))),
  /** Why the code's limits refuse this use now, without holding anything (null: they allow it). */
  peekLimits: (t: Tenant, use: CodeUse, limits: Limits, now: number) => peekLimits(redis, t, use, limits, now),
  /** A code's program and advocate (null when either is gone): read together, one round trip. */
  codeParties: (t: Tenant, record: CodeRecord) => codeParties(redis, t, record),
}));
export type RedemptionStore = ReturnType<typeof redemptionStore>;
