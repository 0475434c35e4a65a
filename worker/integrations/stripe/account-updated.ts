import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { payoutDetailsStore } from '../../storage/payout-details.ts';
import type { Applied } from '../receive-event.ts';
import type { ConnectAccount } from './event-schemas.ts';
import { ignored } from './outcome.ts';

/**
 * Whether an advocate's Express account can be paid: its `transfers` capability active (Stripe's
 * `payouts_enabled` when the event carries no capabilities). It can turn back off (Stripe asks for
 * more information), so the flag follows every update rather than latching.
 */
function canTakeTransfers(account: ConnectAccount): boolean {
  const transfers = account.capabilities?.transfers;
  if (transfers) return transfers === 'active';
  return account.payouts_enabled === true;
}

/**
 * `account.updated` for an advocate's Express account (Connect): records whether onboarding is complete,
 * which makes the advocate payable by Stripe. Only the account Vouch stored for that advocate counts:
 * another account naming them in its metadata changes nothing.
 */
export async function applyAccountUpdated(p: Publisher, account: ConnectAccount, now: number): Promise<Applied> {
  const advocateId = account.metadata?.vouch_advocate;
  if (!advocateId) return ignored('Not an account Vouch created for an advocate (no metadata.vouch_advocate).');
  const complete = canTakeTransfers(account);
  let matched = false;
  await payoutDetailsStore(p.env).write(p.tenant, advocateId, (current) => {
    matched = current?.stripe_account_id === account.id;
    if (!current || !matched || current.stripe_onboarding_complete === complete) return null;
    return { ...current, stripe_onboarding_complete: complete, updated_at: new Date(now).toISOString() };
  });
  if (!matched) return ignored(`${account.id} is not the Stripe account stored for advocate ${advocateId}.`);
  const state = complete ? 'complete: payable by Stripe' : 'not complete: not payable by Stripe yet';
  return { outcome: 'applied', detail: `Advocate ${advocateId}'s Stripe onboarding ${state}.` };
}
