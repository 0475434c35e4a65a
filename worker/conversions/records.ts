import { sha256Hex } from '../lib/crypto.ts';

/** The natural key of a conversion: its order, or (for a signup without order) the customer. */
export async function naturalKey(input: {
  order_id?: string | undefined;
  customer: { external_id: string };
}): Promise<string> {
  return (
    await sha256Hex(input.order_id !== undefined ? `order:${input.order_id}` : `signup:${input.customer.external_id}`)
  ).slice(0, 40);
}
