import * as z from 'zod';
import type { PairingLink } from '../../shared/schemas/extension.ts';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { randomToken } from '../lib/random-token.ts';
import { type AdvocateTokenRecord, advocateTokenCodec } from './advocate-tokens.ts';
import { StoredRecordError } from './codec.ts';
import { hashFields } from './hash-reply.ts';
import {
  PAIRING_CONFIRM as CONFIRM,
  PAIRING_LINK_CREATE as CREATE_LINK,
  TOKEN_EXCHANGE as EXCHANGE,
  TOKEN_EXCHANGE_POLL as POLL,
  PAIRING_START as START,
} from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** What an advocate token is exchanged for: a device-flow pairing or a merchant's pairing link, by digest. */
export type Grant = { deviceDigest: string } | { linkDigest: string };

const grantKey = (g: Grant) =>
  'deviceDigest' in g ? redisKeys.pairing(g.deviceDigest) : redisKeys.pairingLink(g.linkDigest);

/** What a sealed token is bound to: its grant (the sealed copy opens only for the pairing it was made for). */
export const grantBinding = (g: Grant) => `advocate-token:${grantKey(g)}`;

/** A pairing or link hash, typed field by field (a hash of counters and states: no version). */
const GrantFields = z.object({
  status: z.enum(['pending', 'confirmed', 'paired']),
  expires: z.coerce.number(),
  client: z.string().optional(),
  merchant: z.string().optional(),
  mode: KeyMode.optional(),
  program: z.string().optional(),
  advocate: z.string().optional(),
  box: z.string().optional(),
});

/** A pairing's two codes, by digest: the user code's HMAC and the device code's SHA-256. */
export interface PairingCode {
  userCodeDigest: string;
  deviceDigest: string;
}

export interface PendingPairing extends PairingCode {
  client: string;
  expiresMs: number;
}

const LINK_TTL_SECONDS = 24 * 3600;
// Kept an hour past expiry so a late click says "expired" rather than "unknown".
const LINK_GRACE_SECONDS = 3600;

/** The extension's pairings (device flow, by digests of both codes) and pairing links, until exchanged. */
export const pairingStore = defineStore((redis) => ({
  /** A pending pairing, if its user code is free (false: taken, try another). One script. */
  start: async (p: PendingPairing, ttlSeconds: number) => {
    const keys: [string, string] = [redisKeys.pairingUserCode(p.userCodeDigest), redisKeys.pairing(p.deviceDigest)];
    const args: [string, number, string, number] = [p.deviceDigest, ttlSeconds, p.client, p.expiresMs];
    return Number(await runScript(redis, START, keys, args)) === 1;
  },

  /**
   * A single-use link for one advocate: `{base}/pair#vpl_…` (the fragment never reaches a server
   * log), born confirmed. One round trip.
   */
  createLink: async (
    t: Tenant,
    advocate: { id: string; program_id: string },
    base: string,
    now = Date.now(),
  ): Promise<PairingLink> => {
    const token = randomToken('vpl_');
    const expires = now + LINK_TTL_SECONDS * 1000;
    const ttl = LINK_TTL_SECONDS + LINK_GRACE_SECONDS;
    await runScript(
      redis,
      CREATE_LINK,
      [redisKeys.pairingLink(await sha256Hex(token))],
      [expires, t.merchantId, t.mode, advocate.program_id, advocate.id, ttl, now],
    );
    return { object: 'pairing_link', url: `${base}/pair#${token}`, token, expires_at: new Date(expires).toISOString() };
  },

  /** Binds the pending pairing a user code stands for to one advocate, once (the same advocate again: confirmed). */
  confirm: async (code: PairingCode, t: Tenant, bind: { programId: string; advocateId: string }, now: number) => {
    const keys: [string, string] = [
      redisKeys.pairingUserCode(code.userCodeDigest),
      redisKeys.pairing(code.deviceDigest),
    ];
    const { programId, advocateId } = bind;
    return runScript(redis, CONFIRM, keys, [code.deviceDigest, now, t.merchantId, t.mode, programId, advocateId]);
  },

  /** Reads a grant and, while pending, notes the poll: `slow_down` when it comes under `minGapMs` after the last. */
  poll: async (grant: Grant, now: number, minGapMs: number) => {
    const [state, raw] = await runScript(redis, POLL, [grantKey(grant)], [now, minGapMs]);
    if (state !== 'ok') return { state } as const;
    const fields = GrantFields.safeParse(hashFields(raw));
    if (!fields.success) throw new StoredRecordError('pairing', fields.error.issues[0]?.message ?? 'invalid');
    return { state, grant: fields.data } as const;
  },

  /**
   * Consumes a confirmed grant once: stores the token's record, adds it to the advocate's set and
   * keeps the sealed token on the grant for `replayMs`. A concurrent twin's token wins.
   */
  exchange: async (grant: Grant, token: AdvocateTokenRecord, sealedToken: string, now: number, replayMs: number) => {
    const t: Tenant = { merchantId: token.merchant_id, mode: token.mode };
    const keys: [string, string, string, string] = [
      grantKey(grant),
      redisKeys.advocateToken(token.digest),
      redisKeys.advocateExtensionTokens(t, token.advocate_id),
      redisKeys.advocateTokensRevokedAt(t, token.advocate_id),
    ];
    const args: [number, string, string, string, string, number] = [
      now,
      token.advocate_id,
      advocateTokenCodec.encode(token),
      token.digest,
      sealedToken,
      replayMs,
    ];
    return runScript(redis, EXCHANGE, keys, args);
  },
}));
export type PairingStore = ReturnType<typeof pairingStore>;
