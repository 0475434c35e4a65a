import type { PayoutProvider } from '../../../shared/schemas/payout.ts';
import type { Applied } from '../../integrations/receive-event.ts';
import { payoutStore } from '../../storage/payouts.ts';
import type { Tenant } from '../../tenant.ts';
import { finishPayout, type PayoutOutcome } from '../finish-payout.ts';

type Ctx = { waitUntil(p: Promise<unknown>): void };

/**
 * Applies what a provider's status webhook says about one of our payouts: only a payout of this
 * tenant sent through that provider is finished (helper finishPayout moves it and its rewards, and
 * publishes payout.paid / payout.failed). The detail names the payout, never the payee.
 */
export async function applyPayoutOutcome(
  env: Env,
  ctx: Ctx,
  t: Tenant,
  provider: Exclude<PayoutProvider, 'manual'>,
  payoutId: string | null,
  outcome: PayoutOutcome,
): Promise<Applied> {
  if (!payoutId) return { outcome: 'ignored', detail: 'Not a Vouch payout (no payout id in the event).' };
  const payout = await payoutStore(env).get(t, payoutId);
  if (!payout || payout.provider !== provider) {
    return { outcome: 'ignored', detail: `No ${provider} payout ${payoutId.slice(0, 64)} in this mode.` };
  }
  const result = await finishPayout(env, t, payoutId, outcome, Date.now(), ctx);
  if (result.kind === 'moved') {
    const how = outcome.kind === 'paid' ? 'paid' : `failed: ${outcome.reason}`;
    return { outcome: 'applied', detail: `Payout ${payoutId} ${how}`.slice(0, 300) };
  }
  if (result.kind === 'unchanged')
    return { outcome: 'ignored', detail: `Payout ${payoutId} was already ${outcome.kind}.` };
  if (result.kind === 'not_allowed') {
    return {
      outcome: 'ignored',
      detail: `Payout ${payoutId} is ${result.payout.status}; not moved to ${outcome.kind}.`,
    };
  }
  return { outcome: 'ignored', detail: `No payout ${payoutId}.` };
}
