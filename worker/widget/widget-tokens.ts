import { sha256Hex } from '../lib/crypto.ts';
import { randomToken } from '../lib/random-token.ts';
import type { StoreEnv } from '../storage/store.ts';
import { type WidgetTokenRecord, widgetStore } from '../storage/widget.ts';
import type { Tenant } from '../tenant.ts';

const TOKEN_TTL_SECONDS = 3600;
// The record outlives the token by an hour so an expired token is told apart from a forged one:
// the widget can then ask the merchant's page for a fresh token instead of giving up.
const GRACE_SECONDS = 3600;

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export async function issueWidgetToken(
  env: StoreEnv,
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
  await widgetStore(env).putToken(t, await sha256Hex(token), record, TOKEN_TTL_SECONDS + GRACE_SECONDS);
  return { token, expiresAt: record.expires_at };
}
