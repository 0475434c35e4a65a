import type * as z from 'zod';
import { rewardCodeRejection } from '../../shared/core/code-rules.ts';
import { rewardCodeDiscount } from '../../shared/core/offers.ts';
import { applyMove, blockedByPayout } from '../../shared/core/reward-moves.ts';
import { isId } from '../../shared/ids.ts';
import type { Redemption, RedemptionCreate, RejectionCode } from '../../shared/schemas/redemption.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { newId } from '../lib/ids.ts';
import { redemptionStore } from '../storage/redemptions.ts';
import { type ReadRewardCode, type RewardCodeRecord, rewardCodeStore } from '../storage/reward-codes.ts';
import type { RewardChange } from '../storage/rewards.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

type Input = z.infer<typeof RedemptionCreate>;
type User = { env: StoreEnv; tenant: Tenant };

/** What a use of a reward code came to: refused, or its redemption (`created` false: this order's, from before). */
export type RewardCodeUse =
  | { kind: 'rejected'; code: RejectionCode }
  | { kind: 'used'; redemption: Redemption; created: boolean; change: RewardChange | null; reference: string };

/**
 * A use whose discount a provider's checkout (Stripe, Shopify) already gave when the order was paid, at `at`:
 * only the code's single use counts then (not the order's currency), its expiry as of the payment.
 */
interface GivenAt {
  at: number;
}

/** A redemption of a reward code for this order, as the API shows it: the code's own discount. */
function newRewardRedemption(t: Tenant, r: RewardCodeRecord, input: Input, now: number): Redemption {
  const at = new Date(now).toISOString();
  const discount = rewardCodeDiscount(r, input.order.amount);
  const of = { code: r.code, program_id: r.program_id, advocate_id: r.advocate_id };
  const state = { status: 'redeemed' as const, reversed_amount: 0, created_at: at, updated_at: at };
  return {
    id: newId('redemption', now),
    object: 'redemption',
    livemode: t.mode === 'live',
    ...of,
    ...state,
    discount,
    order_id: input.order_id,
    order: input.order,
  };
}

/**
 * The code's reward moved to paid by this use, read fresh (null: not a reward's code, gone, or paid already;
 * 'refused': voided, or in a payout). A reward voided before the use refuses the code even while its code is
 * still active (the void's disabling of it may not have run yet): the move is compare-and-set with the use,
 * so a void and a use never both win.
 */
async function paidWithUse(u: User, r: RewardCodeRecord, now: number) {
  if (!isId('reward', r.reference)) return null;
  const read = await rewardCodeStore(u.env).reward(u.tenant, r.reference);
  if (!read) return null;
  const after = applyMove(read.reward, 'mark_paid', `reward code ${r.code} redeemed`, now);
  if (after === 'unchanged') return null;
  if (after === 'not_allowed' || blockedByPayout(read.reward, 'mark_paid')) return 'refused' as const;
  return { read, after };
}

/**
 * Why the code cannot be used on this order. Given at a provider's checkout, the discount was already given: a
 * currency the provider converted is no reason, and the expiry counts at the payment (webhooks come days late).
 */
function rejectionOf(r: RewardCodeRecord, input: Input, now: number, digest: string, given?: GivenAt) {
  if (!given) return rewardCodeRejection(r, input.order, now, digest);
  return rewardCodeRejection(r, { ...input.order, currency: r.currency }, given.at, digest);
}

/** The one use, taken by compare-and-set: of racing checkouts one writes, the others read it used. */
async function takeUse(u: User, first: ReadRewardCode, input: Input, now: number, given?: GivenAt) {
  const store = rewardCodeStore(u.env);
  const orderDigest = (await sha256Hex(`reward-order:${input.order_id}`)).slice(0, 40);
  const customer = await customerDigest(input.customer);
  const reference = first.record.reference;
  let read: ReadRewardCode | null = first;
  for (let attempt = 0; attempt < 8 && read; attempt++) {
    const r: RewardCodeRecord = read.record;
    const no = rejectionOf(r, input, now, orderDigest, given);
    if (no) return { kind: 'rejected', code: no } as const;
    if (r.status === 'redeemed' && r.redemption_id) {
      // This very order, again: its redemption, as stored.
      const existing = await redemptionStore(u.env).get(u.tenant, r.redemption_id);
      if (!existing) throw new Error(`reward code ${r.code} points at missing ${r.redemption_id}`);
      return { kind: 'used', redemption: existing, created: false, change: null, reference } as const;
    }
    const paid = await paidWithUse(u, r, now);
    if (paid === 'refused') return { kind: 'rejected', code: 'code_disabled' } as const;
    const redemption = newRewardRedemption(u.tenant, r, input, now);
    const next = { ...r, status: 'redeemed' as const, redemption_id: redemption.id, order_digest: orderDigest };
    if (
      await store.redeem(u.tenant, read, { ...next, updated_at: redemption.created_at }, redemption, customer, paid)
    ) {
      const change = paid && { before: paid.read.reward, after: paid.after };
      return { kind: 'used', redemption, created: true, change, reference } as const;
    }
    read = await store.read(u.tenant, r.code);
  }
  throw new Error(`redemption of reward code ${first.record.code} kept conflicting`);
}

/**
 * Uses a reward code for an order, once, in one atomic step: the code marked used, its redemption written and
 * its reward moved approved -> paid (the advocate got it). The same order again answers its first redemption.
 * No conversion, referral or reward for anyone. Null when `code` is not a reward code of this tenant. The
 * caller publishes (redemption.created, reward.paid) and syncs the code's copies at connected checkouts.
 */
export async function useRewardCode(
  u: User,
  code: string,
  input: Input,
  now: number,
  given?: GivenAt,
): Promise<RewardCodeUse | null> {
  const read = await rewardCodeStore(u.env).read(u.tenant, code);
  return read ? takeUse(u, read, input, now, given) : null;
}
