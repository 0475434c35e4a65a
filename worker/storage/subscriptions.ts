import * as z from 'zod';
import { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { CONFLICT, withRetries } from '../lib/retry.ts';
import { Changeset } from './changeset.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/**
 * A referred customer's subscription at a billing provider, remembered from its first paid
 * invoice's conversion: its renewals are credited to the same referral and advocate, counted here
 * (`renewals`, the last renewal's number), and stop earning once it ended.
 */
const SubscriptionRecord = z.object({
  provider: IntegrationProvider,
  subscription_id: z.string(),
  conversion_id: z.string(),
  referral_id: z.string(),
  advocate_id: z.string(),
  program_id: z.string(),
  customer_external_id: z.string(),
  /** The first payment's code and attribution source: a renewal is credited the same way. */
  code: z.string().nullable(),
  source: z.enum(['click', 'code', 'click_and_code']),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  renewals: z.number().int().min(0),
});
export type SubscriptionRecord = z.infer<typeof SubscriptionRecord>;
export const subscriptionCodec = defineCodec({ name: 'subscription', schema: SubscriptionRecord });

// The stored text each record handed out was decoded from: a renewal's changeset and an end write
// over exactly that (compare-and-set), so a concurrent renewal or end conflicts and decides again.
const readFrom = new WeakMap<SubscriptionRecord, string>();

const keyOf = (t: Tenant, s: Pick<SubscriptionRecord, 'provider' | 'subscription_id'>) =>
  redisKeys.subscription(t, s.provider, s.subscription_id);

async function getSubscription(redis: Redis, t: Tenant, provider: IntegrationProvider, id: string) {
  const raw = await redis.get<string>(redisKeys.subscription(t, provider, id));
  const record = subscriptionCodec.decodeOrNull(raw);
  if (raw && record) readFrom.set(record, raw);
  return record;
}

/**
 * Stages `after` over `before` (read through this store) on a changeset: a renewal's conversion
 * counts it in the same atomic step, and only while the subscription is still as read.
 */
export function stageSubscriptionWrite(
  cs: Changeset,
  t: Tenant,
  before: SubscriptionRecord,
  after: SubscriptionRecord,
): void {
  const raw = readFrom.get(before);
  if (raw === undefined) throw new Error('a subscription to write over must be the one read through the store');
  cs.set(keyOf(t, before), raw, subscriptionCodec.encode(after));
}

export type EndResult = { kind: 'ended'; record: SubscriptionRecord } | { kind: 'already' } | { kind: 'missing' };

/** Marks the subscription ended (compare-and-set, read again on a concurrent renewal). */
async function endSubscription(
  redis: Redis,
  t: Tenant,
  provider: IntegrationProvider,
  id: string,
  at: string,
): Promise<EndResult> {
  return withRetries(
    null,
    async () => {
      const before = await getSubscription(redis, t, provider, id);
      if (!before) return { kind: 'missing' } as const;
      if (before.ended_at !== null) return { kind: 'already' } as const;
      const record = { ...before, ended_at: at };
      const cs = new Changeset();
      stageSubscriptionWrite(cs, t, before, record);
      return (await cs.apply(redis)).ok ? ({ kind: 'ended', record } as const) : CONFLICT;
    },
    'subscription end',
  );
}

/** Referred subscriptions: remembered once, counted per renewal, ended. */
export const subscriptionStore = defineStore((redis) => ({
  get: (t: Tenant, provider: IntegrationProvider, id: string) => getSubscription(redis, t, provider, id),
  /** Remembers a referred subscription; false when it was remembered before (the first record stays). */
  start: async (t: Tenant, record: SubscriptionRecord): Promise<boolean> =>
    (await redis.set(keyOf(t, record), subscriptionCodec.encode(record), { nx: true })) === 'OK',
  end: (t: Tenant, provider: IntegrationProvider, id: string, at: string) =>
    endSubscription(redis, t, provider, id, at),
}));
