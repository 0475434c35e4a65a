import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { eraseCustomer } from '../../customers/erase-customer.ts';
import { conversionStore } from '../../storage/conversions.ts';
import type { Applied } from '../receive-event.ts';

// Shopify waits 5 seconds for an answer: one delivery scans pages of 100 conversions (3 round trips
// each) and erases customers for about 3 seconds (each erasure is a few dozen round trips).
const PAGES = 50;
const ERASING_MS = 3000;

/**
 * More of the shop's customers remain to be erased: the claim on the event is given back and
 * Shopify's retry continues (customers already erased are found no more).
 */
export class ShopErasureContinues extends Error {
  override name = 'ShopErasureContinues';
}

/**
 * shop/redact: 48 hours after an uninstall, Shopify asks for the shop's customer data to be erased.
 * The people Vouch holds from the shop are the customers of the orders it sent (orders/paid): each
 * is erased as customers/redact would (money records kept, the person replaced by a marker).
 */
export async function applyShopRedact(p: Publisher, request: { shop_domain: string }, now: number): Promise<Applied> {
  const started = Date.now();
  const { customers, complete } = await shopCustomers(p);
  let erased = 0;
  for (const id of customers) {
    if (erased > 0 && Date.now() - started > ERASING_MS) {
      const left = customers.length - erased;
      throw new ShopErasureContinues(`Erased ${erased} of the shop's customers, ${left} remain: continued on retry.`);
    }
    await eraseCustomer(p, id, now);
    erased++;
  }
  const unscanned = complete ? '' : ` Conversions past the first ${PAGES * 100} were not scanned.`;
  return {
    outcome: 'applied',
    detail: `Shop data erased for ${request.shop_domain.slice(0, 80)}: ${erased} customers.${unscanned}`,
  };
}

/** The distinct customers of Shopify orders not erased yet, and whether every conversion was scanned. */
async function shopCustomers(p: Publisher): Promise<{ customers: string[]; complete: boolean }> {
  const store = conversionStore(p.env);
  const customers = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < PAGES; page++) {
    const { conversions, hasMore } = await store.list(p.tenant, undefined, 100, after);
    for (const c of conversions) {
      if (c.order_id?.startsWith('shopify_order_') && !c.customer_external_id.startsWith('erased_')) {
        customers.add(c.customer_external_id);
      }
    }
    if (!hasMore || conversions.length === 0) return { customers: [...customers], complete: true };
    after = conversions.at(-1)!.id;
  }
  return { customers: [...customers], complete: false };
}
