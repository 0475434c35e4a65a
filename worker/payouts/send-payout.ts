import { type PayoutMove, retryDelayMs, sendAttempts } from '../../shared/core/payouts.ts';
import type { Payout } from '../../shared/schemas/payout.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
import { readPayee } from '../payees/read-payee.ts';
import { payoutStore } from '../storage/payouts.ts';
import { movePayout } from './finish-payout.ts';
import { payoutCreatedEvent } from './payout-events.ts';
import type { SendResult } from './providers/adapter.ts';
import { adapterFor } from './providers/adapter-for.ts';

/** What the provider said, as a payout move (null: send again later). */
function moveOf(result: SendResult, provider: string): PayoutMove | null {
  if (result.kind === 'accepted') return { to: 'processing', reference: result.reference };
  if (result.kind === 'paid') return { to: 'paid', reference: result.reference, note: `paid by ${provider}` };
  if (result.kind === 'failed') return { to: 'failed', reason: result.reason, reference: result.reference };
  return null;
}

/** The provider's answer to one send: the provider's own, or `retry` when the call itself failed. */
async function callProvider(p: Publisher, payout: Payout): Promise<SendResult> {
  if (payout.provider === 'manual') return { kind: 'retry', reason: 'manual' };
  // An earlier send may have reached the provider (its answer lost): failing here would give the
  // rewards back and a new payout could pay them again, so every "cannot send now" waits instead.
  const adapter = await adapterFor(p.env, p.tenant, payout.provider);
  if (adapter === 'unreadable')
    return { kind: 'retry', reason: `${payout.provider} credentials unreadable: reconnect it` };
  if (!adapter) return { kind: 'retry', reason: `${payout.provider} is not connected: connect it under integrations` };
  const payee = await readPayee(p.env, p.tenant, payout.advocate_id);
  if (!payee) return { kind: 'retry', reason: 'the advocate has no payout details now' };
  try {
    return await adapter.send(payout, payee);
  } catch (err) {
    // Not known to have happened: the same payout id (the provider's idempotency key) makes the next send safe.
    return { kind: 'retry', reason: err instanceof Error ? err.message.slice(0, 200) : 'provider call failed' };
  }
}

/**
 * Sends a pending payout to its provider and applies the answer: accepted -> processing, paid ->
 * paid, failed -> failed (rewards back to approved), retry -> pending, due again with backoff (also
 * when the provider is not connected, its credentials do not open or the payee has no details now).
 * A `manual` payout waits for the merchant. Answers the payout as it is now.
 */
export async function sendPayout(p: Publisher, payout: Payout, now: number): Promise<Payout> {
  if (payout.provider === 'manual' || payout.status !== 'pending') return payout;
  // Its payout.created may have been lost after the gather's write: the key makes it once.
  await publish(p, [payoutCreatedEvent(payout)]);
  const result = await callProvider(p, payout);
  const move = moveOf(result, payout.provider);
  if (move) {
    const moved = await movePayout(p.env, p.tenant, payout.id, move, now, p.ctx);
    return moved.kind === 'missing' ? payout : moved.payout;
  }
  const reason = result.kind === 'retry' ? result.reason : 'retry';
  const at = now + retryDelayMs(sendAttempts(payout));
  return (await payoutStore(p.env).sendLater(p.tenant, payout.id, reason, at, now)) ?? payout;
}
