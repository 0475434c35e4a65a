import type * as z from 'zod';
import type { StripeOnboarding } from '../../shared/schemas/payout.ts';
import { openIntegrationSecret } from '../integrations/integration-secrets.ts';
import { emptyDetails, type PayeeEnv } from '../payees/payout-details.ts';
import { advocateStore } from '../storage/advocates.ts';
import { integrationStore } from '../storage/integrations.ts';
import { type PayoutDetailsRecord, payoutDetailsStore } from '../storage/payout-details.ts';
import type { Tenant } from '../tenant.ts';
import { AccountLink, type ConnectAnswer, ConnectedAccount, connectPost } from './stripe-connect-api.ts';

export type OnboardingResult =
  | { kind: 'ok'; onboarding: z.infer<typeof StripeOnboarding> }
  | { kind: 'not_found' }
  /** No Stripe connection with an API key in this mode. */
  | { kind: 'provider_not_connected' }
  /** Stripe refused (Connect not enabled, a country it does not support...): its message. */
  | { kind: 'refused'; message: string }
  /** Stripe did not answer after retries: try again later. */
  | { kind: 'unavailable'; message: string };

/** The merchant's Stripe API key (the Stripe connection's credential), or null. */
async function stripeApiKey(env: PayeeEnv, t: Tenant): Promise<string | null> {
  const record = await integrationStore(env).get(t, 'stripe');
  if (record?.status !== 'connected') return null;
  return openIntegrationSecret(env, t, record, 'credential');
}

/** Deterministic per advocate, as Stripe documents: any retry of a create sends the same key. */
const accountKey = (t: Tenant, advocateId: string) => `vouch:${t.mode}:${t.merchantId}:connect_account:${advocateId}`;

/**
 * The advocate's Express account: the stored one, or one created now (once: the key is per advocate,
 * and a concurrent creator's account, stored first, wins). A new account makes `stripe_connect` the
 * method unless the advocate has one.
 */
async function ensureAccount(
  env: PayeeEnv,
  t: Tenant,
  apiKey: string,
  advocate: { id: string; email: string | null },
  details: PayoutDetailsRecord | null,
  now: Date,
): Promise<ConnectAnswer<string>> {
  if (details?.stripe_account_id) return { ok: true, value: details.stripe_account_id };
  const form: Record<string, string> = {
    type: 'express',
    'capabilities[transfers][requested]': 'true',
    'metadata[vouch_advocate]': advocate.id,
  };
  if (details?.country) form.country = details.country;
  if (advocate.email) form.email = advocate.email;
  const created = await connectPost(apiKey, '/v1/accounts', form, accountKey(t, advocate.id), ConnectedAccount);
  if (!created.ok) return created;
  const account = created.value;
  const stored = await payoutDetailsStore(env).write(t, advocate.id, (current) => {
    const base = current ?? emptyDetails(advocate.id, now);
    if (base.stripe_account_id) return base;
    return {
      ...base,
      stripe_account_id: account.id,
      method: base.method ?? 'stripe_connect',
      updated_at: now.toISOString(),
    };
  });
  return { ok: true, value: stored?.stripe_account_id ?? account.id };
}

function failed(answer: { refused: boolean; message: string }): OnboardingResult {
  return answer.refused
    ? { kind: 'refused', message: answer.message }
    : { kind: 'unavailable', message: answer.message };
}

/**
 * A fresh Account Link to Stripe's hosted onboarding for the advocate's Express account (created once).
 * `returnUrl` is also the refresh URL: an expired link sends the advocate back to ask for a new one.
 */
export async function startStripeOnboarding(
  env: PayeeEnv,
  t: Tenant,
  advocateId: string,
  returnUrl: string,
  now: Date,
): Promise<OnboardingResult> {
  const [advocate, details, apiKey] = await Promise.all([
    advocateStore(env).get(t, advocateId),
    payoutDetailsStore(env).get(t, advocateId),
    stripeApiKey(env, t),
  ]);
  if (!advocate) return { kind: 'not_found' };
  if (!apiKey) return { kind: 'provider_not_connected' };
  const account = await ensureAccount(env, t, apiKey, advocate, details, now);
  if (!account.ok) return failed(account);
  const form = { account: account.value, type: 'account_onboarding', refresh_url: returnUrl, return_url: returnUrl };
  // A link per request (they are single-use), one key across this request's own retries.
  const link = await connectPost(apiKey, '/v1/account_links', form, `vouch:link:${crypto.randomUUID()}`, AccountLink);
  if (!link.ok) return failed(link);
  const onboarding: z.infer<typeof StripeOnboarding> = {
    object: 'stripe_onboarding',
    url: link.value.url,
    stripe_account_id: account.value,
    expires_at: new Date(link.value.expires_at * 1000).toISOString(),
  };
  return { kind: 'ok', onboarding };
}
