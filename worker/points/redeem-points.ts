import type { PointsRedemption } from '../../shared/schemas/points.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { type CreditPublisher as Publisher, publishCreditChange } from '../credits/credit-events.ts';
import { ApiError } from '../errors/api-error.ts';
import { issueRewardCode } from '../reward-codes/issue-reward-code.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import { creditStore } from '../storage/credits.ts';
import { type PointsOwner, type PointsRedemptionRecord, pointsStore } from '../storage/points.ts';
import { publishPointsChanges, redemptionView } from './points-events.ts';

type RedeemInput = { item_id: string; redemption_id: string };

const insufficient = () =>
  new ApiError('conflict_error', 'insufficient_points', 'The customer has fewer points than this item costs.');

async function advocateOf(p: Publisher, o: PointsOwner): Promise<string> {
  const id = await advocateViewStore(p.env).advocateIdFor(p.tenant, o.programId, o.externalId);
  if (!id) throw new ApiError('conflict_error', 'not_an_advocate', 'A reward code goes to an advocate of the program.');
  return id;
}

/** Gives what the item gives, once per redemption (each giving is applied once by the redeem entry's id). */
async function give(p: Publisher, o: PointsOwner, r: PointsRedemptionRecord, now: number) {
  const reward = r.reward;
  if (reward.type === 'store_credit') {
    const grant = { id: `points:${r.entry_id}`, amount: reward.value, currency: reward.currency };
    const granted = await creditStore(p.env).grant(p.tenant, o.externalId, grant, now);
    await publishCreditChange(p, o.externalId, granted.entry);
    return { type: 'store_credit' as const, amount: reward.value, currency: reward.currency };
  }
  if (reward.type === 'reward_code') {
    const issued = await issueRewardCode(
      p,
      {
        advocateId: await advocateOf(p, o),
        programId: o.programId,
        reference: r.entry_id,
        discount: reward.discount,
        value: reward.value,
        currency: reward.currency,
        expiresInDays: reward.expires_in_days,
      },
      now,
    );
    return { type: 'reward_code' as const, code: issued.code, expires_at: issued.expires_at };
  }
  return { type: 'item' as const, name: reward.name };
}

/**
 * The record a redemption starts as: from the catalog (a named item is given as it is recorded), or, for
 * an item the catalog no longer has, the redemption made before under this id (404 when there is none).
 */
async function templateOf(p: Publisher, o: PointsOwner, program: Program, input: RedeemInput, now: number) {
  const item = program.points.catalog.find((i) => i.id === input.item_id);
  if (!item) {
    const before = await pointsStore(p.env).redemption(o, input.redemption_id);
    if (before) return before;
    throw new ApiError('not_found_error', 'item_not_found', `The program has no catalog item ${input.item_id}.`, {
      param: 'item_id',
    });
  }
  // Checked before the points are taken: a redemption that could never be given takes nothing.
  if (item.reward.type === 'reward_code') await advocateOf(p, o);
  return {
    id: input.redemption_id,
    object: 'points_redemption' as const,
    external_id: o.externalId,
    program_id: o.programId,
    item_id: item.id,
    item_name: item.name,
    cost: item.cost,
    given: item.reward.type === 'item' ? { type: 'item' as const, name: item.reward.name } : null,
    reward: item.reward,
    entry_id: '',
    created_at: new Date(now).toISOString(),
  };
}

/**
 * Redeems a catalog item once per redemption id: the points are taken in one script (never below zero,
 * whatever runs at the same time), then the item is given. A failure between the two leaves the
 * redemption recorded without `given`: the same redemption id again gives it (never twice) and answers it.
 */
export async function redeemPoints(
  p: Publisher,
  o: PointsOwner,
  program: Program,
  input: RedeemInput,
  now: number,
): Promise<PointsRedemption> {
  const store = pointsStore(p.env);
  // A redemption id used before answers its own redemption (the script finds it first, whatever the template).
  const taken = await store.redeem(o, await templateOf(p, o, program, input, now), now);
  if (taken.status === 'insufficient') {
    await publishPointsChanges(p, o, taken.expired);
    throw insufficient();
  }
  const record = taken.redemption;
  if (!record || !taken.entry) throw new Error(`points redemption ${input.redemption_id} has no record`);
  let given = record.given;
  if (!given) {
    given = await give(p, o, record, now);
    await store.given(o, { ...record, given });
  }
  const view = redemptionView(record, given);
  await publishPointsChanges(p, o, [...taken.expired, taken.entry], view);
  return view;
}
