import type { Redemption } from '../../shared/schemas/redemption.ts';
import { conversionStore } from '../storage/conversions.ts';
import type { KnownCode } from './attribute.ts';
import { createConversion } from './create-conversion.ts';
import type { Publisher } from './publish-outcomes.ts';
import { naturalKey } from './records.ts';
import { refundConversion } from './refund-conversion.ts';

/** The redeeming customer as checkout has them: an id, or an email. */
export type RedemptionCustomer = { external_id?: string | undefined; email?: string | undefined };
export type { KnownCode };

/**
 * A redeemed referral code is a conversion too: merchants who only redeem codes still get the
 * referral, the fraud checks and the rewards. Keyed by the order id, like the redemption, so a
 * retried redemption (which finds its order redeemed) completes a conversion a failure cut short.
 */
export async function convertRedemption(
  p: Publisher,
  redemption: Redemption,
  customer: RedemptionCustomer,
  known: KnownCode | undefined,
  now: number,
): Promise<void> {
  await createConversion(
    p,
    {
      type: 'sale',
      order_id: redemption.order_id,
      customer: {
        external_id: customer.external_id ?? `email:${customer.email!.toLowerCase()}`,
        ...(customer.email ? { email: customer.email } : {}),
      },
      amount: redemption.order.amount,
      currency: redemption.order.currency,
      code: redemption.code,
    },
    now,
    { viaRedemption: true, known },
  );
}

/** A redemption's refunds, mirrored on its conversion's rewards (up to the reversed total). */
export async function refundRedemption(p: Publisher, redemption: Redemption, now: number): Promise<void> {
  const key = await naturalKey({ order_id: redemption.order_id, customer: { external_id: '' } });
  const conversionId = await conversionStore(p.env).idForKey(p.tenant, key);
  if (!conversionId) return;
  await refundConversion(p, conversionId, undefined, now, redemption.reversed_amount);
}
