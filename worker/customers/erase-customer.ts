import type { PersonalNeedles } from '../../shared/core/scrub-personal.ts';
import type { CustomerErasure, ErasureCounts } from '../../shared/schemas/customer.ts';
import { IntegrationProvider } from '../../shared/schemas/integration.ts';
import type { Publisher } from '../conversions/publish-outcomes.ts';
import type { AdvocateRecord } from '../storage/advocates.ts';
import { advocateStore } from '../storage/advocates.ts';
import { couponSyncStore } from '../storage/coupon-sync.ts';
import { creditStore } from '../storage/credits.ts';
import { customerDataStore, type PersonRecords } from '../storage/customer-data.ts';
import { payoutDetailsStore } from '../storage/payout-details.ts';
import { pointsStore } from '../storage/points.ts';
import { publishEvents } from '../webhooks/publish-events.ts';
import { erasedMarker, personKeys } from './person-keys.ts';

export type ErasureResult = CustomerErasure;

const present = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];

/**
 * What identifies the person inside text we do not own (webhook envelopes, stored answers), read
 * before it goes. A widget token's email or name is nowhere but in the token, which is deleted.
 */
function needlesOf(externalId: string, marker: string, advocates: AdvocateRecord[]): PersonalNeedles {
  // A customer known only by email (checkout's and Shopify's guests: `email:{email}`) is that email too.
  const ownEmail = externalId.startsWith('email:') ? externalId.slice('email:'.length) : null;
  return {
    externalId,
    emails: present([ownEmail, ...advocates.map((a) => a.email)]),
    names: present(advocates.map((a) => a.name)),
    marker,
  };
}

/**
 * Tells the merchant's endpoints which records lost the person, before the lookups go: a retry
 * after a failure past this point finds them again and publishes under the same key (one event).
 */
async function publishErased(
  p: Publisher,
  marker: string,
  found: PersonRecords,
  conversionIds: string[],
  run: { n: number; at: string },
) {
  await publishEvents(p.env, p.ctx, p.tenant, [
    {
      type: 'customer.erased',
      key: `customer.erased:${marker}:${run.n}`,
      data: {
        object: 'customer_erasure',
        erased_as: marker,
        erased_at: run.at,
        advocate_ids: found.advocateIds,
        referral_ids: found.referralIds,
        conversion_ids: conversionIds,
        redemption_ids: found.redemptionIds,
      },
    },
  ]);
}

/**
 * Their codes' copies at Stripe and Shopify (coupon sync) take orders until synced again: those
 * still active are queued for the scheduled run, which deactivates a disabled code's copies (this
 * feature cannot call coupon sync's: the integrations call this one). A retry queues them again.
 */
async function deactivateCopies(p: Publisher, codes: string[], now: number) {
  const store = couponSyncStore(p.env);
  for (const provider of IntegrationProvider.options) {
    const states = await Promise.all(codes.map((code) => store.get(p.tenant, provider, code)));
    const active = codes.filter((_, i) => states[i]?.active);
    if (active.length > 0) await store.markDue(p.tenant, [provider], active, now);
  }
}

/**
 * Erases one person's personal data from every record this tenant keeps (GDPR art. 17, CCPA,
 * Shopify's customers/redact): the money records stay, with the person replaced by an `erased_…`
 * marker; the lookups by their id go, so a later enrollment starts clean. Each record changes by
 * compare-and-set, records first and lookups last, so a failed run is completed by a retry.
 */
export async function eraseCustomer(p: Publisher, externalId: string, now: number): Promise<ErasureResult> {
  const t = p.tenant;
  const at = new Date(now).toISOString();
  const data = customerDataStore(p.env);
  const [who, erased] = await Promise.all([personKeys(externalId), erasedMarker(p.env, t, externalId)]);
  const { hash, marker } = erased;
  // The log before the lookups: a concurrent erasure records its run only after its lookups are gone,
  // so a run that still finds the person also sees that run's number, and publishes under its key.
  const log = await data.erasure(t, hash);
  const found = await data.locate(t, who);
  const advocates = await advocateStore(p.env).getMany(t, found.advocateIds);
  const friend = await data.scrubFriendRecords(t, found, erased);
  const counts: ErasureCounts = {
    advocates: 0,
    codes_disabled: 0,
    extension_tokens: 0,
    ...friend.counts,
    ...(await data.scrubTenantRecords(t, needlesOf(externalId, marker, advocates), who.digest)),
    indexes: 0,
    // Kept under the marker: what the merchant owes stays on record, but no one can address it by their id.
    credits: await creditStore(p.env).moveTo(t, externalId, marker),
    points: await pointsStore(p.env).moveTo(t, externalId, marker),
  };
  for (const advocate of advocates) {
    const done = await data.eraseAdvocate(t, advocate.id, marker, now);
    // Payout details are theirs alone (a sealed email, an account id): removed, not kept under the marker.
    await payoutDetailsStore(p.env).delete(t, advocate.id);
    counts.advocates += done.advocates;
    counts.codes_disabled += done.codes_disabled;
    counts.extension_tokens += done.extension_tokens;
    await deactivateCopies(p, done.codes, now);
  }
  const located = found.advocateIds.length + found.referralIds.length + found.redemptionIds.length;
  if (located > 0) await publishErased(p, marker, found, friend.conversionIds, { n: (log?.runs ?? 0) + 1, at });
  counts.indexes = (await data.forgetIndexes(t, found, who)).indexes;
  // A person Vouch never held (and never erased) leaves no trace, not even an erasure log entry:
  // any id may be sent, and a request about a stranger must not grow the database.
  const heldNothing = log === null && Object.values(counts).every((n) => n === 0);
  const firstErasedAt = heldNothing ? at : (await data.recordErasure(t, hash, counts, now)).first_erased_at;
  return {
    object: 'customer_erasure',
    livemode: t.mode === 'live',
    erased_as: marker,
    first_erased_at: firstErasedAt,
    erased_at: at,
    counts,
  };
}
