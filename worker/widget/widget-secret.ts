import type { Redis } from '../storage/client.ts';
import { redisKeys, tenantScope, type Tenant } from '../storage/redis-keys.ts';
import { openSecret, sealSecret } from '../webhooks/secret-box.ts';
import { randomToken } from './random-token.ts';

/** What Redis holds: the secret only sealed (AES-GCM, bound to its tenant), never in clear. */
export interface WidgetSecretRecord {
  box: string;
  created_at: string;
}

// Bound to the tenant: a box copied to another merchant or mode does not open.
const binding = (t: Tenant) => `widget-secret:${tenantScope(t)}`;

/** A new secret replaces the old one in one SET: signatures made with the old one fail from now on. */
export async function rollWidgetSecret(
  env: Pick<Env, 'HASH_SECRET'>,
  redis: Redis,
  t: Tenant,
  now: Date,
): Promise<{ secret: string; createdAt: string }> {
  // Merchants use the whole `wsec_…` string as the HMAC key (no decoding step to get wrong).
  const secret = randomToken('wsec_');
  const record: WidgetSecretRecord = { box: await sealSecret(env, secret, binding(t)), created_at: now.toISOString() };
  await redis.set(redisKeys.widgetSecret(t), JSON.stringify(record));
  return { secret, createdAt: record.created_at };
}

/** The secret from its stored record (null when none was ever issued). */
export async function openWidgetSecret(
  env: Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  raw: string | null,
): Promise<string | null> {
  if (!raw) return null;
  const record = JSON.parse(raw) as WidgetSecretRecord;
  return openSecret(env, record.box, binding(t));
}
