import * as z from 'zod';
import {
  ConnectionProvider,
  IntegrationError,
  IntegrationEvent,
  IntegrationProvider,
  RECENT_INTEGRATION_EVENTS,
} from '../../shared/schemas/integration.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { COMPARE_AND_SET } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/**
 * A connection as stored: settings and sealed secrets (worker/webhooks/secret-box.ts, bound to the
 * tenant and provider). Activity (last event, last error, recent events) lives beside it, so a
 * delivery never rewrites the record a merchant's PUT writes.
 */
const IntegrationRecord = z.object({
  provider: ConnectionProvider,
  status: z.enum(['connected', 'disconnected']),
  shop_domain: z.string().nullable(),
  /**
   * Stripe: the webhook signing secret; Shopify: the app's API secret; PayPal: the app's client secret;
   * Tremendous: the webhook private key. Sealed.
   */
  secret_box: z.string(),
  /**
   * Stripe: the API key; Shopify: the Admin API access token (null without coupon sync); Tremendous: the
   * API key; PayPal: null (its client secret is the one secret). Sealed.
   */
  credential_box: z.string().nullable(),
  /**
   * Payout providers' settings that are not secret (PayPal client_id, webhook_id, environment; Tremendous
   * funding_source_id, campaign_id, environment). Absent on records written before issue 16: read as {}.
   */
  settings: z.record(z.string(), z.string()).default({}),
  connected_at: z.string(),
  /** Set when the status turned `disconnected` (Shopify's app/uninstalled). */
  disconnected_at: z.string().nullable(),
});
/** Any connection's record, a checkout's or a payout provider's. */
export type ConnectionRecord = z.infer<typeof IntegrationRecord>;
/** A record of one provider, as `get` answers it (a checkout's for a checkout: coupon sync reads only those). */
export type RecordOf<P extends ConnectionProvider> = ConnectionRecord & { provider: P };
/** A checkout's connection (Stripe, Shopify): what order hooks and coupon sync read. */
export type IntegrationRecord = RecordOf<IntegrationProvider>;
const integrationCodec = defineCodec({ name: 'integration', schema: IntegrationRecord });
export const eventCodec = defineCodec({ name: 'integration event', schema: IntegrationEvent });
const errorCodec = defineCodec({ name: 'integration error', schema: IntegrationError });

export interface IntegrationActivity {
  lastEventAt: string | null;
  lastError: IntegrationError | null;
  recent: IntegrationEvent[];
}

/** What a delivery's state is, by the provider's event id. */
export type EventClaim =
  /** First delivery (or an earlier attempt's lease ran out): this caller applies it. */
  | { kind: 'claimed' }
  /** Applied before: answer what it answered. */
  | { kind: 'done'; event: IntegrationEvent }
  /** Another delivery of the same event is being applied right now. */
  | { kind: 'in_progress' };

const PROCESSING = 'processing';
/** Longer than any delivery takes to apply (Redis calls time out after 5 s, two retries). */
const LEASE_SECONDS = 120;
/** Providers retry a failed delivery for up to 3 days (Stripe) or 48 h (Shopify). */
const DONE_TTL_SECONDS = 30 * 86400;

