import { Merchant, type MerchantCreate, type MerchantUpdate } from '../../shared/schemas/merchant.ts';
import { newId } from '../lib/ids.ts';
import { type IssuedKey, issueKey, queueStoreKey } from './api-keys.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { MERCHANTS_UPDATE as UPDATE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';
import { defineStore } from './store.ts';

export type MerchantRecord = Merchant;

/** The stored merchant is the API object; records from before link domains read with none. */
export const merchantCodec = defineCodec({
  name: 'merchant',
  schema: Merchant.extend({ link_domains: Merchant.shape.link_domains.default([]) }),
});

/**
 * Creates a merchant with its test-mode key pair in one MULTI/EXEC. Ids and keys are minted
 * before the call, so a client retry of the same transaction rewrites the same values.
 */
async function createMerchant(
  redis: Redis,
  input: MerchantCreate,
  now = new Date(),
): Promise<{ merchant: MerchantRecord; secret: IssuedKey; publishable: IssuedKey }> {
  const merchant: MerchantRecord = {
    id: newId('merchant', now.getTime()),
    object: 'merchant',
    name: input.name,
    allowed_origins: [...new Set(input.allowed_origins)],
    allowed_hosts: [...new Set(input.allowed_hosts)],
    link_domains: [],
    created_at: now.toISOString(),
  };
  // Refuse taken link domains before writing anything (bad input changes nothing).
  for (const domain of input.link_domains) {
    if (await redis.get<string>(redisKeys.linkDomain(domain))) throw new LinkDomainTakenError(domain);
  }
  const secret = await issueKey(merchant.id, 'test', 'secret', now);
  const publishable = await issueKey(merchant.id, 'test', 'publishable', now);
  const tx = redis.multi();
  tx.set(redisKeys.merchant(merchant.id), merchantCodec.encode(merchant));
  queueStoreKey(tx, secret);
  queueStoreKey(tx, publishable);
  await tx.exec();
  if (input.link_domains.length > 0) {
    const updated = await updateMerchant(redis, merchant.id, { link_domains: input.link_domains });
    if (updated.kind === 'updated') return { merchant: updated.merchant, secret, publishable };
    // The merchant exists without the domains; the answer says which domain was refused.
    throw new LinkDomainTakenError(updated.kind === 'taken' ? updated.domain : input.link_domains[0]!);
  }
  return { merchant, secret, publishable };
}

export class LinkDomainTakenError extends Error {
  constructor(readonly domain: string) {
    super(`${domain} is already another merchant's link domain`);
  }
}

export type MerchantUpdateResult =
  | { kind: 'updated'; merchant: MerchantRecord }
  | { kind: 'missing' }
  | { kind: 'taken'; domain: string };

async function updateMerchant(redis: Redis, merchantId: string, patch: MerchantUpdate): Promise<MerchantUpdateResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<string>(redisKeys.merchant(merchantId));
    if (!raw) return { kind: 'missing' };
    const current = merchantCodec.decode(raw);
    const dedupe = (xs: string[] | undefined) => (xs ? [...new Set(xs)] : undefined);
    const next: MerchantRecord = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.allowed_origins ? { allowed_origins: dedupe(patch.allowed_origins)! } : {}),
      ...(patch.allowed_hosts ? { allowed_hosts: dedupe(patch.allowed_hosts)! } : {}),
      link_domains: dedupe(patch.link_domains) ?? current.link_domains,
    };
    const before = current.link_domains;
    const claims = next.link_domains;
    const releases = before.filter((d) => !claims.includes(d));
    const [status, key] = await runScript(
      redis,
      UPDATE,
      [redisKeys.merchant(merchantId), ...claims.map(redisKeys.linkDomain), ...releases.map(redisKeys.linkDomain)],
      [raw, merchantCodec.encode(next), merchantId, claims.length],
    );
    if (status === 'ok') return { kind: 'updated', merchant: next };
    if (status === 'taken') return { kind: 'taken', domain: key!.slice(redisKeys.linkDomain('').length) };
  }
  throw new Error('merchant update kept conflicting');
}

async function merchantForLinkDomain(redis: Redis, host: string): Promise<string | null> {
  return (await redis.get<string>(redisKeys.linkDomain(host))) ?? null;
}

async function getMerchant(redis: Redis, merchantId: string): Promise<MerchantRecord | null> {
  return merchantCodec.decodeOrNull(await redis.get<string>(redisKeys.merchant(merchantId)));
}

/** Merchants, their link domains, and (through api-keys.ts) their keys. */
export const merchantStore = defineStore((redis) => ({
  create: (input: MerchantCreate, now?: Date) => createMerchant(redis, input, now),
  get: (merchantId: string) => getMerchant(redis, merchantId),
  update: (merchantId: string, patch: MerchantUpdate) => updateMerchant(redis, merchantId, patch),
  /** The merchant whose custom link domain `host` is, or null. */
  forLinkDomain: (host: string) => merchantForLinkDomain(redis, host),
}));
export type MerchantStore = ReturnType<typeof merchantStore>;
