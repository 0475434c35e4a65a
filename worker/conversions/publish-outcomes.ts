import type { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import type { RewardChange } from '../storage/rewards.ts';
import type { Tenant } from '../tenant.ts';
import { type EventInput, publishEvents } from '../webhooks/publish-events.ts';

/** Who publishes: the Worker's bindings, the request's context (first deliveries after the response), the tenant. */
export type Publisher = { env: Env; ctx: { waitUntil(p: Promise<unknown>): void }; tenant: Tenant };

export type { RewardChange };

/**
 * Webhook events for what a write did. Keys name the occurrence, so a retried request (which gets
 * the same conversion back) publishes again harmlessly: an event missed because the first
 * attempt failed after its write is sent by the retry, and never twice.
 */
export function conversionEvents(
  conversion: Conversion,
  referral: Referral | null,
  tierChange: { from: string | null; to: string | null } | null,
): EventInput[] {
  const events: EventInput[] = [];
  if (referral && referral.conversion_ids[0] === conversion.id)
    events.push({ type: 'referral.created', key: `referral.created:${referral.id}`, data: referral });
  events.push({ type: 'conversion.created', key: `conversion.created:${conversion.id}`, data: conversion });
  events.push(...createdEvents(conversion.rewards));
  if (tierChange) {
    events.push({
      type: 'advocate.tier_changed',
      key: `advocate.tier_changed:${conversion.id}`,
      data: {
        advocate_id: conversion.advocate_id,
        program_id: conversion.program_id,
        from_tier: tierChange.from,
        to_tier: tierChange.to,
        conversion_id: conversion.id,
      },
    });
  }
  if (conversion.status === 'held') {
    events.push({
      type: 'fraud.held',
      key: `fraud.held:${conversion.id}`,
      data: { conversion_id: conversion.id, advocate_id: conversion.advocate_id, risk: conversion.risk },
    });
  }
  return events;
}

// The event of each state a reward can move into (a move to pending is a held reward released by review).
const STATE_EVENTS = {
  approved: 'reward.approved',
  voided: 'reward.voided',
  paid: 'reward.paid',
  pending: 'reward.released',
} as const;
// States a reward can be born in that a receiver acts on: their state event follows reward.created
// (an instant approval, a friend's discount paid at checkout), so a payout job listening only to
// reward.approved or reward.paid sees every reward that reaches that state, however it got there.
const BORN_IN = new Set<Reward['status']>(['approved', 'paid']);

/** reward.created for new rewards (their `data` already in their current state), then their state's event. */
function createdEvents(rewards: Reward[]): EventInput[] {
  return rewards.flatMap((r) => {
    const created: EventInput = { type: 'reward.created', key: `reward.created:${r.id}`, data: r };
    if (!BORN_IN.has(r.status)) return [created];
    const type = STATE_EVENTS[r.status as 'approved' | 'paid'];
    return [created, { type, key: `${type}:${r.id}`, data: r }];
  });
}

/** The fields a reward event's `previous_attributes` carries: their values before the change. */
function previous(before: Reward): Pick<Reward, 'status' | 'amount' | 'reversed_amount'> {
  return { status: before.status, amount: before.amount, reversed_amount: before.reversed_amount };
}

/**
 * An event per changed reward: its new state's event, or reward.adjusted when only its amounts
 * changed (a partial refund). Each state is entered once, so the state is the key; an adjustment
 * is keyed by the reversed total, which only grows.
 */
export function rewardEvents(changes: RewardChange[]): EventInput[] {
  return changes.flatMap(({ before, after }): EventInput[] => {
    if (before.status !== after.status) {
      const type = STATE_EVENTS[after.status as keyof typeof STATE_EVENTS];
      return type ? [{ type, key: `${type}:${after.id}`, data: after, previous: previous(before) }] : [];
    }
    if (before.amount === after.amount && before.reversed_amount === after.reversed_amount) return [];
    const key = `reward.adjusted:${after.id}:${after.reversed_amount}`;
    return [{ type: 'reward.adjusted', key, data: after, previous: previous(before) }];
  });
}

/** A review: conversion.reviewed, then the moves of the held rewards (released, approved or voided). */
export function reviewEvents(conversion: Conversion, moved: RewardChange[]): EventInput[] {
  return [reviewedEvent(conversion), ...rewardEvents(moved)];
}

/** For a retried review (the same decision): conversion.reviewed and its rewards' events again, same keys. */
export function reviewedAgainEvents(conversion: Conversion): EventInput[] {
  return [reviewedEvent(conversion), ...currentEvents(conversion.rewards)];
}

const reviewedEvent = (data: Conversion): EventInput => ({
  type: 'conversion.reviewed',
  key: `conversion.reviewed:${data.id}`,
  data,
});

/** What a refund changed: the conversion, each reward it shrank or voided, and the adjustments it created. */
export function refundEvents(r: {
  conversion: Conversion;
  refundedBefore: number;
  changed: RewardChange[];
  adjustments: Reward[];
}): EventInput[] {
  // A refund mirrored again from a redemption (`upTo` already reached) changed nothing now: it is a
  // retry, which sends again what a failure after the earlier write may have lost.
  if (r.refundedBefore === r.conversion.refunded_amount) return refundedEvents(r.conversion);
  const key = `conversion.refunded:${r.conversion.id}:${r.conversion.refunded_amount}`;
  return [
    { type: 'conversion.refunded', key, data: r.conversion, previous: { refunded_amount: r.refundedBefore } },
    ...rewardEvents(r.changed),
    ...createdEvents(r.adjustments),
  ];
}

/** For a retried refund: conversion.refunded for the total now (the last refund's key), then its rewards' events. */
export function refundedEvents(c: Conversion): EventInput[] {
  const key = `conversion.refunded:${c.id}:${c.refunded_amount}`;
  return [{ type: 'conversion.refunded', key, data: c }, ...currentEvents(c.rewards)];
}

/**
 * The events of how rewards got where they are, keyed as their changes keyed them, with the current
 * view: a retry of a write publishes them, so an event a failure after the write lost is sent then
 * (the keys let none out twice). Pending announces a release only for a reward that was held.
 */
export function currentEvents(rewards: Reward[]): EventInput[] {
  return rewards.flatMap((r) => {
    const events: EventInput[] = [{ type: 'reward.created', key: `reward.created:${r.id}`, data: r }];
    const type = STATE_EVENTS[r.status as keyof typeof STATE_EVENTS];
    if (type && (r.status !== 'pending' || r.history.some((h) => h.status === 'held'))) {
      events.push({ type, key: `${type}:${r.id}`, data: r });
    }
    // A voided reward's last change was the void (its event above), not an adjustment.
    if (r.reversed_amount > 0 && r.status !== 'voided') {
      events.push({ type: 'reward.adjusted', key: `reward.adjusted:${r.id}:${r.reversed_amount}`, data: r });
    }
    return events;
  });
}

/**
 * Publishes after the state change; a failure here never fails the merchant's request (a retry of
 * it publishes again, see currentEvents). False when publishing failed, for callers that can retry.
 */
export async function publish(p: Publisher, events: EventInput[]): Promise<boolean> {
  if (events.length === 0) return true;
  try {
    await publishEvents(p.env, p.ctx, p.tenant, events);
    return true;
  } catch (err) {
    console.error(
      'event publishing failed',
      events.map((e) => e.key).join(' '),
      err instanceof Error ? err.message.slice(0, 200) : String(err),
    );
    return false;
  }
}
