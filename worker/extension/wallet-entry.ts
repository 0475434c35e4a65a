import type { WalletEntry } from '../../shared/schemas/extension.ts';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { isLocalHost } from '../../shared/urls.ts';
import type { Redis } from '../storage/client.ts';
import { firstName } from '../redirect/resolve-link.ts';
import type { AdvocateRecord } from '../storage/advocates.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { queueAdvocateReads, readAdvocateResults, statsFor } from '../widget/advocate-stats.ts';
import { pairingErrors } from './pairing-errors.ts';

/** Whose wallet entry: what an advocate token or a confirmed pairing names. */
export interface EntryOwner {
  tenant: Tenant;
  advocateId: string;
  programId: string;
}

/** Queues every read of one entry on `p`: the advocate's record, code and counters, its program and merchant. */
export function queueEntryReads(p: ReturnType<Redis['pipeline']>, owner: EntryOwner): void {
  queueAdvocateReads(p, owner.tenant, owner.advocateId);
  p.get(redisKeys.program(owner.tenant, owner.programId));
  p.get(redisKeys.merchant(owner.tenant.merchantId));
}

/** The merchant's site origins: widget origins, and destination hosts as https (http for localhost). */
export function siteOrigins(merchant: Pick<Merchant, 'allowed_origins' | 'allowed_hosts'>): string[] {
  const hosts = merchant.allowed_hosts.map(
    (host) => `${isLocalHost(host.replace(/:\d+$/, '')) ? 'http' : 'https'}://${host}`,
  );
  return [...new Set([...merchant.allowed_origins, ...hosts])];
}

/**
 * The entry from the queued reads (they start at `offset`), or null when a record is gone (a
 * deleted advocate or program: the token names nothing any more). A suspended advocate is a 403.
 */
export function entryFromReads(
  results: unknown[],
  offset: number,
  owner: EntryOwner,
  linkOf: (merchant: Merchant, code: string) => string,
  now = new Date(),
): WalletEntry | null {
  const { record, code, counters } = readAdvocateResults(results.slice(offset, offset + 5));
  const [programRaw, merchantRaw] = results.slice(offset + 5, offset + 7) as [string | null, string | null];
  if (!record || !code || !programRaw || !merchantRaw) return null;
  const advocate = JSON.parse(record) as AdvocateRecord;
  if (advocate.status === 'suspended') throw pairingErrors.suspended();
  const program = JSON.parse(programRaw) as Program;
  const merchant = JSON.parse(merchantRaw) as Merchant;
  return {
    object: 'wallet_entry',
    merchant: { name: merchant.name, sites: siteOrigins(merchant) },
    program: {
      id: program.id,
      name: program.name,
      referee_offer: program.referee_offer,
      referrer_reward: program.referrer_reward,
    },
    advocate: {
      id: advocate.id,
      first_name: firstName(advocate.name),
      code,
      link: linkOf(merchant, code),
      stats: statsFor(program, counters),
    },
    livemode: owner.tenant.mode === 'live',
    fetched_at: now.toISOString(),
  };
}
