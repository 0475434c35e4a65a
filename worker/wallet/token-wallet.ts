import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import { pairingErrors } from '../extension/pairing-errors.ts';
import type { EntryOwner } from '../extension/wallet-entry.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import type { StoreEnv } from '../storage/store.ts';
import { readWallet } from './read-wallet.ts';

/**
 * The wallet of an advocate token's owner, or null when the advocate or program is gone (the token
 * names nothing any more: a 401, as for the wallet entry). A suspended advocate is a 403.
 */
export async function readTokenWallet(env: StoreEnv, owner: EntryOwner): Promise<AdvocateWallet | null> {
  const { advocate, program } = await advocateViewStore(env).wallet(owner.tenant, owner.advocateId, owner.programId);
  if (!advocate || !program) return null;
  if (advocate.status === 'suspended') throw pairingErrors.suspended();
  return readWallet(env, { ...owner, externalId: advocate.external_id, program });
}
