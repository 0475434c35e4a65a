import { retryDelayMs, schedulePeriod } from '../../shared/core/payouts.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { payoutStore, type SchedulePeriod } from '../storage/payouts.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { gatherPayouts } from './gather-payouts.ts';
import { sendPayout } from './send-payout.ts';

type Ctx = { waitUntil(p: Promise<unknown>): void };

/** The program's current period on its schedule, or null off it (manual). */
function periodOf(program: Program | null, now: number): SchedulePeriod | null {
  const kind = program?.payouts.schedule;
  if (kind !== 'weekly' && kind !== 'monthly') return null;
  const period = schedulePeriod(kind, now);
  return period === null ? null : { kind, period };
}

/** Why one program or payout failed, for the log: the message only (never a secret, never the record). */
function logFailure(what: string, id: string, err: unknown) {
  console.error(what, id, err instanceof Error ? err.message.slice(0, 200) : 'failed');
}

/** After a program is created or changed: on the schedule (from the next period) or off it. */
export async function schedulePayouts(env: Env, t: Tenant, program: Program, now: number): Promise<void> {
  await payoutStore(env).schedule(t, program.id, periodOf(program, now));
}

/**
 * Scheduled programs whose period began: each gathers once per period (the period claimed first).
 * One program failing is logged and the others still run (its period is claimed: its rewards wait
 * for the next period or a merchant's run; the payouts written before the failure are sent by sendDue).
 */
async function gatherScheduled(env: Env, ctx: Ctx, now: number) {
  const store = payoutStore(env);
  let programs = 0;
  let created = 0;
  for (const { tenant, programId } of await store.scheduled()) {
    try {
      const period = periodOf(await programStore(env).get(tenant, programId), now);
      if (period === null) {
        await store.schedule(tenant, programId, null);
        continue;
      }
      if (!(await store.claimPeriod(tenant, programId, period))) continue;
      const run = await gatherPayouts({ env, ctx, tenant }, { programId, ignoreMinimum: false }, now);
      programs++;
      created += run.created.length;
    } catch (err) {
      logFailure('scheduled payout run failed for program', programId, err);
    }
  }
  return { programs, created };
}

/** Pending payouts due again (a provider's `retry`, or a request that died before sending): sent once more. */
async function sendDue(env: Env, ctx: Ctx, now: number, limit: number) {
  const store = payoutStore(env);
  let sent = 0;
  for (const due of await store.due(now, limit)) {
    try {
      const payout = await store.get(due.tenant, due.payoutId);
      if (payout?.status !== 'pending' || payout.provider === 'manual') {
        await store.notDue(due);
        continue;
      }
      await sendPayout({ env, ctx, tenant: due.tenant }, payout, now);
      sent++;
    } catch (err) {
      // One bad payout must not stop the others: it is due again later (not known to have been sent).
      logFailure('scheduled payout send failed for', due.payoutId, err);
      const at = now + retryDelayMs(1);
      await store.sendLater(due.tenant, due.payoutId, 'send failed', at, now).catch(() => null);
    }
  }
  return sent;
}

/** The scheduled run's payouts: scheduled programs gather, due payouts are sent again. */
export async function runScheduledPayouts(env: Env, ctx: Ctx, now: number, limit = 100) {
  const { programs, created } = await gatherScheduled(env, ctx, now);
  const sent = await sendDue(env, ctx, now, limit);
  return { programs, created, sent };
}
