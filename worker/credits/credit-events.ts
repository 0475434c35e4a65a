import type { CreditEntry } from '../../shared/schemas/credit.ts';
import type { Tenant } from '../tenant.ts';
import { publishEvents } from '../webhooks/publish-events.ts';

/** Who publishes (the shape of conversions' Publisher: credits sit below conversions and rewards, which call them). */
export type CreditPublisher = { env: Env; ctx: { waitUntil(p: Promise<unknown>): void }; tenant: Tenant };

/**
 * `credit.changed` for an entry, keyed by the entry: a retry that finds the entry already written
 * publishes it again, which sends what a failure after the write lost, and never twice. A failure to
 * publish is logged, not thrown: the credit is already right, and the retry sends the event.
 */
export async function publishCreditChange(p: CreditPublisher, externalId: string, entry: CreditEntry | null) {
  if (!entry) return;
  const data = { object: 'credit_change' as const, external_id: externalId, entry };
  try {
    await publishEvents(p.env, p.ctx, p.tenant, [{ type: 'credit.changed', key: `credit.changed:${entry.id}`, data }]);
  } catch (err) {
    console.error('event publishing failed', entry.id, err instanceof Error ? err.message.slice(0, 200) : String(err));
  }
}
