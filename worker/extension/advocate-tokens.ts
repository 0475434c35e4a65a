import { AdvocateTokenValue } from '../../shared/schemas/extension.ts';
import { ApiError } from '../errors/api-error.ts';
import { safeEqual, sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import type { EntryOwner } from './wallet-entry.ts';
import { ADVOCATE_TOKENS_REVOKE_ALL as REVOKE_ALL } from '../storage/lua/index.ts';

/** What Redis holds for an advocate token, under its SHA-256: the token itself never. */
export interface AdvocateTokenRecord {
  merchant_id: string;
  mode: Tenant['mode'];
  advocate_id: string;
  program_id: string;
  digest: string;
  created_at: string;
}

export const invalidToken = () =>
  new ApiError(
    'authentication_error',
    'invalid_advocate_token',
    'This advocate token is unknown or revoked: pair the extension again.',
  );

/** The `vat_…` of `Authorization: Bearer vat_…`; anything else is a 401 before any Redis call. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match || !AdvocateTokenValue.safeParse(match[1]).success) {
    throw new ApiError(
      'authentication_error',
      'missing_advocate_token',
      'Send the extension\u2019s token as `Authorization: Bearer vat_…`.',
    );
  }
  return match[1]!;
}

export function ownerOf(record: AdvocateTokenRecord): EntryOwner {
  return {
    tenant: { merchantId: record.merchant_id, mode: record.mode },
    advocateId: record.advocate_id,
    programId: record.program_id,
  };
}

/** The token's record, or null (unknown or revoked). One read, by digest. */
export async function findToken(redis: Redis, token: string): Promise<AdvocateTokenRecord | null> {
  const digest = await sha256Hex(token);
  const raw = await redis.get<string>(redisKeys.advocateToken(digest));
  if (!raw) return null;
  const record = JSON.parse(raw) as AdvocateTokenRecord;
  return (await safeEqual(record.digest, digest)) ? record : null;
}

/** Revokes one token (the extension signing out): 1, or 0 when it was already gone. Two round trips. */
export async function revokeToken(redis: Redis, token: string): Promise<number> {
  const record = await findToken(redis, token);
  if (!record) return 0;
  const tx = redis.multi();
  tx.del(redisKeys.advocateToken(record.digest));
  tx.srem(redisKeys.advocateExtensionTokens(ownerOf(record).tenant, record.advocate_id), record.digest);
  const [deleted] = (await tx.exec()) as [number, number];
  return Number(deleted);
}

/** Longer than any grant lives (pairing links: 24 h valid + 1 h grace). */
export const REVOKED_AT_TTL_MS = 25 * 3600 * 1000;

/** Revokes every extension token of an advocate (the merchant's kill switch), and every outstanding grant: how many tokens there were. */
export async function revokeAdvocateTokens(
  redis: Redis,
  t: Tenant,
  advocateId: string,
  now = Date.now(),
): Promise<number> {
  return Number(
    await runScript(
      redis,
      REVOKE_ALL,
      [redisKeys.advocateExtensionTokens(t, advocateId), redisKeys.advocateTokensRevokedAt(t, advocateId)],
      [redisKeys.advocateToken(''), now, REVOKED_AT_TTL_MS],
    ),
  );
}
