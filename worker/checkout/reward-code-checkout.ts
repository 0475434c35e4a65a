import type * as z from 'zod';
import { rewardCodeRejection } from '../../shared/core/code-rules.ts';
import { rewardCodeDiscount } from '../../shared/core/offers.ts';
import { applyMove, blockedByPayout } from '../../shared/core/reward-moves.ts';
import { isId } from '../../shared/ids.ts';
import type { Redemption, RedemptionCreate, ValidateCode, Validation } from '../../shared/schemas/redemption.ts';
import { type Publisher, publish, type RewardChange, rewardEvents } from '../conversions/publish-outcomes.ts';
import { syncCodeLater } from '../integrations/coupon-sync/sync-code.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { moveReward } from '../rewards/move-reward.ts';
import { redemptionStore } from '../storage/redemptions.ts';
import { type ReadRewardCode, type RewardCodeRecord, rewardCodeStore } from '../storage/reward-codes.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { newRedemption, REJECTION_MESSAGES, rejected } from './evaluate-code.ts';

type Input = z.infer<typeof RedemptionCreate>;

/**
 * A reward code's validation: its own discount, valid until used, disabled or expired (no program
 * limits, no referral rules: it is the advocate's reward, not a referral). A `reserve` holds nothing:
 * the code has one use, taken by the first redemption. Null when `code` is not a reward code here.
 */
export async function validateRewardCode(
  env: StoreEnv,
  tenant: Tenant,
  code: string,
  input: z.infer<typeof ValidateCode>,
  now: number,
): Promise<Validation | null> {
  const read = await rewardCodeStore(env).read(tenant, code);
  if (!read) return null;
  const r = read.record;
  const no = rewardCodeRejection(r, input.order, now);
  if (no) return { valid: false, code, reason: { code: no, message: REJECTION_MESSAGES[no] } };
  return { valid: true, code, program_id: r.program_id, discount: rewardCodeDiscount(r, input.order.amount) };
}

type Redeemed = { redemption: Redemption; created: boolean; change: RewardChange | null };

/**
 * The code's reward moved to paid by this use, read fresh (null: not a reward's code, gone, or paid already).
 * A reward voided before the use refuses the code even while its code is still active (the void's disabling
 * of it may not have run yet): the move is compare-and-set with the use, so a void and a use never both win.
 */
async function paidWithUse(p: Publisher, r: RewardCodeRecord, now: number) {
  if (!isId('reward', r.reference)) return null;
  const read = await rewardCodeStore(p.env).reward(p.tenant, r.reference);
  if (!read) return null;
  const after = applyMove(read.reward, 'mark_paid', `reward code ${r.code} redeemed`, now);
  if (after === 'unchanged') return null;
  if (after === 'not_allowed' || blockedByPayout(read.reward, 'mark_paid')) throw rejected('code_disabled');
  return { read, after };
}

/** The one use, taken by compare-and-set: of racing checkouts one writes, the others read it used. */
async function takeUse(p: Publisher, first: ReadRewardCode, input: Input, now: number): Promise<Redeemed> {
  const store = rewardCodeStore(p.env);
  const orderDigest = (await sha256Hex(`reward-order:${input.order_id}`)).slice(0, 40);
  const customer = await customerDigest(input.customer);
  let read: ReadRewardCode | null = first;
  for (let attempt = 0; attempt < 8 && read; attempt++) {
    const r: RewardCodeRecord = read.record;
    const no = rewardCodeRejection(r, input.order, now, orderDigest);
    if (no) throw rejected(no);
    if (r.status === 'redeemed' && r.redemption_id) {
      // This very order, again: its redemption, as stored.
      const existing = await redemptionStore(p.env).get(p.tenant, r.redemption_id);
      if (!existing) throw new Error(`reward code ${r.code} points at missing ${r.redemption_id}`);
      return { redemption: existing, created: false, change: null };
    }
    const paid = await paidWithUse(p, r, now);
    const discount = rewardCodeDiscount(r, input.order.amount);
    const redemption = newRedemption(p.tenant, r, input, discount, now);
    const at = redemption.created_at;
    const next = { ...r, status: 'redeemed' as const, redemption_id: redemption.id, order_digest: orderDigest };
    if (await store.redeem(p.tenant, read, { ...next, updated_at: at }, redemption, customer, paid)) {
      return { redemption, created: true, change: paid && { before: paid.read.reward, after: paid.after } };
    }
    read = await store.read(p.tenant, r.code);
  }
  throw new Error(`redemption of reward code ${first.record.code} kept conflicting`);
}

/**
 * Redeems a reward code for an order, once: the code's own discount, no conversion, referral or
 * reward for anyone. Its reward becomes `paid` (the advocate got it), with reward.paid; a retry of the
 * same order answers the first redemption and publishes again what a failure cut short. Null when `code`
 * is not a reward code here.
 */
export async function redeemRewardCode(p: Publisher, code: string, input: Input, now: number) {
  const read = await rewardCodeStore(p.env).read(p.tenant, code);
  if (!read) return null;
  const { redemption, created, change } = await takeUse(p, read, input, now);
  const event = { type: 'redemption.created', key: `redemption.created:${redemption.id}`, data: redemption } as const;
  await publish(p, [event, ...(change ? rewardEvents([change]) : [])]);
  const reference = read.record.reference;
  // A retry (or a reward paid before): completes a move a failure cut short and publishes its event again.
  if (!change && isId('reward', reference)) {
    await moveReward(p, reference, 'mark_paid', `reward code ${code} redeemed`, now);
  }
  // The copy at a connected checkout is used up too.
  syncCodeLater(p.env, p.ctx, p.tenant, code);
  return { redemption, created };
}
