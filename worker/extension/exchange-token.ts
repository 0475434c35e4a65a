import type { TokenExchange, TokenExchangeResult, WalletEntry } from '../../shared/schemas/extension.ts';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import { ApiError } from '../errors/api-error.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../storage/client.ts';
import { hashFields } from '../storage/hash-reply.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Mode } from '../storage/redis-keys.ts';
import { openSecret, sealSecret } from '../webhooks/secret-box.ts';
import { randomToken } from '../widget/random-token.ts';
import type { AdvocateTokenRecord } from './advocate-tokens.ts';
import { pairingErrors } from './pairing-errors.ts';
import { POLL_INTERVAL_SECONDS } from './start-pairing.ts';
import { entryFromReads, queueEntryReads, type EntryOwner } from './wallet-entry.ts';
import { TOKEN_EXCHANGE as EXCHANGE, TOKEN_EXCHANGE_POLL as POLL } from '../storage/lua/index.ts';

/** How long a consumed pairing answers a retried exchange with the same token. */
export const REPLAY_SECONDS = 60;
// Polls closer than half the interval are a client ignoring it, not network jitter.
const MIN_POLL_GAP_MS = (POLL_INTERVAL_SECONDS * 1000) / 2;

export interface ExchangeDeps {
  env: Pick<Env, 'HASH_SECRET'>;
  redis: Redis;
  linkOf: (merchant: Merchant, code: string) => string;
}

// The sealed copy opens only for the pairing it was made for.
const binding = (grantKey: string) => `advocate-token:${grantKey}`;

/**
 * Pending: one round trip. Confirmed: the poll, the entry's reads, the exchange script (3).
 * A retry within 60 s: the poll and the entry's reads (2), answering the same token.
 */
export async function exchangeToken(
  deps: ExchangeDeps,
  input: TokenExchange,
  now = Date.now(),
): Promise<TokenExchangeResult> {
  const { env, redis } = deps;
  const grantKey =
    'device_code' in input
      ? redisKeys.pairing(await sha256Hex(input.device_code))
      : redisKeys.pairingLink(await sha256Hex(input.pairing_link));
  const [state, raw] = await runScript(redis, POLL, [grantKey], [now, MIN_POLL_GAP_MS]);
  if (state === 'slow_down') {
    throw new ApiError('rate_limit_error', 'slow_down', `Poll at most every ${POLL_INTERVAL_SECONDS} s.`, {
      headers: { 'Retry-After': String(POLL_INTERVAL_SECONDS) },
    });
  }
  if (state !== 'ok') throw pairingErrors.notFound();
  const grant = hashFields(raw);
  if (grant.status !== 'paired' && Number(grant.expires) <= now) throw pairingErrors.expired();
  if (grant.status === 'pending')
    return { object: 'pairing_status', status: 'pending', interval: POLL_INTERVAL_SECONDS };

  const owner: EntryOwner = {
    tenant: { merchantId: grant.merchant!, mode: grant.mode as Mode },
    advocateId: grant.advocate!,
    programId: grant.program!,
  };
  const p = redis.pipeline();
  queueEntryReads(p, owner);
  const entry = entryFromReads(await p.exec(), 0, owner, deps.linkOf, new Date(now));
  if (!entry) throw pairingErrors.notFound();
  if (grant.status === 'paired') return paired(await openBox(env, grant.box, grantKey), entry);

  const token = randomToken('vat_');
  const digest = await sha256Hex(token);
  const record: AdvocateTokenRecord = {
    merchant_id: owner.tenant.merchantId,
    mode: owner.tenant.mode,
    advocate_id: owner.advocateId,
    program_id: owner.programId,
    digest,
    created_at: new Date(now).toISOString(),
  };
  const [outcome, box] = await runScript(
    redis,
    EXCHANGE,
    [
      grantKey,
      redisKeys.advocateToken(digest),
      redisKeys.advocateExtensionTokens(owner.tenant, owner.advocateId),
      redisKeys.advocateTokensRevokedAt(owner.tenant, owner.advocateId),
    ],
    [
      now,
      owner.advocateId,
      JSON.stringify(record),
      digest,
      await sealSecret(env, token, binding(grantKey)),
      REPLAY_SECONDS * 1000,
    ],
  );
  if (outcome === 'expired') throw pairingErrors.expired();
  if (outcome === 'revoked') throw pairingErrors.revoked();
  if (outcome !== 'paired' || !box) throw pairingErrors.notFound();
  return paired(await openBox(env, box, grantKey), entry);
}

/** The token kept for retries; a box that no longer opens (HASH_SECRET rolled) is as good as gone. */
async function openBox(env: Pick<Env, 'HASH_SECRET'>, box: string | undefined, grantKey: string): Promise<string> {
  try {
    if (box) return await openSecret(env, box, binding(grantKey));
  } catch {
    // fall through
  }
  throw pairingErrors.notFound();
}

function paired(token: string, entry: WalletEntry): TokenExchangeResult {
  return { object: 'pairing_status', status: 'paired', token, entry };
}
