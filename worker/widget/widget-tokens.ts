import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { randomToken } from './random-token.ts';

export const TOKEN_TTL_SECONDS = 3600;
// The record outlives the token by an hour so an expired token is told apart from a forged one:
// the widget can then ask the merchant's page for a fresh token instead of giving up.
const GRACE_SECONDS = 3600;

/** Stored under the token's SHA-256: a Redis dump yields no usable token. */
export interface WidgetTokenRecord {
  customer_id: string;
  email: string | null;
  name: string | null;
  expires_at: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export async function issueWidgetToken(
  redis: Redis,
  t: Tenant,
  customer: { customer_id: string; email?: string; name?: string },
  now: Date,
): Promise<IssuedToken> {
  const token = randomToken('wtk_');
  const record: WidgetTokenRecord = {
    customer_id: customer.customer_id,
    email: customer.email ?? null,
    name: customer.name ?? null,
    expires_at: new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000).toISOString(),
  };
  await redis.set(redisKeys.widgetToken(t, await sha256Hex(token)), JSON.stringify(record), {
    ex: TOKEN_TTL_SECONDS + GRACE_SECONDS,
  });
  return { token, expiresAt: record.expires_at };
}

export async function widgetTokenKey(t: Tenant, token: string): Promise<string> {
  return redisKeys.widgetToken(t, await sha256Hex(token));
}