/** Connections to checkouts and payout providers, and the apply-once record of their deliveries. */
export const integrationStore = defineStore((redis) => ({
  get: async <P extends ConnectionProvider>(t: Tenant, provider: P): Promise<RecordOf<P> | null> =>
    integrationCodec.decodeOrNull(await redis.get<string>(redisKeys.integration(t, provider))) as RecordOf<P> | null,

  /**
   * The checkouts' records (Stripe, Shopify) in one round trip (missing ones left out): what order hooks
   * and coupon sync work with. A payout provider's credential must never make it a coupon-sync target.
   */
  list: (t: Tenant) => listOf(redis, t, IntegrationProvider.options),

  /** Every connection, checkouts and payout providers, in one round trip (the console's list). */
  listAll: (t: Tenant) => listOf(redis, t, ConnectionProvider.options),

  /**
   * Writes a connection made from what is stored (null: none yet) without losing a concurrent
   * write, such as an uninstall marking it disconnected.
   */
  connect: (
    t: Tenant,
    provider: ConnectionProvider,
    build: (current: ConnectionRecord | null) => z.input<typeof IntegrationRecord>,
  ) =>
    compareAndSetRecord(redis, t, provider, (current) => ({
      settings: {},
      ...build(current),
    })) as Promise<ConnectionRecord>,

  /**
   * Changes a stored connection without losing a concurrent write (a merchant's PUT between the
   * read and the write): `mutate` sees what is stored now, again after a conflict, and answers the
   * record to write or null to leave it. Null when there is no connection or nothing was written.
   */
  update: <P extends ConnectionProvider>(
    t: Tenant,
    provider: P,
    mutate: (current: RecordOf<P>) => RecordOf<P> | null,
  ) =>
    compareAndSetRecord(redis, t, provider, (current) =>
      current ? mutate(current as RecordOf<P>) : null,
    ) as Promise<RecordOf<P> | null>,

  /** Forgets the connection and its activity; applied-event records stay (a late retry is still a duplicate). */
  delete: async (t: Tenant, provider: ConnectionProvider): Promise<boolean> => {
    const p = redis.multi();
    p.del(redisKeys.integration(t, provider));
    p.del(redisKeys.integrationActivity(t, provider), redisKeys.integrationEvents(t, provider));
    const [removed] = (await p.exec()) as [number, number];
    return Number(removed) === 1;
  },

  activity: async (t: Tenant, provider: ConnectionProvider): Promise<IntegrationActivity> => {
    const p = redis.pipeline();
    p.hmget(redisKeys.integrationActivity(t, provider), 'last_event_at', 'last_error');
    p.lrange(redisKeys.integrationEvents(t, provider), 0, RECENT_INTEGRATION_EVENTS - 1);
    const [fields, events] = (await p.exec()) as [Record<string, unknown> | unknown[] | null, unknown[]];
    // With deserialisation off HMGET answers a plain array of the values, in the order asked.
    const [lastEventAt, lastError] = Array.isArray(fields) ? fields : [fields?.last_event_at, fields?.last_error];
    return {
      lastEventAt: typeof lastEventAt === 'string' ? lastEventAt : null,
      lastError: lastError ? errorCodec.decode(asText(lastError)) : null,
      recent: (events ?? []).map((raw) => eventCodec.decode(asText(raw))),
    };
  },

  /**
   * Claims a delivery by its key, the provider's event id (SET NX with a lease): exactly one of any
   * number of concurrent deliveries gets `claimed`. One round trip.
   */
  claimEvent: async (t: Tenant, provider: ConnectionProvider, key: string): Promise<EventClaim> => {
    const previous = await redis.set<string>(redisKeys.providerEvent(t, provider, key), PROCESSING, {
      nx: true,
      ex: LEASE_SECONDS,
      get: true,
    });
    if (previous === null || previous === undefined) return { kind: 'claimed' };
    if (previous === PROCESSING) return { kind: 'in_progress' };
    return { kind: 'done', event: eventCodec.decode(asText(previous)) };
  },

  /** Gives a claim back (applying failed): the provider's retry applies it. */
  releaseEvent: async (t: Tenant, provider: ConnectionProvider, key: string) => {
    await redis.del(redisKeys.providerEvent(t, provider, key));
  },

  /**
   * Records a delivery's outcome: the apply-once record under the key it was claimed by (30 days),
   * the recent-events log and `last_event_at`, in one round trip. A failure sets `last_error`; any
   * other outcome clears it.
   */
  finishEvent: async (
    t: Tenant,
    provider: ConnectionProvider,
    key: string,
    event: IntegrationEvent,
    error?: IntegrationError,
  ) => {
    const encoded = eventCodec.encode(event);
    const p = redis.multi();
    if (event.outcome !== 'failed') p.set(redisKeys.providerEvent(t, provider, key), encoded, { ex: DONE_TTL_SECONDS });
    p.lpush(redisKeys.integrationEvents(t, provider), encoded);
    p.ltrim(redisKeys.integrationEvents(t, provider), 0, RECENT_INTEGRATION_EVENTS - 1);
    const activity: Record<string, string> = { last_event_at: event.received_at };
    if (error) activity.last_error = errorCodec.encode(error);
    p.hset(redisKeys.integrationActivity(t, provider), activity);
    // The console shows the last error until a later delivery succeeds: the provider's retry (or
    // the merchant's fix) went through, so the error no longer describes the connection.
    if (event.outcome !== 'failed') p.hdel(redisKeys.integrationActivity(t, provider), 'last_error');
    await p.exec();
  },

  /**
   * Sets `last_error` for a failure outside any delivery (coupon sync's calls to the provider); the
   * next delivery that succeeds clears it like a delivery's (the code's own sync state keeps its error).
   */
  noteError: async (t: Tenant, provider: ConnectionProvider, error: IntegrationError) => {
    await redis.hset(redisKeys.integrationActivity(t, provider), { last_error: errorCodec.encode(error) });
  },
}));

async function listOf<P extends ConnectionProvider>(redis: Redis, t: Tenant, providers: readonly P[]) {
  const raws = (await redis.mget<(string | null)[]>(...providers.map((p) => redisKeys.integration(t, p)))) ?? [];
  const records = raws.filter((raw): raw is string => typeof raw === 'string').map(integrationCodec.decode);
  return records as RecordOf<P>[];
}

/**
 * Writes the record `build` makes from what is stored: SET NX when there was none, compare-and-set
 * against the text read otherwise; a conflict reads again and builds anew. Null when `build` declines.
 */
async function compareAndSetRecord(
  redis: Redis,
  t: Tenant,
  provider: ConnectionProvider,
  build: (current: ConnectionRecord | null) => ConnectionRecord | null,
): Promise<ConnectionRecord | null> {
  const key = redisKeys.integration(t, provider);
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<string>(key);
    const next = build(raw === null ? null : integrationCodec.decode(raw));
    if (next === null) return null;
    const encoded = integrationCodec.encode(next);
    const written =
      raw === null
        ? (await redis.set(key, encoded, { nx: true })) !== null
        : Number(await runScript(redis, COMPARE_AND_SET, [key], [raw, encoded])) === 1;
    if (written) return next;
  }
  throw new Error(`writing the ${provider} connection kept conflicting`);
}

// The client JSON-parses replies: a stored JSON object may come back parsed.
function asText(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}
