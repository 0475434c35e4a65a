import { type DeliveryJob, webhookStore } from '../storage/webhooks.ts';
import { type AttemptResult, attemptDelivery } from './deliver.ts';
import { CLAIM_LEASE_MS } from './schedule.ts';

const PARALLEL = 8;

/**
 * Sends the automatic attempts that are due, for every tenant: what the Worker's scheduled
 * (cron) handler calls. Claims up to `limit` atomically (a concurrent run gets others), sends
 * them a few at a time, and records each. A sender that crashes leaves its claims leased; a
 * later run retries them after CLAIM_LEASE_MS.
 */
export async function deliverDueWebhooks(
  env: Env,
  now: number,
  limit = 100,
): Promise<{ attempted: number; delivered: number; failed: number }> {
  const jobs = await webhookStore(env).claimDue(now, now + CLAIM_LEASE_MS, limit);
  const totals = { attempted: 0, delivered: 0, failed: 0 };
  await runJobs(env, jobs, (result) => {
    if (result === 'skipped') return;
    totals.attempted++;
    totals[result]++;
  });
  return totals;
}

/** Sends claimed attempts, PARALLEL at a time; one failing never stops the others. */
export async function runJobs(
  env: Env,
  jobs: DeliveryJob[],
  onResult: (result: AttemptResult) => void = () => {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        onResult(await attemptDelivery(env, job, job));
      } catch (err) {
        // Left leased: retried after the lease. Never log payloads or secrets.
        console.error(
          'webhook delivery error',
          job.endpointId,
          job.eventId,
          `${(err as Error)?.name}: ${String((err as Error)?.message).slice(0, 200)}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, worker));
}
