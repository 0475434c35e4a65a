import type { PayoutMove } from '../../shared/core/payouts.ts';
import { publish } from '../conversions/publish-outcomes.ts';
import { type PayoutMoveResult, payoutStore } from '../storage/payouts.ts';
import { rewardStore } from '../storage/rewards.ts';
import type { Tenant } from '../tenant.ts';
import type { EventInput } from '../webhooks/publish-events.ts';
import { payoutAgainEvents, payoutCreatedEvent, payoutMoveEvents } from './payout-events.ts';

/** How a payout ended, as its provider (webhook, poll), the merchant or a paid-list import says. */
export type PayoutOutcome = { kind: 'paid'; reference?: string } | { kind: 'failed'; reason: string };

type Ctx = { waitUntil(p: Promise<unknown>): void };

// Without the request's context the first deliveries run in the background; the scheduled run retries them.
const background: Ctx = { waitUntil: (p) => void p.catch(() => {}) };

/** The move is written but its events were not published: the caller's retry (`unchanged`) publishes them. */
export class EventsNotPublishedError extends Error {
  constructor(payoutId: string) {
    super(`payout ${payoutId} moved but its events were not published: retry to publish them`);
  }
}

/**
 * Moves a payout (and its rewards) by `move`, then publishes what changed (with its payout.created,
 * in case the gather's was lost: same key, once). Idempotent: the same move again is `unchanged` and
 * publishes the same events (same keys) so one lost after the write goes out. With `mustPublish`, a
 * failed publish throws EventsNotPublishedError (a provider event's claim is given back, its retry
 * republishes); without, it is logged.
 */
export async function movePayout(
  env: Env,
  tenant: Tenant,
  payoutId: string,
  move: PayoutMove,
  now: number,
  ctx: Ctx = background,
  mustPublish = false,
): Promise<PayoutMoveResult> {
  const result = await payoutStore(env).move(tenant, payoutId, move, now);
  let events: EventInput[] = [];
  if (result.kind === 'moved') events = [payoutCreatedEvent(result.payout), ...payoutMoveEvents(result)];
  if (result.kind === 'unchanged') {
    const rewards =
      result.payout.status === 'paid' ? await rewardStore(env).getMany(tenant, result.payout.reward_ids) : [];
    events = [payoutCreatedEvent(result.payout), ...payoutAgainEvents(result.payout, rewards)];
  }
  const published = await publish({ env, ctx, tenant }, events);
  if (!published && mustPublish) throw new EventsNotPublishedError(payoutId);
  return result;
}

/**
 * Finishes a payout: `paid` (its rewards `paid`, balances approved -> paid) or `failed` (its rewards
 * back to approved with the reason). Called by provider webhooks, the manual paid-list import and the
 * merchant's routes; `unchanged` when it already ended that way, `not_allowed` when it ended the other way.
 * Throws EventsNotPublishedError after the write when its events could not be published: every caller
 * is retried (the provider redelivers, the merchant or import repeats) and the retry publishes them.
 */
export function finishPayout(
  env: Env,
  tenant: Tenant,
  payoutId: string,
  outcome: PayoutOutcome,
  now: number,
  ctx: Ctx = background,
): Promise<PayoutMoveResult> {
  const move: PayoutMove =
    outcome.kind === 'paid'
      ? { to: 'paid', reference: outcome.reference ?? null, note: 'paid' }
      : { to: 'failed', reason: outcome.reason };
  return movePayout(env, tenant, payoutId, move, now, ctx, true);
}
