import { type PersonalNeedles, scrubJson, scrubSerialized } from '../../shared/core/scrub-personal.ts';
import { type IntegrationEvent, IntegrationProvider } from '../../shared/schemas/integration.ts';
import { tenantScope } from '../tenant.ts';
import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';
import { idempotencyCodec } from './idempotency.ts';
import { eventCodec as integrationEventCodec } from './integrations.ts';
import { COMPARE_AND_SET_KEEP_TTL, LIST_REPLACE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { eventCodec as webhookEventCodec } from './webhook-deliveries.ts';
import { type WidgetTokenRecord, widgetTokenCodec } from './widget.ts';

export type PersonNeedles = PersonalNeedles;

// Records keyed by a token's or a key's digest, or by an event id, have no index by person: an
// erasure (rare, and asked for by a person) walks the tenant's keys of that kind with SCAN MATCH.
// SCAN visits the whole keyspace per pattern; the patterns are built by the key functions themselves.
const SCAN_COUNT = 1000;

async function eachKey(redis: Redis, pattern: string, visit: (key: string) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = (await redis.scan(cursor, { match: pattern, count: SCAN_COUNT })) as [
      string | number,
      string[],
    ];
    cursor = String(next);
    for (const key of keys) await visit(key);
  } while (cursor !== '0');
}

/** Keys of one kind whose last part is the id (`…:webhook_event:{id}`, not `…:webhook_event:{id}:deliveries`). */
function ofKind(key: string, keyOf: (id: string) => string): boolean {
  const id = key.slice(keyOf('').length);
  return id.length > 0 && !id.includes(':') && keyOf(id) === key;
}

/**
 * updateJson for records that expire: decode, scrub (null: nothing of the person), compare-and-set
 * keeping the record's remaining time to live; re-read on a concurrent change. True when rewritten.
 */
async function scrubRecord<T>(redis: Redis, key: string, codec: Codec<T>, scrub: (r: T) => T | null): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<string>(key);
    const next = raw === null ? null : scrub(codec.decode(raw));
    if (raw === null || next === null) return false;
    if (Number(await runScript(redis, COMPARE_AND_SET_KEEP_TTL, [key], [raw, codec.encode(next)])) === 1) return true;
  }
  throw new Error(`scrubbing ${key} kept conflicting`);
}

async function widgetTokenEntries(redis: Redis, t: Tenant, externalId: string) {
  const out: { key: string; record: WidgetTokenRecord }[] = [];
  const keyOf = (digest: string) => redisKeys.widgetToken(t, digest);
  await eachKey(redis, keyOf('*'), async (key) => {
    if (!ofKind(key, keyOf)) return;
    const record = widgetTokenCodec.decodeOrNull(await redis.get<string>(key));
    if (record?.customer_id === externalId) out.push({ key, record });
  });
  return out;
}

export async function widgetTokensOf(redis: Redis, t: Tenant, externalId: string) {
  return (await widgetTokenEntries(redis, t, externalId)).map(({ record }) => ({
    email: record.email,
    name: record.name,
    expires_at: record.expires_at,
  }));
}

async function scrubWebhookEvents(redis: Redis, t: Tenant, n: PersonNeedles): Promise<number> {
  let changed = 0;
  const keyOf = (id: string) => redisKeys.webhookEvent(t, id);
  await eachKey(redis, keyOf('*'), async (key) => {
    if (!ofKind(key, keyOf)) return;
    const updated = await scrubRecord(redis, key, webhookEventCodec, (event) => {
      const scrubbed = scrubJson(event, n) as typeof event;
      return JSON.stringify(scrubbed) === JSON.stringify(event) ? null : scrubbed;
    });
    if (updated) changed++;
  });
  return changed;
}

async function scrubIdempotency(redis: Redis, t: Tenant, n: PersonNeedles): Promise<number> {
  let changed = 0;
  const keyOf = (digest: string) => redisKeys.idempotency(tenantScope(t), digest);
  await eachKey(redis, keyOf('*'), async (key) => {
    if (!ofKind(key, keyOf)) return;
    // A replay of the answer then shows the scrubbed body: the person is gone from it too.
    const updated = await scrubRecord(redis, key, idempotencyCodec, (r) => {
      const body = r.body === undefined ? null : scrubSerialized(r.body, n);
      return body === null ? null : { ...r, body };
    });
    if (updated) changed++;
  });
  return changed;
}

const scrubDetail = (event: IntegrationEvent, n: PersonNeedles): IntegrationEvent | null => {
  const detail = event.detail === null ? null : scrubSerialized(event.detail, n);
  return detail === null ? null : { ...event, detail };
};

/** The console's recent-events log and the apply-once outcomes (30 days) of each provider. */
async function scrubIntegrationEvents(redis: Redis, t: Tenant, n: PersonNeedles): Promise<number> {
  let changed = 0;
  for (const provider of IntegrationProvider.options) {
    const key = redisKeys.integrationEvents(t, provider);
    for (const raw of (await redis.lrange(key, 0, -1)) as string[]) {
      const next = scrubDetail(integrationEventCodec.decode(raw), n);
      if (next === null) continue;
      const encoded = integrationEventCodec.encode(next);
      if (Number(await runScript(redis, LIST_REPLACE, [key], [raw, encoded])) === 1) changed++;
    }
    const keyOf = (eventId: string) => redisKeys.providerEvent(t, provider, eventId);
    await eachKey(redis, keyOf('*'), async (outcome) => {
      // A delivery still being applied holds a lease, not an outcome: nothing to scrub yet.
      if (!ofKind(outcome, keyOf) || (await redis.get<string>(outcome))?.startsWith('{') !== true) return;
      if (await scrubRecord(redis, outcome, integrationEventCodec, (e) => scrubDetail(e, n))) changed++;
    });
  }
  return changed;
}

/** Records with no index by person: widget tokens deleted, webhook envelopes, idempotent answers and integration logs scrubbed. */
export async function scrubTenantRecords(redis: Redis, t: Tenant, n: PersonNeedles) {
  const tokens = await widgetTokenEntries(redis, t, n.externalId);
  const deleted = tokens.length === 0 ? 0 : Number(await redis.del(...tokens.map((x) => x.key)));
  return {
    widget_tokens: deleted,
    webhook_events: await scrubWebhookEvents(redis, t, n),
    idempotency_records: await scrubIdempotency(redis, t, n),
    integration_events: await scrubIntegrationEvents(redis, t, n),
  };
}
