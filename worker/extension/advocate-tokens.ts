import { AdvocateTokenValue } from '../../shared/schemas/extension.ts';
import { ApiError } from '../errors/api-error.ts';
import { safeEqual, sha256Hex } from '../lib/crypto.ts';
import { type AdvocateTokenRecord, advocateTokenStore } from '../storage/advocate-tokens.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { EntryOwner } from './wallet-entry.ts';

export type { AdvocateTokenRecord };

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
export async function findToken(env: StoreEnv, token: string): Promise<AdvocateTokenRecord | null> {
  const digest = await sha256Hex(token);
  const record = await advocateTokenStore(env).find(digest);
  return record && (await safeEqual(record.digest, digest)) ? record : null;
}

/** Revokes one token (the extension signing out): 1, or 0 when it was already gone. Two round trips. */
export async function revokeToken(env: StoreEnv, token: string): Promise<number> {
  const record = await findToken(env, token);
  return record ? advocateTokenStore(env).revoke(record) : 0;
}
