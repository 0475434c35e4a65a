import { currentEvents, publish, rewardEvents } from '../conversions/publish-outcomes.ts';
import { getRedis } from '../storage/client.ts';
import type { Mode, Tenant } from '../storage/redis-keys.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { moveReward } from './move-reward.ts';

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
  const redis = getRedis(env);
  const due = (await redis.zrange(redisKeys.rewardsDue(), '-inf', now, {
    byScore: true,
    offset: 0,
    count: limit,
  })) as string[];
  let approved = 0;
  let skipped = 0;
  for (const member of due) {
    const [mode, merchantId, rewardId] = member.split(':') as [Mode, string, string];
    const tenant: Tenant = { mode, merchantId };
    const result = await moveReward(redis, tenant, rewardId, 'approve', 'hold period over', now);
    if (result.kind === 'moved') {
      approved++;
      // The move took it off the queue: if its event was lost, put it back for the next run to send.
      const events = rewardEvents([{ before: result.previous, after: result.reward }]);
      const sent = await publish({ env, ctx, tenant }, events);
      if (!sent) await redis.zadd(redisKeys.rewardsDue(), { score: now, member });
    } else {
      // Not pending any more (voided, approved by hand) or gone: it has no business in the queue. An
      // approved one may be ours from a run whose event was lost: publish it (at most once) first.
      skipped++;
      const events = result.kind === 'unchanged' ? currentEvents([result.reward]) : [];
      if (await publish({ env, ctx, tenant }, events)) await redis.zrem(redisKeys.rewardsDue(), member);
    }
  }
  return { approved, skipped };
}
