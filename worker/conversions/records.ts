import { sha256Hex } from '../lib/crypto.ts';

// The stored conversion's shape and codec are the storage layer's (worker/storage/conversions.ts).
export type { StoredConversion } from '../storage/conversions.ts';

/** The natural key of a conversion: its order, or (for a signup without order) the customer. */
export async function naturalKey(input: {
  order_id?: string | undefined;
  customer: { external_id: string };
}): Promise<string> {
  return (
    await sha256Hex(input.order_id !== undefined ? `order:${input.order_id}` : `signup:${input.customer.external_id}`)
  ).slice(0, 40);
}
