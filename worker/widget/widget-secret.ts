import { randomToken } from '../lib/random-token.ts';
import type { StoreEnv } from '../storage/store.ts';
import { type WidgetSecretRecord, widgetStore } from '../storage/widget.ts';
import type { Tenant } from '../tenant.ts';
import { tenantScope } from '../tenant.ts';
import { openSecret, sealSecret } from '../webhooks/secret-box.ts';

// Bound to the tenant: a box copied to another merchant or mode does not open.
const binding = (t: Tenant) => `widget-secret:${tenantScope(t)}`;

/** A new secret replaces the old one in one SET: signatures made with the old one fail from now on. */
export async function rollWidgetSecret(
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  now: Date,
): Promise<{ secret: string; createdAt: string }> {
  // Merchants use the whole `wsec_…` string as the HMAC key (no decoding step to get wrong).
  const secret = randomToken('wsec_');
  const record: WidgetSecretRecord = { box: await sealSecret(env, secret, binding(t)), created_at: now.toISOString() };
  await widgetStore(env).putSecret(t, record);
  return { secret, createdAt: record.created_at };
}

/** The secret from its stored record (null when none was ever issued). */
export async function openWidgetSecret(
  env: Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  record: WidgetSecretRecord | null,
): Promise<string | null> {
  return record ? openSecret(env, record.box, binding(t)) : null;
}
