import type { Publisher } from '../conversions/publish-outcomes.ts';
import { type RenewalInput, recordRenewal } from '../conversions/renewals.ts';
import { linkRefundRef } from './provider-orders.ts';
import type { Applied } from './receive-event.ts';

/**
 * A provider's paid renewal invoice (Stripe invoice.paid, `subscription_cycle`): recorded as a
 * renewal of its referred subscription (worker/conversions/renewals.ts: unattributed when not
 * referred, ignored once ended, rewarded while the program's recurring setting covers it), then its
 * invoice linked by what its refunds name, so a refund claws back this renewal's own reward (and
 * refunds that arrived first apply now).
 */
export async function ingestRenewal(p: Publisher, r: RenewalInput, now: number): Promise<Applied> {
  const { applied, conversion } = await recordRenewal(p, r, now);
  if (conversion) await linkRefundRef(p, r.provider, r.refundRef, conversion.id, now);
  return applied;
}
