import * as z from 'zod';
import { PayoutProvider, TaxFormStatus } from '../../shared/schemas/payout.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { COMPARE_AND_SET } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/**
 * An advocate's payout details as stored. The PayPal email is sealed (worker/payees/payee-secrets.ts,
 * bound to the tenant, advocate and purpose) and kept masked beside it, so answering the details never
 * opens the box; only a provider call does.
 */
const PayoutDetailsRecord = z.object({
  advocate_id: z.string(),
  method: PayoutProvider.nullable(),
  paypal_email_box: z.string().nullable(),
  paypal_email_masked: z.string().nullable(),
  stripe_account_id: z.string().nullable(),
  stripe_onboarding_complete: z.boolean(),
  country: z.string().nullable(),
  /** Null: never set, read as the country's default (US `missing`, others `not_needed`). */
  tax_form: TaxFormStatus.nullable(),
  updated_at: z.string(),
});
export type PayoutDetailsRecord = z.infer<typeof PayoutDetailsRecord>;
const payoutDetailsCodec = defineCodec({ name: 'payout details', schema: PayoutDetailsRecord });

/**
 * Writes the record `build` makes from what is stored: SET NX when there was none, compare-and-set
 * against the text read otherwise; a conflict reads again and builds anew. Null when `build` declines.
 */
async function upsertDetails(
  redis: Redis,
  key: string,
  build: (current: PayoutDetailsRecord | null) => PayoutDetailsRecord | null | Promise<PayoutDetailsRecord | null>,
): Promise<PayoutDetailsRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<unknown>(key);
    const text = raw === null ? null : asText(raw);
    const next = await build(payoutDetailsCodec.decodeOrNull(text));
    if (next === null) return null;
    const encoded = payoutDetailsCodec.encode(next);
    if (encoded === text) return next;
    const written =
      text === null
        ? (await redis.set(key, encoded, { nx: true })) !== null
        : Number(await runScript(redis, COMPARE_AND_SET, [key], [text, encoded])) === 1;
    if (written) return next;
  }
  throw new Error('writing payout details kept conflicting');
}

// The client JSON-parses replies: a stored JSON object may come back parsed.
function asText(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/** Advocates' payout details, one record per advocate. */
export const payoutDetailsStore = defineStore((redis) => ({
  get: async (t: Tenant, advocateId: string): Promise<PayoutDetailsRecord | null> => {
    const raw = await redis.get<unknown>(redisKeys.payoutDetails(t, advocateId));
    return raw === null ? null : payoutDetailsCodec.decode(asText(raw));
  },

  /** Several advocates' details in one round trip (missing ones left out). */
  getMany: async (t: Tenant, advocateIds: string[]): Promise<Map<string, PayoutDetailsRecord>> => {
    const out = new Map<string, PayoutDetailsRecord>();
    if (advocateIds.length === 0) return out;
    const raws = (await redis.mget<unknown[]>(...advocateIds.map((id) => redisKeys.payoutDetails(t, id)))) ?? [];
    raws.forEach((raw, i) => {
      if (raw !== null && raw !== undefined) out.set(advocateIds[i]!, payoutDetailsCodec.decode(asText(raw)));
    });
    return out;
  },

  /**
   * Changes an advocate's details without losing a concurrent write: `build` sees what is stored now
   * (null: none yet), again after a conflict, and answers the record to write or null to leave it.
   */
  write: (
    t: Tenant,
    advocateId: string,
    build: (current: PayoutDetailsRecord | null) => PayoutDetailsRecord | null | Promise<PayoutDetailsRecord | null>,
  ) => upsertDetails(redis, redisKeys.payoutDetails(t, advocateId), build),

  /** Erasure: forgets the details. True when there were some. */
  delete: async (t: Tenant, advocateId: string): Promise<boolean> =>
    Number(await redis.del(redisKeys.payoutDetails(t, advocateId))) === 1,
}));
