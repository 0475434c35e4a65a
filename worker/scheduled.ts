import { approveDueRewards } from './rewards/approve-due.ts';
import { deliverDueWebhooks } from './webhooks/deliver-due.ts';

/**
 * The cron trigger (every minute, wrangler.toml): approve rewards whose hold period is over, and
 * retry webhook deliveries that are due. Each part runs even if the other fails.
 */
export async function runScheduled(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, now: number): Promise<void> {
  const results = await Promise.allSettled([approveDueRewards(env, ctx, now), deliverDueWebhooks(env, now)]);
  for (const [i, result] of results.entries()) {
    if (result.status === 'rejected') console.error(`scheduled ${i === 0 ? 'reward approval' : 'webhook delivery'} failed`, result.reason instanceof Error ? result.reason.message.slice(0, 200) : String(result.reason));
  }
}
