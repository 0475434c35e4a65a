import type { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** An invoice's payments wait this long for the invoice's conversion (Stripe retries a delivery for 3 days). */
const PAYMENTS_TTL_SECONDS = 90 * 86400;

/** What is known of an invoice's payments: their references and the conversion the invoice became, if any. */
export interface InvoicePayments {
  conversionId: string | null;
  refundRefs: string[];
}

/**
 * The payments of a provider's invoices (Stripe sends an invoice and the payment that paid it as two events,
 * in either order): what refunds will name each by, kept with the invoice id. The invoice's conversion is
 * the provider order link of its id (worker/storage/provider-orders.ts: an invoice's order is linked by its
 * id), read in the same step, so a payment and its invoice arriving at once never both miss each other:
 * each records itself, then reads the other.
 */
export const invoicePaymentStore = defineStore((redis) => ({
  /** Adds a payment of the invoice and answers the invoice's conversion, if recorded. One MULTI. */
  add: async (t: Tenant, provider: IntegrationProvider, invoiceId: string, refundRef: string) => {
    const key = redisKeys.providerInvoicePayments(t, provider, invoiceId);
    const tx = redis.multi();
    tx.sadd(key, refundRef);
    tx.expire(key, PAYMENTS_TTL_SECONDS);
    tx.get(redisKeys.providerOrderLink(t, provider, invoiceId));
    const [, , linked] = (await tx.exec()) as [number, number, string | null];
    return linked ?? null;
  },

  /** The invoice's payments known so far and its conversion. One round trip. */
  get: async (t: Tenant, provider: IntegrationProvider, invoiceId: string): Promise<InvoicePayments> => {
    const tx = redis.multi();
    tx.smembers(redisKeys.providerInvoicePayments(t, provider, invoiceId));
    tx.get(redisKeys.providerOrderLink(t, provider, invoiceId));
    const [refundRefs, linked] = (await tx.exec()) as [string[], string | null];
    return { conversionId: linked ?? null, refundRefs };
  },
}));
