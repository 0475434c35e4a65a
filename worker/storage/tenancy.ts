import type { Tenant } from './redis-keys.ts';

/** What a global record (one key for every merchant: a code, a click) says about its owner. */
export interface OwnedRecord {
  merchant_id: string;
  mode: string;
}

/**
 * The one tenancy check on global records: a code or a click is read by its globally unique name,
 * so every read on behalf of a merchant must drop records of another merchant or mode. Stores
 * return `ownedBy(record, t)` instead of the record; nothing else compares owners.
 */
export function ownedBy<R extends OwnedRecord>(record: R | null | undefined, t: Tenant): R | null {
  return record && record.merchant_id === t.merchantId && record.mode === t.mode ? record : null;
}
