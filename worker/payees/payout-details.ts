import type { PayoutDetails, PayoutDetailsUpdate } from '../../shared/schemas/payout.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import { advocateStore } from '../storage/advocates.ts';
import { type PayoutDetailsRecord, payoutDetailsStore } from '../storage/payout-details.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { maskEmail, sealPaypalEmail } from './payee-secrets.ts';

export type PayeeEnv = StoreEnv & HashSecretEnv;

/** A US payee owes a W-9 until the merchant records one; anyone else needs none unless set. */
export function taxFormOf(record: Pick<PayoutDetailsRecord, 'country' | 'tax_form'> | null): PayoutDetails['tax_form'] {
  if (record?.tax_form) return record.tax_form;
  return record?.country === 'US' ? 'missing' : 'not_needed';
}

/** The details as answered: the email masked, the tax form defaulted by country. */
export function detailsView(advocateId: string, record: PayoutDetailsRecord | null): PayoutDetails {
  return {
    object: 'payout_details',
    advocate_id: advocateId,
    method: record?.method ?? null,
    paypal_email: record?.paypal_email_masked ?? null,
    stripe_account_id: record?.stripe_account_id ?? null,
    stripe_onboarding_complete: record?.stripe_onboarding_complete ?? false,
    country: record?.country ?? null,
    tax_form: taxFormOf(record),
    updated_at: record?.updated_at ?? null,
  };
}

/** An advocate with no details yet: what a first write starts from. */
export function emptyDetails(advocateId: string, now: Date): PayoutDetailsRecord {
  return {
    advocate_id: advocateId,
    method: null,
    paypal_email_box: null,
    paypal_email_masked: null,
    stripe_account_id: null,
    stripe_onboarding_complete: false,
    country: null,
    tax_form: null,
    updated_at: now.toISOString(),
  };
}

/**
 * Sets the fields given (the email sealed once, before the write loop) and answers the details; null
 * when the advocate does not exist. A first PayPal email makes `paypal` the method unless one is set.
 */
export async function changePayoutDetails(
  env: PayeeEnv,
  t: Tenant,
  advocateId: string,
  change: PayoutDetailsUpdate,
  now: Date,
): Promise<PayoutDetails | null> {
  if (!(await advocateStore(env).get(t, advocateId))) return null;
  const email = change.paypal_email;
  const box = email === undefined ? null : await sealPaypalEmail(env, t, advocateId, email);
  const written = await payoutDetailsStore(env).write(t, advocateId, (current) => {
    const base = current ?? emptyDetails(advocateId, now);
    const next: PayoutDetailsRecord = { ...base, updated_at: now.toISOString() };
    if (email !== undefined) {
      next.paypal_email_box = box;
      next.paypal_email_masked = maskEmail(email);
      next.method = base.method ?? 'paypal';
    }
    if (change.method !== undefined) next.method = change.method;
    if (change.country !== undefined) next.country = change.country;
    if (change.tax_form !== undefined) next.tax_form = change.tax_form;
    return next;
  });
  return detailsView(advocateId, written);
}

/** The details as answered; null when the advocate does not exist. */
export async function readPayoutDetails(env: StoreEnv, t: Tenant, advocateId: string): Promise<PayoutDetails | null> {
  const [advocate, record] = await Promise.all([
    advocateStore(env).get(t, advocateId),
    payoutDetailsStore(env).get(t, advocateId),
  ]);
  return advocate ? detailsView(advocateId, record) : null;
}
