import type { Redemption } from '../../shared/schemas/redemption.ts';
import { refundRedemption } from '../conversions/from-redemption.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound } from '../lib/validate.ts';
import { redemptionStore } from '../storage/redemptions.ts';

/**
 * Its event and the rewards' refund follow a committed reversal; every call completes them for the
 * total reversed so far (keys and `upTo` make repeats no-ops), so a retry heals a failure.
 */
async function settle(p: Publisher, r: Redemption): Promise<Redemption> {
  try {
    const key = `redemption.reversed:${r.id}:${r.reversed_amount}`;
    await publish(p, [{ type: 'redemption.reversed', key, data: r }]);
    await refundRedemption(p, r, Date.now());
  } catch (err) {
    // Not a 500: the reversal is done, and a client retrying it on a 500 would reverse twice.
    console.error('reversal follow-up failed', r.id, err instanceof Error ? err.message.slice(0, 200) : String(err));
  }
  return r;
}

/** A refund of a redeemed order (all that is left when `amount` is omitted): the reversed redemption. */
export async function reverseRedemption(p: Publisher, id: string, amount: number | undefined): Promise<Redemption> {
  const store = redemptionStore(p.env);
  const result = await store.reverse(p.tenant, id, amount, new Date());
  if (result.kind === 'missing') throw notFound('redemption');
  if (result.kind === 'reversed') return settle(p, result.redemption);
  const stored = await store.get(p.tenant, id);
  if (stored?.reversed_amount) await settle(p, stored);
  if (result.kind === 'already_reversed')
    throw new ApiError('conflict_error', 'already_reversed', 'This redemption has been fully reversed already.');
  const left = `Only ${result.left} can still be reversed.`;
  throw new ApiError('invalid_request_error', 'amount_exceeds_remaining', left, { status: 422, param: 'amount' });
}
