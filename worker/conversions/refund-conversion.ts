import { fulfilRewards } from '../fulfilment/fulfil-rewards.ts';
import { conversionStore, type RefundResult } from '../storage/conversions.ts';
import { type Publisher, publish, refundEvents, refundedEvents } from './publish-outcomes.ts';

export type { RefundResult };

/**
 * A refund of part or all of a converted order (the rest when `amount` is omitted): the same share
 * of every reward comes back (shared/core/refund-rewards.ts), in one atomic step with the
 * conversion; then its events. `upTo` brings the refunded total to that figure instead (a
 * redemption's reversals mirrored: asked again, it changes nothing and publishes again).
 */
export async function refundConversion(
  p: Publisher,
  id: string,
  amount: number | undefined,
  now: number,
  upTo?: number,
): Promise<RefundResult> {
  const store = conversionStore(p.env);
  const result = await store.refund(p.tenant, id, { amount, now, ...(upTo !== undefined ? { upTo } : {}) });
  if (result.kind === 'refunded') {
    await publish(p, refundEvents(result));
    // Store credit granted for these rewards comes back by the refunded share.
    await fulfilRewards(
      p,
      result.changed.map((c) => c.after),
      now,
    );
  }
  if (result.kind === 'too_much' && result.left === 0) {
    // A retried full refund: send again what a failure after the refund may have lost (same keys, sent once).
    const found = await store.get(p.tenant, id);
    if (found) await publish(p, refundedEvents(found.view));
  }
  return result;
}
