import { type PersonalNeedles, scrubJson, scrubSerialized } from '../../shared/core/scrub-personal.ts';
import { type IntegrationEvent, IntegrationProvider } from '../../shared/schemas/integration.ts';
import { tenantScope } from '../tenant.ts';
import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';
import { idempotencyCodec } from './idempotency.ts';
import { eventCodec as integrationEventCodec } from './integrations.ts';
import { COMPARE_AND_SET_KEEP_TTL, LIST_REPLACE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { reservationCodec } from './redemptions.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { type TrialRecord, trialCodec } from './subscription-trials.ts';
import { type SubscriptionRecord, subscriptionCodec } from './subscriptions.ts';
import { eventCodec as webhookEventCodec } from './webhook-deliveries.ts';
import { widgetTokenCodec } from './widget.ts';

export type PersonNeedles = PersonalNeedles;

// Records keyed by a token's or a key's digest, or by an event id, have no index by person: an
// erasure (rare, and asked for by a person) walks the tenant's keys with SCAN MATCH, which visits
// the whole keyspace per pattern. So it walks twice (the tenant's keys, its idempotency keys), reads
// each page's records of interest with one MGET, and writes only those that hold the person.
const SCAN_COUNT = 1000;

async function eachPage(redis: Redis, pattern: string, visit: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = (await redis.scan(cursor, { match: pattern, count: SCAN_COUNT })) as [
      string | number,
      string[],
    ];
    cursor = String(next);
    if (keys.length > 0) await visit(keys);
  } while (cursor !== '0');
}

/**
 * Keys of one kind whose last part is the id (`…:webhook_event:{id}`, not `…:webhook_event:{id}:deliveries`);
 * `nested`: ids of that kind hold `:` themselves, and no other key extends one.
 */
function ofKind(key: string, keyOf: (id: string) => string, nested = false): boolean {
  const id = key.slice(keyOf('').length);
  return id.length > 0 && (nested || !id.includes(':')) && keyOf(id) === key;
}

const DELETE = Symbol('delete');
type Counted =
  | 'widget_tokens'
  | 'reservations'
  | 'webhook_events'
  | 'idempotency_records'
  | 'integration_events'
  | 'subscriptions';

/** One kind of record without an index by person: its keys, and its stored text without the person. */
interface Kind {
  keyOf: (id: string) => string;
  /** Ids hold `:` (Shopify's apply-once keys are `{topic}:{event id}`). */
  nested?: true;
  counted: Counted;
  /** The text to store instead; null: nothing of the person in it; DELETE: the record goes. */
  scrub: (raw: string) => string | null | typeof DELETE;
}

/** The same record with every value naming the person replaced, or null when none did. */
function scrubbedWith<T>(codec: Codec<T>, scrub: (record: T) => T | null) {
  return (raw: string) => {
    const next = scrub(codec.decode(raw));
    return next === null ? null : codec.encode(next);
  };
}

const scrubDetail = (event: IntegrationEvent, n: PersonNeedles): IntegrationEvent | null => {
  const detail = event.detail === null ? null : scrubSerialized(event.detail, n);
  return detail === null ? null : { ...event, detail };
};

/** A referred subscription's keys, per provider (`…:subscription:{provider}:{id}`). */
const subscriptionKeys = (t: Tenant) =>
  IntegrationProvider.options.map((provider) => (id: string) => redisKeys.subscription(t, provider, id));

/** A free trial's keys, per provider (`…:subscription_trial:{provider}:{id}`). */
const trialKeys = (t: Tenant) =>
  IntegrationProvider.options.map((provider) => (id: string) => redisKeys.subscriptionTrial(t, provider, id));

