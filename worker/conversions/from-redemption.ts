import type { Redemption } from '../../shared/schemas/redemption.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { createConversion, type CreateOptions } from './create-conversion.ts';
import { conversionView, getReferral, naturalKey } from './records.ts';
import { conversionEvents, publish, refundEvents } from './publish-outcomes.ts';
import { refundConversion } from './refund-conversion.ts';

type Publisher = Parameters<typeof publish>[0];

/**
 * A redeemed referral code is a conversion too: merchants who only redeem codes still get the
 * referral, the fraud checks and the rewards. Keyed by the order id, like the redemption, so a
 * retried redemption (which finds its order redeemed) completes a conversion a failure cut short.
 */
export async function convertRedemption(
  redis: Redis,
  p: Publisher,
  redemption: Redemption,
  customer: { external_id?: string | undefined; email?: string | undefined },
  known: CreateOptions['known'],
  now: number,
): Promise<void> {
  const result = await createConversion(
    redis,
    p.tenant,
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
  if (result.kind === 'unattributed') return;
  const view = conversionView(result.conversion, result.rewards);
  const referral = result.kind === 'created' ? result.referral : await getReferral(redis, p.tenant, view.referral_id);
  await publish(p, conversionEvents(view, referral, result.kind === 'created' ? result.tierChange : null));
}

/** A redemption's refunds, mirrored on its conversion's rewards (up to the reversed total). */
export async function refundRedemption(redis: Redis, p: Publisher, redemption: Redemption, now: number): Promise<void> {
  const conversionId = await redis.get<string>(
    redisKeys.conversionByKey(
      p.tenant,
      await naturalKey({ order_id: redemption.order_id, customer: { external_id: '' } }),
    ),
  );
  if (!conversionId) return;
  const result = await refundConversion(redis, p.tenant, conversionId, undefined, now, {
    upTo: redemption.reversed_amount,
  });
  if (result.kind === 'refunded') await publish(p, refundEvents(result));
}
