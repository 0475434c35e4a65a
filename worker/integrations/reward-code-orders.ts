import { isId } from '../../shared/ids.ts';
import { type Publisher, publish, rewardEvents } from '../conversions/publish-outcomes.ts';
import { type RewardCodeUse, useRewardCode } from '../reward-codes/use-reward-code.ts';
import { moveReward } from '../rewards/move-reward.ts';
import { syncCodeLater } from './coupon-sync/sync-code.ts';
import type { ProviderOrder } from './provider-orders.ts';

type Used = Extract<RewardCodeUse, { kind: 'used' }>;

/**
 * What follows a reward code's use, through the API or a provider's order: redemption.created and reward.paid
 * (stable keys: a retry sends again what a failure cut short, never twice), the reward's move completed when
 * a failure cut it short, and the code's copies at connected checkouts used up (after the response).
 */
export async function settleRewardCodeUse(p: Publisher, code: string, use: Used, now: number): Promise<void> {
  const { redemption, change, reference } = use;
  const event = { type: 'redemption.created', key: `redemption.created:${redemption.id}`, data: redemption } as const;
  await publish(p, [event, ...(change ? rewardEvents([change]) : [])]);
  if (!change && isId('reward', reference)) {
    await moveReward(p, reference, 'mark_paid', `reward code ${code} redeemed`, now);
  }
  syncCodeLater(p.env, p.ctx, p.tenant, code);
}

/**
 * A reward code used at the merchant's Stripe Checkout or Shopify store: redeemed in Vouch as through the API
 * (code used, reward paid, once per order: a redelivery answers the same redemption), with the provider's
 * order id, so a later API redemption of the code is refused. The provider already gave the discount: only
 * the single use is checked, expiry as of the payment. Null when `code` is not a reward code of this tenant;
 * else whether it was used for this order and what happened, in words for the integration's log.
 */
export async function redeemOrderRewardCode(
  p: Publisher,
  code: string,
  order: ProviderOrder,
  now: number,
): Promise<{ used: boolean; detail: string } | null> {
  const input = {
    code,
    order_id: order.orderId,
    customer: order.customer,
    // The total before the discount, as the API takes it (the provider reports what was paid, and the discount).
    order: { amount: order.amount + (order.discountAmount ?? 0), currency: order.currency },
  };
  const use = await useRewardCode(p, code, input, now, { at: order.occurredAt });
  if (!use) return null;
  if (use.kind === 'rejected') {
    return { used: false, detail: `Reward code ${code} not redeemed (${use.code}): nothing paid for it.` };
  }
  await settleRewardCodeUse(p, code, use, now);
  const paid = isId('reward', use.reference) ? `, reward ${use.reference} paid` : '';
  const detail = use.created
    ? `Reward code ${code} redeemed as ${use.redemption.id}${paid}.`
    : `Reward code ${code} was redeemed for this order before (${use.redemption.id}).`;
  return { used: true, detail };
}
