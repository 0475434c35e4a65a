import type { Advocate } from '../../shared/schemas/advocate.ts';
import { advocateStore } from '../storage/advocates.ts';
import { type PayoutDetailsRecord, payoutDetailsStore } from '../storage/payout-details.ts';
import type { Tenant } from '../tenant.ts';
import { openPaypalEmail } from './payee-secrets.ts';
import type { PayeeEnv } from './payout-details.ts';

export interface PayeeRecord {
  advocate: Advocate | null;
  details: PayoutDetailsRecord | null;
}

/** Several advocates with their payout details, in two round trips (missing ones answer nulls). */
export async function payeeRecords(env: PayeeEnv, t: Tenant, advocateIds: string[]): Promise<Map<string, PayeeRecord>> {
  const ids = [...new Set(advocateIds)];
  const [advocates, details] = await Promise.all([
    advocateStore(env).getMany(t, ids),
    payoutDetailsStore(env).getMany(t, ids),
  ]);
  const byId = new Map(advocates.map((a) => [a.id, a]));
  return new Map(ids.map((id) => [id, { advocate: byId.get(id) ?? null, details: details.get(id) ?? null }]));
}

/** Where money for this payee goes by email: their PayPal email (opened here), else their own email. */
export async function payToEmail(env: PayeeEnv, t: Tenant, advocateId: string, r: PayeeRecord): Promise<string | null> {
  const box = r.details?.paypal_email_box ?? null;
  if (box !== null) return openPaypalEmail(env, t, advocateId, box);
  return r.advocate?.email ?? null;
}