function tenantKinds(t: Tenant, n: PersonNeedles, digest: string): Kind[] {
  return [
    // Kept, with the marker for the person: its renewals still credit the advocate who referred it
    // (a renewal's write compares the text it read, so one racing this one reads again).
    ...subscriptionKeys(t).map(
      (keyOf): Kind => ({
        keyOf,
        counted: 'subscriptions',
        scrub: scrubbedWith(subscriptionCodec, (s) =>
          s.customer_external_id === n.externalId ? { ...s, customer_external_id: n.marker } : null,
        ),
      }),
    ),
    // A free trial not paid for yet: kept with the marker (its first payment still credits the advocate).
    ...trialKeys(t).map(
      (keyOf): Kind => ({
        keyOf,
        counted: 'subscriptions',
        scrub: scrubbedWith(trialCodec, (r) => {
          const mine = r.customer_external_id === n.externalId;
          const mail = r.email !== null && n.emails.some((e) => e.toLowerCase() === r.email?.toLowerCase());
          return mine || mail
            ? { ...r, customer_external_id: mine ? n.marker : r.customer_external_id, email: null }
            : null;
        }),
      }),
    ),
    // A use held at checkout (an hour at most) names the customer by digest: the marker holds it now.
    {
      keyOf: (id) => redisKeys.reservation(t, id),
      counted: 'reservations',
      scrub: scrubbedWith(reservationCodec, (r) => (r.customer === digest ? { ...r, customer: n.marker } : null)),
    },
    {
      keyOf: (digest) => redisKeys.widgetToken(t, digest),
      counted: 'widget_tokens',
      scrub: (raw) => (widgetTokenCodec.decode(raw).customer_id === n.externalId ? DELETE : null),
    },
    {
      keyOf: (id) => redisKeys.webhookEvent(t, id),
      counted: 'webhook_events',
      scrub: scrubbedWith(webhookEventCodec, (event) => {
        const scrubbed = scrubJson(event, n) as typeof event;
        return JSON.stringify(scrubbed) === JSON.stringify(event) ? null : scrubbed;
      }),
    },
    // The apply-once outcomes of provider events (30 days); one still being applied holds a lease, not JSON.
    ...IntegrationProvider.options.map(
      (provider): Kind => ({
        keyOf: (eventId) => redisKeys.providerEvent(t, provider, eventId),
        nested: true,
        counted: 'integration_events',
        scrub: (raw) =>
          raw.startsWith('{') ? scrubbedWith(integrationEventCodec, (e) => scrubDetail(e, n))(raw) : null,
      }),
    ),
  ];
}

function idempotencyKind(t: Tenant, n: PersonNeedles): Kind {
  return {
    keyOf: (digest) => redisKeys.idempotency(tenantScope(t), digest),
    counted: 'idempotency_records',
    // A replay of the answer then shows the scrubbed body: the person is gone from it too.
    scrub: scrubbedWith(idempotencyCodec, (r) => {
      const body = r.body === undefined ? null : scrubSerialized(r.body, n);
      return body === null ? null : { ...r, body };
    }),
  };
}

/** The longest prefix every kind's keys start with: one SCAN pattern for all of them. */
function patternOf(keyOfs: ((id: string) => string)[]): string {
  const prefixes = keyOfs.map((keyOf) => keyOf(''));
  let common = prefixes[0]!;
  for (const p of prefixes) while (!p.startsWith(common)) common = common.slice(0, -1);
  return `${common}*`;
}

/**
 * Writes the scrubbed text over what was read, keeping the record's remaining time to live; on a
 * concurrent change reads again. True when the record was rewritten (or deleted).
 */
async function rewrite(redis: Redis, key: string, raw: string | null, kind: Kind): Promise<boolean> {
  for (let attempt = 0; attempt < 5 && raw !== null; attempt++) {
    const next = kind.scrub(raw);
    if (next === null) return false;
    // Records deleted whole are immutable (a widget token): nothing to compare.
    if (next === DELETE) return Number(await redis.del(key)) === 1;
    if (Number(await runScript(redis, COMPARE_AND_SET_KEEP_TTL, [key], [raw, next])) === 1) return true;
    raw = await redis.get<string>(key);
  }
  if (raw === null) return false;
  throw new Error(`scrubbing ${key} kept conflicting`);
}

