import * as z from 'zod';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { LINK_TTL_MS, newLinkToken, newSessionToken, SESSION_TTL_MS } from '../lib/console-tokens.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { CONSOLE_SESSION_EXCHANGE as EXCHANGE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** What a console link stands for until it is exchanged (only its digest is the key). */
const ConsoleLinkRecord = z.object({
  merchant_id: z.string(),
  mode: KeyMode,
  digest: z.string(),
  expires_at: z.string(),
});
export type ConsoleLinkRecord = z.infer<typeof ConsoleLinkRecord>;

/** A console session: acts as the merchant's secret key of that mode until it expires or is revoked. */
const ConsoleSessionRecord = ConsoleLinkRecord.extend({ created_at: z.string() });
export type ConsoleSessionRecord = z.infer<typeof ConsoleSessionRecord>;

const consoleLinkCodec = defineCodec({ name: 'console link', schema: ConsoleLinkRecord });
/** The auth middleware decodes a session with it (the rate-limit script hands it the stored text). */
export const consoleSessionCodec = defineCodec({ name: 'console session', schema: ConsoleSessionRecord });

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
  await redis.set(redisKeys.consoleLink(digest), consoleLinkCodec.encode(record), { px: LINK_TTL_MS });
  return { token, expiresAt };
}

/** The link's session, or null when the link is unknown, used or expired (one answer for all three). */
export async function exchangeConsoleLink(
  redis: Redis,
  link: string,
  now = Date.now(),
): Promise<{ token: string; record: ConsoleSessionRecord } | null> {
  const linkDigest = await sha256Hex(link);
  const linkRecord = consoleLinkCodec.decodeOrNull(await redis.get<string>(redisKeys.consoleLink(linkDigest)));
  if (!linkRecord) return null;
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
    [consoleSessionCodec.encode(record), SESSION_TTL_MS],
  );
  if (!taken) return null; // a concurrent exchange used it first
  return { token, record };
}

/** Console sign-in links (single use, 15 min) and the sessions they open (8 h). */
export const consoleSessionStore = defineStore((redis) => ({
  createLink: (t: Tenant, now?: number) => createConsoleLink(redis, t, now),
  exchangeLink: (link: string, now?: number) => exchangeConsoleLink(redis, link, now),
  /** Deletes the session (by its token's digest); true when it existed. */
  revoke: async (tokenDigest: string) => (await redis.del(redisKeys.consoleSession(tokenDigest))) > 0,
}));
export type ConsoleSessionStore = ReturnType<typeof consoleSessionStore>;
