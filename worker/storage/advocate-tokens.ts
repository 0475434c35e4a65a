import * as z from 'zod';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { defineCodec } from './codec.ts';
import { ADVOCATE_TOKENS_REVOKE_ALL as REVOKE_ALL } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** What Redis holds for an advocate token, under its SHA-256: the token itself never. */
const AdvocateTokenRecord = z.object({
  merchant_id: z.string(),
  mode: KeyMode,
  advocate_id: z.string(),
  program_id: z.string(),
  digest: z.string(),
  created_at: z.string(),
});
export type AdvocateTokenRecord = z.infer<typeof AdvocateTokenRecord>;
export const advocateTokenCodec = defineCodec({ name: 'advocate token', schema: AdvocateTokenRecord });

/** Longer than any grant lives (pairing links: 24 h valid + 1 h grace). */
const REVOKED_AT_TTL_MS = 25 * 3600 * 1000;

const tenantOf = (record: AdvocateTokenRecord): Tenant => ({ merchantId: record.merchant_id, mode: record.mode });

/** The extension's advocate tokens, by the SHA-256 of the token (minted by pairingStore.exchange). */
export const advocateTokenStore = defineStore((redis) => ({
  /** The token's record by its digest, or null (unknown or revoked). One read. */
  find: async (digest: string) =>
    advocateTokenCodec.decodeOrNull(await redis.get<string>(redisKeys.advocateToken(digest))),

  /** Revokes one token (the extension signing out): 1, or 0 when it was already gone. One MULTI. */
  revoke: async (record: AdvocateTokenRecord) => {
    const tx = redis.multi();
    tx.del(redisKeys.advocateToken(record.digest));
    tx.srem(redisKeys.advocateExtensionTokens(tenantOf(record), record.advocate_id), record.digest);
    const [deleted] = (await tx.exec()) as [number, number];
    return Number(deleted);
  },

  /**
   * Revokes every extension token of an advocate (the merchant's kill switch), and every
   * outstanding grant: how many tokens there were. One script.
   */
  revokeAll: async (t: Tenant, advocateId: string, now = Date.now()) => {
    const keys: [string, string] = [
      redisKeys.advocateExtensionTokens(t, advocateId),
      redisKeys.advocateTokensRevokedAt(t, advocateId),
    ];
    return Number(await runScript(redis, REVOKE_ALL, keys, [redisKeys.advocateToken(''), now, REVOKED_AT_TTL_MS]));
  },
}));
export type AdvocateTokenStore = ReturnType<typeof advocateTokenStore>;
