import type { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { PROVIDER_REFUNDS_RECORD } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** Refunds of an order not seen yet wait this long for it (Stripe retries a delivery for 3 days). */
const UNLINKED_TTL_SECONDS = 90 * 86400;

/** One refund fact as a provider reports it. */
export type RefundFact =
  /** One refund, by its id: refunds of an order add up. */
  | { kind: 'refund'; id: string; amount: number }
  /** A charge's running refunded total (Stripe `amount_refunded`): the largest seen counts. */
  | { kind: 'charge'; id: string; amount: number }
  /** The whole order (a cancellation). */
  | { kind: 'full' };

/** What is known of a provider order's refunds after a fact or a link was recorded. */
export interface OrderRefunds {
  /** The conversion the order became, or null while its payment has not arrived. */
  conversionId: string | null;
  /** Σ refunds by id and Σ charges' running totals: two views of one history (Stripe sends both). */
  byRefund: number;
  byCharge: number;
  full: boolean;
}

/**
 * Provider orders (Stripe, Shopify) by what their refunds name them: the conversion each became,
 * and the refunds received, kept before the order's payment arrives too. Every call is one script:
 * it records and reads back the totals and the link together, so a refund and its order's payment
 * arriving at once never both miss each other.
 */
export const providerOrderStore = defineStore((redis) => {
  type Kind = 'refund' | 'charge' | 'full' | 'link';
  const run = async (t: Tenant, provider: IntegrationProvider, refundRef: string, kind: Kind, id = '', amount = 0) => {
    const keys: [string, string] = [
      redisKeys.providerOrderRefunds(t, provider, refundRef),
      redisKeys.providerOrderLink(t, provider, refundRef),
    ];
    const args: [Kind, string, number, number] = [kind, id, amount, UNLINKED_TTL_SECONDS];
    const [linked, byRefund, byCharge, full] = await runScript(redis, PROVIDER_REFUNDS_RECORD, keys, args);
    const conversionId = String(linked);
    return {
      conversionId: conversionId === '' ? null : conversionId,
      byRefund: Number(byRefund),
      byCharge: Number(byCharge),
      full: Number(full) === 1,
    } satisfies OrderRefunds;
  };
  return {
    /** Records a refund fact (again: no change) and answers the order's refunds and link. */
    recordRefund: (t: Tenant, provider: IntegrationProvider, refundRef: string, fact: RefundFact) =>
      fact.kind === 'full'
        ? run(t, provider, refundRef, 'full')
        : run(t, provider, refundRef, fact.kind, fact.id, fact.amount),

    /**
     * Links the order to its conversion (the first link stands) and answers its refunds so far, with
     * the conversion it is linked to.
     */
    link: (t: Tenant, provider: IntegrationProvider, refundRef: string, conversionId: string) =>
      run(t, provider, refundRef, 'link', conversionId),
  };
});
