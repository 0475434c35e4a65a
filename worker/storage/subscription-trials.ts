import * as z from 'zod';
import { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { CONFLICT, withRetries } from '../lib/retry.ts';
import { Changeset } from './changeset.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** A trial waits this long for its first payment (Stripe trials last up to 730 days; most a month or less). */
const TRIAL_TTL_SECONDS = 400 * 86400;

/**
 * A referred subscription still in its free trial: who referred it (click, code, promotion code) and who
 * subscribed, from its free Checkout and its free first invoice (two events, in either order, each filling
 * what the other lacks), kept until its first paid invoice becomes the conversion or it is cancelled.
 */
const TrialRecord = z.object({
  provider: IntegrationProvider,
  subscription_id: z.string(),
  customer_external_id: z.string(),
  email: z.string().nullable(),
  click_id: z.string().nullable(),
  code: z.string().nullable(),
  promotion_code_id: z.string().nullable(),
  checkout_id: z.string().nullable(),
  invoice_id: z.string().nullable(),
  started_at: z.string(),
});
export type TrialRecord = z.infer<typeof TrialRecord>;
export const trialCodec = defineCodec({ name: 'subscription_trial', schema: TrialRecord });

/** What was stored first stays; the other event fills only what it lacked. */
function merged(stored: TrialRecord, incoming: TrialRecord): TrialRecord {
  const pick = <K extends keyof TrialRecord>(k: K) => stored[k] ?? incoming[k];
  return {
    ...stored,
    email: pick('email'),
    click_id: pick('click_id'),
    code: pick('code'),
    promotion_code_id: pick('promotion_code_id'),
    checkout_id: pick('checkout_id'),
    invoice_id: pick('invoice_id'),
  };
}

/** Stores the trial, merged with what the other event stored (compare-and-set, read again on a race). */
function rememberTrial(redis: Redis, t: Tenant, record: TrialRecord): Promise<TrialRecord> {
  const key = redisKeys.subscriptionTrial(t, record.provider, record.subscription_id);
  return withRetries(
    null,
    async () => {
      const raw = await redis.get<string>(key);
      const stored = trialCodec.decodeOrNull(raw);
      const next = stored ? merged(stored, record) : record;
      const encoded = trialCodec.encode(next);
      if (encoded === raw) return next;
      const cs = new Changeset().set(key, raw, encoded, TRIAL_TTL_SECONDS);
      return (await cs.apply(redis)).ok ? next : CONFLICT;
    },
    'subscription trial',
  );
}

/** Referred subscriptions in their free trial: remembered, read at the first payment, dropped. */
export const trialStore = defineStore((redis) => ({
  get: async (t: Tenant, provider: IntegrationProvider, id: string) =>
    trialCodec.decodeOrNull(await redis.get<string>(redisKeys.subscriptionTrial(t, provider, id))),
  remember: (t: Tenant, record: TrialRecord) => rememberTrial(redis, t, record),
  /** Forgets the trial (paid, or cancelled); false when none was stored. */
  drop: async (t: Tenant, provider: IntegrationProvider, id: string): Promise<boolean> =>
    Number(await redis.del(redisKeys.subscriptionTrial(t, provider, id))) === 1,
}));
