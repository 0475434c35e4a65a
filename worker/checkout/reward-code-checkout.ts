import type * as z from 'zod';
import { rewardCodeRejection } from '../../shared/core/code-rules.ts';
import { rewardCodeDiscount } from '../../shared/core/offers.ts';
import { isId } from '../../shared/ids.ts';
import type { Redemption, RedemptionCreate, ValidateCode, Validation } from '../../shared/schemas/redemption.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
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

type Redeemed = { redemption: Redemption; created: boolean };

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
      return { redemption: existing, created: false };
    }
    const discount = rewardCodeDiscount(r, input.order.amount);
    const redemption = newRedemption(p.tenant, r, input, discount, now);
    const at = redemption.created_at;
    const next = { ...r, status: 'redeemed' as const, redemption_id: redemption.id, order_digest: orderDigest };
    if (await store.redeem(p.tenant, read, { ...next, updated_at: at }, redemption, customer)) {
      return { redemption, created: true };
    }
    read = await store.read(p.tenant, r.code);
  }
  throw new Error(`redemption of reward code ${first.record.code} kept conflicting`);
}

/**
 * Redeems a reward code for an order, once: the code's own discount, no conversion, referral or
 * reward for anyone. Its reward becomes `paid` (the advocate got it), with reward.paid; a retry of the
 * same order answers the first redemption and completes what a failure cut short. Null when `code`
 * is not a reward code here.
 */
export async function redeemRewardCode(p: Publisher, code: string, input: Input, now: number) {
  const read = await rewardCodeStore(p.env).read(p.tenant, code);
  if (!read) return null;
  const result = await takeUse(p, read, input, now);
  const { redemption } = result;
  const event = { type: 'redemption.created', key: `redemption.created:${redemption.id}`, data: redemption } as const;
  await publish(p, [event]);
  const reference = read.record.reference;
  if (isId('reward', reference)) await moveReward(p, reference, 'mark_paid', `reward code ${code} redeemed`, now);
  // The copy at a connected checkout is used up too.
  syncCodeLater(p.env, p.ctx, p.tenant, code);
  return result;
}
