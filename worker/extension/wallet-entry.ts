import type { WalletEntry } from '../../shared/schemas/extension.ts';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import { isLocalHost } from '../../shared/urls.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { statsFor } from '../widget/advocate-stats.ts';
import { pairingErrors } from './pairing-errors.ts';

/** Whose wallet entry: what an advocate token or a confirmed pairing names. */
export interface EntryOwner {
  tenant: Tenant;
  advocateId: string;
  programId: string;
}

/** The merchant's site origins: widget origins, and destination hosts as https (http for localhost). */
export function siteOrigins(merchant: Pick<Merchant, 'allowed_origins' | 'allowed_hosts'>): string[] {
  const hosts = merchant.allowed_hosts.map(
    (host) => `${isLocalHost(host.replace(/:\d+$/, '')) ? 'http' : 'https'}://${host}`,
  );
  return [...new Set([...merchant.allowed_origins, ...hosts])];
}

/**
 * The entry (one pipeline: the advocate's record, code and counters, its program and merchant),
 * or null when a record is gone (a deleted advocate or program: the token names nothing any more).
 * A suspended advocate is a 403.
 */
export async function readWalletEntry(
  env: StoreEnv,
  owner: EntryOwner,
  linkOf: (merchant: Merchant, code: string) => string,
  now = new Date(),
): Promise<WalletEntry | null> {
  const { advocate, code, counters, program, merchant } = await advocateViewStore(env).wallet(
    owner.tenant,
    owner.advocateId,
    owner.programId,
  );
  if (!advocate || !code || !program || !merchant) return null;
  if (advocate.status === 'suspended') throw pairingErrors.suspended();
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
