import type { CustomerErasure, ErasureCounts } from '../../shared/schemas/customer.ts';
import type { Publisher } from '../conversions/publish-outcomes.ts';
import { advocateStore } from '../storage/advocates.ts';
import { customerDataStore } from '../storage/customer-data.ts';
import { erasedMarker, personKeys } from './person-keys.ts';

export type ErasureResult = CustomerErasure;

const present = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];

/**
 * Erases one person's personal data from every record this tenant keeps (GDPR art. 17, CCPA,
 * Shopify's customers/redact): the money records stay, with the person replaced by an `erased_…`
 * marker; the lookups by their id go, so a later enrollment starts clean. Each record changes by
 * compare-and-set, records first and indexes last, so a failed run is completed by a retry.
 */
export async function eraseCustomer(p: Publisher, externalId: string, now: number): Promise<ErasureResult> {
  const t = p.tenant;
  const data = customerDataStore(p.env);
  const [who, { hash, marker }] = await Promise.all([personKeys(externalId), erasedMarker(p.env, t, externalId)]);
  const found = await data.locate(t, who);
  // What identifies them inside text we do not own (webhook envelopes, stored answers), read before it goes.
  const [advocates, tokens] = await Promise.all([
    advocateStore(p.env).getMany(t, found.advocateIds),
    data.widgetTokens(t, externalId),
  ]);
  const needles = {
    externalId,
    emails: present([...advocates.map((a) => a.email), ...tokens.map((x) => x.email)]),
    names: present([...advocates.map((a) => a.name), ...tokens.map((x) => x.name)]),
    marker,
  };
  const counts: ErasureCounts = {
    advocates: 0,
    codes_disabled: 0,
    extension_tokens: 0,
    ...(await data.scrubFriendRecords(t, found, marker)),
    ...(await data.scrubTenantRecords(t, needles)),
    indexes: 0,
  };
  for (const advocate of advocates) {
    const done = await data.eraseAdvocate(t, advocate.id, marker, now);
    counts.advocates += done.advocates;
    counts.codes_disabled += done.codes_disabled;
    counts.extension_tokens += done.extension_tokens;
  }
  counts.indexes = (await data.forgetIndexes(t, found, who)).indexes;
  const log = await data.recordErasure(t, hash, counts, now);
  return {
    object: 'customer_erasure',
    livemode: t.mode === 'live',
    erased_as: marker,
    first_erased_at: log.first_erased_at,
    erased_at: new Date(now).toISOString(),
    counts,
  };
}
