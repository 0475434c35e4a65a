import type { ScheduledRunSummary } from '../shared/schemas/scheduled.ts';
import { sendCharityStatements } from './charity/send-statements.ts';
import { replayDeadLetters } from './events/replay-dead-letters.ts';
import { retryDueCouponSyncs } from './integrations/coupon-sync/retry-due.ts';
import { runScheduledPayouts } from './payouts/scheduled-payouts.ts';
import { approveDueRewards } from './rewards/approve-due.ts';
import { deliverDueWebhooks } from './webhooks/deliver-due.ts';

/**
 * The scheduled work, every minute: approve rewards whose hold period is over, retry webhook
 * deliveries that are due, and send raw-event dead letters back to their queue (counted once by event id).
 * Each part runs even if the other fails. Coupon syncs that are due run
 * beside them (waitUntil: they log their own failures and are not part of the summary). In production the cron trigger
 * (wrangler.toml) runs it; under `npm start` the development tick route does (routes/dev-tick.ts),
 * because `wrangler dev` cannot fire the cron trigger of a Worker with static assets.
 */
export async function runScheduled(
  env: Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  now: number,
): Promise<ScheduledRunSummary> {
  ctx.waitUntil(retryDueCouponSyncs(env, now));
  // On the 1st (UTC): last month's charity statements, once per merchant (logs its own failures).
  ctx.waitUntil(sendCharityStatements(env, ctx, now));
  const [rewards, webhooks, payouts, deadLetters] = await Promise.allSettled([
    approveDueRewards(env, ctx, now),
    deliverDueWebhooks(env, now),
    runScheduledPayouts(env, ctx, now),
    replayDeadLetters(env),
  ]);
  if (deadLetters.status === 'fulfilled' && deadLetters.value.replayed > 0)
    console.log('[scheduled] raw-event dead letters replayed', deadLetters.value.replayed);
  for (const [part, result] of [
    ['reward approval', rewards],
    ['webhook delivery', webhooks],
    ['payouts', payouts],
    ['dead-letter replay', deadLetters],
  ] as const) {
    if (result.status === 'fulfilled') continue;
    const reason = result.reason instanceof Error ? result.reason.message.slice(0, 200) : String(result.reason);
    console.error(`scheduled ${part} failed`, reason);
  }
  return {
    rewards: rewards.status === 'fulfilled' ? rewards.value : null,
    webhooks: webhooks.status === 'fulfilled' ? webhooks.value : null,
    payouts: payouts.status === 'fulfilled' ? payouts.value : null,
  };
}
