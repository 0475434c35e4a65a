import type { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import type { Tenant } from '../storage/redis-keys.ts';
import { publishEvents, type EventInput } from '../webhooks/publish-events.ts';

type Publisher = { env: Env; ctx: { waitUntil(p: Promise<unknown>): void }; tenant: Tenant };

/**
 * Webhook events for what a write did. Keys name the occurrence, so a retried request (which gets
 * the same conversion back) publishes again harmlessly: an event missed because the first
 * attempt failed after its write is sent by the retry, and never twice.
 */
export function conversionEvents(conversion: Conversion, referral: Referral | null, tierChange: { from: string | null; to: string | null } | null): EventInput[] {
  const events: EventInput[] = [];
  if (referral && referral.conversion_ids[0] === conversion.id) events.push({ type: 'referral.created', key: `referral.created:${referral.id}`, data: referral });
  events.push({ type: 'conversion.created', key: `conversion.created:${conversion.id}`, data: conversion });
  for (const reward of conversion.rewards) events.push({ type: 'reward.created', key: `reward.created:${reward.id}`, data: reward });
  if (tierChange) {
    events.push({
      type: 'advocate.tier_changed',
      key: `advocate.tier_changed:${conversion.id}`,
      data: { advocate_id: conversion.advocate_id, program_id: conversion.program_id, from_tier: tierChange.from, to_tier: tierChange.to, conversion_id: conversion.id },
    });
  }
  if (conversion.status === 'held') {
    events.push({ type: 'fraud.held', key: `fraud.held:${conversion.id}`, data: { conversion_id: conversion.id, advocate_id: conversion.advocate_id, risk: conversion.risk } });
  }
  return events;
}

const REWARD_EVENTS = { approved: 'reward.approved', voided: 'reward.voided', paid: 'reward.paid' } as const;

/** reward.approved / voided / paid for rewards that reached those states (others publish nothing). */
export function rewardEvents(rewards: Reward[]): EventInput[] {
  return rewards.flatMap((r) => {
    const type = REWARD_EVENTS[r.status as keyof typeof REWARD_EVENTS];
    return type ? [{ type, key: `${type}:${r.id}`, data: r }] : [];
  });
}

/** Publishes after the state change; a failure here never fails the merchant's request. */
export async function publish(p: Publisher, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  try {
    await publishEvents(p.env, p.ctx, p.tenant, events);
  } catch (err) {
    console.error('event publishing failed', events.map((e) => e.key).join(' '), err instanceof Error ? err.message.slice(0, 200) : String(err));
  }
}
