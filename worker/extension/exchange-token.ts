import type { TokenExchange, TokenExchangeResult, WalletEntry } from '../../shared/schemas/extension.ts';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import { ApiError } from '../errors/api-error.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { randomToken } from '../lib/random-token.ts';
import type { AdvocateTokenRecord } from '../storage/advocate-tokens.ts';
import { type Grant, grantBinding, pairingStore } from '../storage/pairing.ts';
import type { StoreEnv } from '../storage/store.ts';
import { openSecret, sealSecret } from '../webhooks/secret-box.ts';
import { pairingErrors } from './pairing-errors.ts';
import { POLL_INTERVAL_SECONDS } from './start-pairing.ts';
import { type EntryOwner, readWalletEntry } from './wallet-entry.ts';

/** How long a consumed pairing answers a retried exchange with the same token. */
const REPLAY_SECONDS = 60;
// Polls closer than half the interval are a client ignoring it, not network jitter.
const MIN_POLL_GAP_MS = (POLL_INTERVAL_SECONDS * 1000) / 2;

export interface ExchangeDeps {
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>;
  linkOf: (merchant: Merchant, code: string) => string;
}

/**
 * Pending: one round trip. Confirmed: the poll, the entry's reads, the exchange script (3).
 * A retry within 60 s: the poll and the entry's reads (2), answering the same token.
 */
export async function exchangeToken(
  deps: ExchangeDeps,
  input: TokenExchange,
  now = Date.now(),
): Promise<TokenExchangeResult> {
  const { env } = deps;
  const grant: Grant =
    'device_code' in input
      ? { deviceDigest: await sha256Hex(input.device_code) }
      : { linkDigest: await sha256Hex(input.pairing_link) };
  const polled = await pairingStore(env).poll(grant, now, MIN_POLL_GAP_MS);
  if (polled.state === 'slow_down') {
    throw new ApiError('rate_limit_error', 'slow_down', `Poll at most every ${POLL_INTERVAL_SECONDS} s.`, {
      headers: { 'Retry-After': String(POLL_INTERVAL_SECONDS) },
    });
  }
  if (polled.state !== 'ok') throw pairingErrors.notFound();
  const record = polled.grant;
  if (record.status !== 'paired' && record.expires <= now) throw pairingErrors.expired();
  if (record.status === 'pending')
    return { object: 'pairing_status', status: 'pending', interval: POLL_INTERVAL_SECONDS };

  const owner: EntryOwner = {
    tenant: { merchantId: record.merchant!, mode: record.mode! },
    advocateId: record.advocate!,
    programId: record.program!,
  };
  const entry = await readWalletEntry(env, owner, deps.linkOf, new Date(now));
  if (!entry) throw pairingErrors.notFound();
  if (record.status === 'paired') return paired(await openBox(env, record.box, grant), entry);

  const token = randomToken('vat_');
  const tokenRecord: AdvocateTokenRecord = {
    merchant_id: owner.tenant.merchantId,
    mode: owner.tenant.mode,
    advocate_id: owner.advocateId,
    program_id: owner.programId,
    digest: await sha256Hex(token),
    created_at: new Date(now).toISOString(),
  };
  const sealed = await sealSecret(env, token, grantBinding(grant));
  const [outcome, box] = await pairingStore(env).exchange(grant, tokenRecord, sealed, now, REPLAY_SECONDS * 1000);
  if (outcome === 'expired') throw pairingErrors.expired();
  if (outcome === 'revoked') throw pairingErrors.revoked();
  if (outcome !== 'paired' || !box) throw pairingErrors.notFound();
  return paired(await openBox(env, box, grant), entry);
}

/** The token kept for retries; a box that no longer opens (HASH_SECRET rolled) is as good as gone. */
async function openBox(env: Pick<Env, 'HASH_SECRET'>, box: string | undefined, grant: Grant): Promise<string> {
  try {
    if (box) return await openSecret(env, box, grantBinding(grant));
  } catch {
    // fall through
  }
  throw pairingErrors.notFound();
}

function paired(token: string, entry: WalletEntry): TokenExchangeResult {
  return { object: 'pairing_status', status: 'paired', token, entry };
}
