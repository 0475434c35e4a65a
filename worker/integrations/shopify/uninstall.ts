import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { type IntegrationRecord, integrationStore } from '../../storage/integrations.ts';
import type { Applied } from '../receive-event.ts';

/**
 * app/uninstalled: the shop removed the app, so the connection is marked disconnected (kept, with
 * when, for the console; its sealed secret still verifies the privacy topics Shopify sends after an
 * uninstall). Other deliveries are refused with 404 until the merchant connects again. Only the
 * connection first read is marked: one the merchant made meanwhile (new secrets) is left connected.
 */
export async function disconnectShop(p: Publisher, now: number): Promise<Applied> {
  const at = new Date(now).toISOString();
  let read: IntegrationRecord | undefined;
  const written = await integrationStore(p.env).update(p.tenant, 'shopify', (current) => {
    read ??= current;
    if (current.status !== 'connected' || current.secret_box !== read.secret_box) return null;
    return { ...current, status: 'disconnected', disconnected_at: at };
  });
  if (!written) return { outcome: 'ignored', detail: 'Already disconnected, or connected again since.' };
  return { outcome: 'applied', detail: `The app was uninstalled from ${written.shop_domain}: Shopify disconnected.` };
}
