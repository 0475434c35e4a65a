import type { PointsEntry } from '../../shared/schemas/points.ts';
import type { CreditPublisher as Publisher } from '../credits/credit-events.ts';
import { type PointsOwner, pointsStore } from '../storage/points.ts';
import { publishPointsChanges } from './points-events.ts';

/**
 * The customer's balance, what expires soon and a page of the ledger. Lots past their time are expired
 * first (expiry is applied on every read and write, so no scheduled run is needed for it).
 */
export async function readPoints(p: Publisher, o: PointsOwner, limit: number, before: string | undefined, now: number) {
  const store = pointsStore(p.env);
  const expired = await store.expire(o, now);
  await publishPointsChanges(p, o, expired.expired);
  const [balance, page] = await Promise.all([store.balance(o), store.ledger(o, limit, before)]);
  return { ...balance, entries: page.entries as PointsEntry[], hasMore: page.hasMore };
}
