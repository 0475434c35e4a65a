import type { Redis } from '../storage/client.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Mode, type Tenant } from '../storage/redis-keys.ts';
import { LINK_TTL_MS, newLinkToken, newSessionToken, SESSION_TTL_MS } from './tokens.ts';
import { CONSOLE_SESSION_EXCHANGE as EXCHANGE } from '../storage/lua/index.ts';

/** What a console link stands for until it is exchanged (only its digest is the key). */
export interface ConsoleLinkRecord {
  merchant_id: string;
  mode: Mode;
  digest: string;
  expires_at: string;
}

/** A console session: acts as the merchant's secret key of that mode until it expires or is revoked. */
export interface ConsoleSessionRecord {
  merchant_id: string;
  mode: Mode;
  digest: string;
  created_at: string;
  expires_at: string;
}

export async function createConsoleLink(
  redis: Redis,
  tenant: Tenant,
  now = Date.now(),
): Promise<{ token: string; expiresAt: string }> {
  const token = newLinkToken();
  const digest = await sha256Hex(token);
  const expiresAt = new Date(now + LINK_TTL_MS).toISOString();
  const record: ConsoleLinkRecord = {
    merchant_id: tenant.merchantId,
    mode: tenant.mode,
    digest,
    expires_at: expiresAt,
  };
  await redis.set(redisKeys.consoleLink(digest), JSON.stringify(record), { px: LINK_TTL_MS });
  return { token, expiresAt };
}

/** The link's session, or null when the link is unknown, used or expired (one answer for all three). */
export async function exchangeConsoleLink(
  redis: Redis,
  link: string,
  now = Date.now(),
): Promise<{ token: string; record: ConsoleSessionRecord } | null> {
  const linkDigest = await sha256Hex(link);
  const found = await redis.get<ConsoleLinkRecord | string>(redisKeys.consoleLink(linkDigest));
  if (!found) return null;
  const linkRecord = (typeof found === 'string' ? JSON.parse(found) : found) as ConsoleLinkRecord;
  const token = newSessionToken();
  const digest = await sha256Hex(token);
  const record: ConsoleSessionRecord = {
    merchant_id: linkRecord.merchant_id,
    mode: linkRecord.mode,
    digest,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + SESSION_TTL_MS).toISOString(),
  };
  const taken = await runScript(
    redis,
    EXCHANGE,
    [redisKeys.consoleLink(linkDigest), redisKeys.consoleSession(digest)],
    [JSON.stringify(record), SESSION_TTL_MS],
  );
  if (!taken) return null; // a concurrent exchange used it first
  return { token, record };
}

/** Deletes the session; true when it existed. */
export async function revokeConsoleSession(redis: Redis, tokenDigest: string): Promise<boolean> {
  return (await redis.del(redisKeys.consoleSession(tokenDigest))) > 0;
}
