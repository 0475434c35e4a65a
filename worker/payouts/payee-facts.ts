import type { PayeeFacts } from '../../shared/core/payouts.ts';
import { advocateStore } from '../storage/advocates.ts';
import { payoutDetailsStore } from '../storage/payout-details.ts';
import type { Tenant } from '../tenant.ts';

/**
 * What the payout rules need of each advocate (method, email), in two round trips for all of them,
 * with nothing decrypted: only a provider call opens the PayPal email (readPayee).
 */
export async function payeeFactsOf(env: Env, t: Tenant, advocateIds: string[]): Promise<Map<string, PayeeFacts>> {
  const [advocates, details] = await Promise.all([
    advocateStore(env).getMany(t, advocateIds),
    payoutDetailsStore(env).getMany(t, advocateIds),
  ]);
  const facts = new Map<string, PayeeFacts>();
  for (const a of advocates) facts.set(a.id, { method: details.get(a.id)?.method ?? null, email: a.email });
  return facts;
}
