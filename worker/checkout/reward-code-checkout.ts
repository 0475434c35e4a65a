import type * as z from 'zod';
import { rewardCodeRejection } from '../../shared/core/code-rules.ts';
import { rewardCodeDiscount } from '../../shared/core/offers.ts';
import type { RedemptionCreate, ValidateCode, Validation } from '../../shared/schemas/redemption.ts';
import type { Publisher } from '../conversions/publish-outcomes.ts';
import { settleRewardCodeUse } from '../integrations/reward-code-orders.ts';
import { useRewardCode } from '../reward-codes/use-reward-code.ts';
import { rewardCodeStore } from '../storage/reward-codes.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { REJECTION_MESSAGES, rejected } from './evaluate-code.ts';

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

/**
 * Redeems a reward code for an order, once: the code's own discount, no conversion, referral or
 * reward for anyone. Its reward becomes `paid` (the advocate got it), with reward.paid; a retry of the
 * same order answers the first redemption and publishes again what a failure cut short. Null when `code`
 * is not a reward code here.
 */
export async function redeemRewardCode(p: Publisher, code: string, input: Input, now: number) {
  const use = await useRewardCode(p, code, input, now);
  if (!use) return null;
  if (use.kind === 'rejected') throw rejected(use.code);
  await settleRewardCodeUse(p, code, use, now);
  return { redemption: use.redemption, created: use.created };
}
