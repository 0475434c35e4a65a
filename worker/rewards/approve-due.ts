import { currentEvents, publish, rewardEvents } from '../conversions/publish-outcomes.ts';
import { fulfilRewards } from '../fulfilment/fulfil-rewards.ts';
import { withRewardCodes } from '../reward-codes/fulfil-reward-codes.ts';
import { rewardStore } from '../storage/rewards.ts';

/**
 * The scheduled run's share of the ledger: pending rewards whose hold period is over become
 * approved. Each move is the same atomic, idempotent step the API uses, so overlapping runs
 * (or a run racing a merchant's void) cannot approve twice or resurrect a voided reward.
 */
export async function approveDueRewards(
  env: Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  now: number,
  limit = 200,
): Promise<{ approved: number; skipped: number }> {
  const store = rewardStore(env);
  let approved = 0;
  let skipped = 0;
  for (const due of await store.due(now, limit)) {
    const tenant = due.tenant;
    const result = await store.move(tenant, due.rewardId, 'approve', 'hold period over', now);
    // Credit (applied once) before the queue lets go of it: a run that failed after the move credits it next time.
    const p = { env, ctx, tenant };
    if (result.kind === 'moved' || result.kind === 'unchanged') await fulfilRewards(p, [result.reward], now);
    // The approval's event carries the code it issued (a reward_code reward).
    const reward = 'reward' in result ? (await withRewardCodes(p, [result.reward]))[0] : undefined;
    if (result.kind === 'moved') {
      approved++;
      // The move took it off the queue: if its event was lost, put it back for the next run to send.
      const events = rewardEvents([{ before: result.previous, after: reward ?? result.reward }]);
      const sent = await publish(p, events);
      if (!sent) await store.dueAgain(due, now);
    } else {
      // Not pending any more (voided, approved by hand) or gone: it has no business in the queue. An
      // approved one may be ours from a run whose event was lost: publish it (at most once) first.
      skipped++;
      const events = result.kind === 'unchanged' ? currentEvents([reward ?? result.reward]) : [];
      if (await publish(p, events)) await store.notDue(due);
    }
  }
  return { approved, skipped };
}