async function scrubKinds(redis: Redis, kinds: Kind[], counts: Record<Counted, number>): Promise<void> {
  await eachPage(redis, patternOf(kinds.map((k) => k.keyOf)), async (keys) => {
    const picked = keys.flatMap((key) => {
      const kind = kinds.find((k) => ofKind(key, k.keyOf, k.nested));
      return kind ? [{ key, kind }] : [];
    });
    if (picked.length === 0) return;
    const raws = (await redis.mget(...picked.map((p) => p.key))) as (string | null)[];
    for (const [i, { key, kind }] of picked.entries()) {
      if (await rewrite(redis, key, raws[i] ?? null, kind)) counts[kind.counted]++;
    }
  });
}

/** The console's log of the last events of each provider (a list: entries replaced in place). */
async function scrubIntegrationLog(redis: Redis, t: Tenant, n: PersonNeedles): Promise<number> {
  let changed = 0;
  for (const provider of IntegrationProvider.options) {
    const key = redisKeys.integrationEvents(t, provider);
    for (const raw of (await redis.lrange(key, 0, -1)) as string[]) {
      const next = scrubDetail(integrationEventCodec.decode(raw), n);
      if (next === null) continue;
      const encoded = integrationEventCodec.encode(next);
      if (Number(await runScript(redis, LIST_REPLACE, [key], [raw, encoded])) === 1) changed++;
    }
  }
  return changed;
}

/**
 * Records with no index by person: widget tokens deleted, webhook envelopes, idempotent answers and integration logs
 * scrubbed.
 */
export async function scrubTenantRecords(
  redis: Redis,
  t: Tenant,
  n: PersonNeedles,
  digest: string,
): Promise<Record<Counted, number>> {
  const counts = {
    widget_tokens: 0,
    reservations: 0,
    webhook_events: 0,
    idempotency_records: 0,
    integration_events: 0,
    subscriptions: 0,
  };
  await scrubKinds(redis, tenantKinds(t, n, digest), counts);
  await scrubKinds(redis, [idempotencyKind(t, n)], counts);
  counts.integration_events += await scrubIntegrationLog(redis, t, n);
  return counts;
}

type WidgetTokenHeld = { email: string | null; name: string | null; expires_at: string };

/**
 * What the person holds in records without an index by person, for their export: widget tokens
 * still stored, referred subscriptions and free trials. One SCAN of the tenant's keys, a MGET per page.
 */
export async function scannedRecordsOf(redis: Redis, t: Tenant, externalId: string) {
  const out = {
    widgetTokens: [] as WidgetTokenHeld[],
    subscriptions: [] as SubscriptionRecord[],
    trials: [] as TrialRecord[],
  };
  const tokenKey = (digest: string) => redisKeys.widgetToken(t, digest);
  const subscriptionKey = subscriptionKeys(t);
  const trialKey = trialKeys(t);
  const pattern = patternOf([tokenKey, ...subscriptionKey, ...trialKey]);
  await eachPage(redis, pattern, async (keys) => {
    const tokens = keys.filter((k) => ofKind(k, tokenKey));
    const subscriptions = keys.filter((k) => subscriptionKey.some((keyOf) => ofKind(k, keyOf)));
    const trials = keys.filter((k) => trialKey.some((keyOf) => ofKind(k, keyOf)));
    const raws = await mgetAll(redis, [...tokens, ...subscriptions, ...trials]);
    for (const raw of raws.slice(0, tokens.length)) {
      const r = widgetTokenCodec.decodeOrNull(raw);
      if (r?.customer_id === externalId)
        out.widgetTokens.push({ email: r.email, name: r.name, expires_at: r.expires_at });
    }
    for (const raw of raws.slice(tokens.length, tokens.length + subscriptions.length)) {
      const s = subscriptionCodec.decodeOrNull(raw);
      if (s?.customer_external_id === externalId) out.subscriptions.push(s);
    }
    for (const raw of raws.slice(tokens.length + subscriptions.length)) {
      const r = trialCodec.decodeOrNull(raw);
      if (r?.customer_external_id === externalId) out.trials.push(r);
    }
  });
  return out;
}

async function mgetAll(redis: Redis, keys: string[]): Promise<(string | null)[]> {
  return keys.length === 0 ? [] : ((await redis.mget(...keys)) as (string | null)[]);
}
