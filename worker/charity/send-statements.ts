import { charityStore } from '../storage/charity.ts';
import { publishEvents } from '../webhooks/publish-events.ts';
import { charityStatement } from './statement.ts';

/** The month before `now`'s, UTC, as `YYYY-MM`. */
function lastMonth(now: number): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/**
 * The scheduled run's share on the 1st (UTC): each merchant with charity rewards counted last month gets its
 * `charity.statement`. The event's key names the month, so overlapping runs (every minute of the 1st, or two
 * at once) record one event; a merchant leaves the month's list only once its event is recorded, so a run that
 * failed part-way is finished by the next. Other days cost nothing.
 */
export async function sendCharityStatements(
  env: Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  now: number,
): Promise<{ sent: number }> {
  if (new Date(now).getUTCDate() !== 1) return { sent: 0 };
  const month = lastMonth(now);
  const store = charityStore(env);
  let sent = 0;
  // Run beside the rest of the scheduled work (waitUntil): it logs its own failures, the next run retries.
  const due = await store.due(month).catch((err: unknown) => {
    console.error('charity statements failed', err instanceof Error ? err.message.slice(0, 200) : String(err));
    return [];
  });
  for (const tenant of due) {
    try {
      const data = await charityStatement(env, tenant, month, now);
      const event = { type: 'charity.statement' as const, key: `charity.statement:${month}`, data };
      sent += (await publishEvents(env, ctx, tenant, [event], now)).length;
      await store.sent(month, tenant);
    } catch (err) {
      // One merchant's failure does not hold up the others; it stays listed for the next run.
      console.error('charity statement failed', month, err instanceof Error ? err.message.slice(0, 200) : String(err));
    }
  }
  return { sent };
}
