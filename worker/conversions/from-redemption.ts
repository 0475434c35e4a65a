import type { Redemption } from '../../shared/schemas/redemption.ts';
import { conversionStore } from '../storage/conversions.ts';
import type { ConversionInput, KnownCode } from './attribute.ts';
import { type CreateOptions, createConversion } from './create-conversion.ts';
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
  read: Pick<CreateOptions, 'known' | 'credit'>,
  now: number,
): Promise<void> {
  await createConversion(p, redemptionSale({ ...redemption, customer }), now, { viaRedemption: true, ...read });
}

/** The sale a redemption is: its order, its customer (an id, or the email as one), its code. */
export function redemptionSale(r: {
  order_id: string;
  order: { amount: number; currency: string };
  code: string;
  customer: RedemptionCustomer;
}): ConversionInput {
  const { customer } = r;
  return {
    type: 'sale',
    order_id: r.order_id,
    customer: {
      external_id: customer.external_id ?? `email:${customer.email!.toLowerCase()}`,
      ...(customer.email ? { email: customer.email } : {}),
    },
    amount: r.order.amount,
    currency: r.order.currency,
    code: r.code,
  };
}

/** A redemption's refunds, mirrored on its conversion's rewards (up to the reversed total). */
export async function refundRedemption(p: Publisher, redemption: Redemption, now: number): Promise<void> {
  const key = await naturalKey({ order_id: redemption.order_id, customer: { external_id: '' } });
  const conversionId = await conversionStore(p.env).idForKey(p.tenant, key);
  if (!conversionId) return;
  await refundConversion(p, conversionId, undefined, now, redemption.reversed_amount);
}
