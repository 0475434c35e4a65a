import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { eraseCustomer } from '../../customers/erase-customer.ts';
import { exportCustomer } from '../../customers/export-customer.ts';
import type { Applied } from '../receive-event.ts';
import type { ShopifyCustomerRequest } from './payloads.ts';

/**
 * Shopify's mandatory compliance topics. A Shopify customer is known here by their Shopify id,
 * and a guest checkout by their email (how orders/paid names them): a request covers both.
 */
function customerIds(request: ShopifyCustomerRequest): string[] {
  const ids: string[] = [];
  if (request.customer.id) ids.push(`shopify_customer_${request.customer.id}`);
  const email = request.customer.email?.trim().toLowerCase();
  if (email) ids.push(`email:${email}`);
  return ids;
}

/**
 * customers/data_request: Shopify asks the app to give the merchant what it holds about a
 * customer. The export is assembled (so the answer says what there is) and the merchant is pointed
 * to where it is served: GET /v1/customers/{id}/export.
 */
export async function applyDataRequest(p: Publisher, request: ShopifyCustomerRequest): Promise<Applied> {
  const held: string[] = [];
  for (const id of customerIds(request)) {
    const data = await exportCustomer(p.env, p.tenant, id);
    const records = data.as_advocate.length + data.as_friend.conversions.length + data.as_friend.redemptions.length;
    if (records > 0) held.push(`GET /v1/customers/${encodeURIComponent(id)}/export`);
  }
  if (held.length === 0)
    return { outcome: 'applied', detail: 'Data request: Vouch holds nothing about this customer.' };
  return { outcome: 'applied', detail: `Data request: send the customer what ${held.join(' and ')} answers.` };
}

/** customers/redact: the customer's personal data is erased (money records kept without it). */
export async function applyCustomerRedact(
  p: Publisher,
  request: ShopifyCustomerRequest,
  now: number,
): Promise<Applied> {
  const ids = customerIds(request);
  const erased: string[] = [];
  for (const id of ids) {
    const result = await eraseCustomer(p, id, now);
    erased.push(`${result.erased_as} (${Object.values(result.counts).reduce((a, b) => a + b, 0)} records)`);
  }
  if (erased.length === 0) return { outcome: 'ignored', detail: 'Redact request names no customer.' };
  return { outcome: 'applied', detail: `Customer erased as ${erased.join(' and ')}.` };
}
