import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { integrationStore } from '../../storage/integrations.ts';
import type { Applied } from '../receive-event.ts';

/**
 * app/uninstalled: the shop removed the app, so the connection is marked disconnected (kept, with
 * when, for the console); later deliveries are refused with 404 until the merchant connects again.
 */
export async function disconnectShop(p: Publisher, now: number): Promise<Applied> {
  const store = integrationStore(p.env);
  const record = await store.get(p.tenant, 'shopify');
  if (!record || record.status === 'disconnected') return { outcome: 'ignored', detail: 'Already disconnected.' };
  const at = new Date(now).toISOString();
  await store.put(p.tenant, { ...record, status: 'disconnected', disconnected_at: at });
  return { outcome: 'applied', detail: `The app was uninstalled from ${record.shop_domain}: Shopify disconnected.` };
}
