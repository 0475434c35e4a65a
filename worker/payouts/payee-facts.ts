import type { PayeeFacts } from '../../shared/core/payouts.ts';
import { advocateStore } from '../storage/advocates.ts';
import { type PayoutDetailsRecord, payoutDetailsStore } from '../storage/payout-details.ts';
import type { Tenant } from '../tenant.ts';

/**
 * The method the advocate can be paid by now: Stripe Connect only once Stripe said onboarding is complete
 * (`account.updated`); until then no usable details (the run skips them, `no_payout_details`).
 */
function payableMethod(details: PayoutDetailsRecord | undefined): PayeeFacts['method'] {
  const method = details?.method ?? null;
  return method === 'stripe_connect' && !details?.stripe_onboarding_complete ? null : method;
}

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
  for (const a of advocates) facts.set(a.id, { method: payableMethod(details.get(a.id)), email: a.email });
  return facts;
}
