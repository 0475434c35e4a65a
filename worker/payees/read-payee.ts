import type { PayoutProvider } from '../../shared/schemas/payout.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import { advocateStore } from '../storage/advocates.ts';
import { payoutDetailsStore } from '../storage/payout-details.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { openPaypalEmail } from './payee-secrets.ts';

/**
 * The adapter's `Payee` (worker/payouts/providers/adapter.ts), the same shape declared here: the
 * payouts folder imports readPayee, so this folder imports nothing from it (no folder cycle).
 */
interface Payee {
  advocateId: string;
  method: PayoutProvider | null;
  paypalEmail: string | null;
  stripeAccountId: string | null;
  stripeOnboardingComplete: boolean;
  country: string | null;
  email: string | null;
  name: string | null;
}

/**
 * What a provider call needs about an advocate: their payout details with the PayPal email opened
 * (only for the call: never log or store the answer), and their email and name. Null when the
 * advocate does not exist; an advocate without payout details has `method: null` and null details.
 */
export async function readPayee(
  env: StoreEnv & HashSecretEnv,
  tenant: Tenant,
  advocateId: string,
): Promise<Payee | null> {
  const [advocate, details] = await Promise.all([
    advocateStore(env).get(tenant, advocateId),
    payoutDetailsStore(env).get(tenant, advocateId),
  ]);
  if (!advocate) return null;
  const box = details?.paypal_email_box ?? null;
  return {
    advocateId,
    method: details?.method ?? null,
    paypalEmail: box === null ? null : await openPaypalEmail(env, tenant, advocateId, box),
    stripeAccountId: details?.stripe_account_id ?? null,
    stripeOnboardingComplete: details?.stripe_onboarding_complete ?? false,
    country: details?.country ?? null,
    email: advocate.email,
    name: advocate.name,
  };
}
