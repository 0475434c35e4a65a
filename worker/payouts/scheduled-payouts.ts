import { schedulePeriod } from '../../shared/core/payouts.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { payoutStore } from '../storage/payouts.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { gatherPayouts } from './gather-payouts.ts';
import { sendPayout } from './send-payout.ts';

type Ctx = { waitUntil(p: Promise<unknown>): void };

/** After a program is created or changed: on the schedule (from the next period) or off it. */
export async function schedulePayouts(env: Env, t: Tenant, program: Program, now: number): Promise<void> {
  await payoutStore(env).schedule(t, program.id, schedulePeriod(program.payouts.schedule, now));
}

/** Scheduled programs whose period began: each gathers once per period (the period claimed first). */
async function gatherScheduled(env: Env, ctx: Ctx, now: number) {
  const store = payoutStore(env);
  let programs = 0;
  let created = 0;
  for (const { tenant, programId } of await store.scheduled()) {
    const program = await programStore(env).get(tenant, programId);
    const period = program ? schedulePeriod(program.payouts.schedule, now) : null;
    if (period === null) {
      await store.schedule(tenant, programId, null);
      continue;
    }
    if (!(await store.claimPeriod(tenant, programId, period))) continue;
    const run = await gatherPayouts({ env, ctx, tenant }, { programId, ignoreMinimum: false }, now);
    programs++;
    created += run.created.length;
  }
  return { programs, created };
}

/** Pending payouts due again (a provider's `retry`, or a request that died before sending): sent once more. */
async function sendDue(env: Env, ctx: Ctx, now: number, limit: number) {
  const store = payoutStore(env);
  let sent = 0;
  for (const due of await store.due(now, limit)) {
    const payout = await store.get(due.tenant, due.payoutId);
    if (payout?.status !== 'pending' || payout.provider === 'manual') {
      await store.notDue(due);
      continue;
    }
    await sendPayout({ env, ctx, tenant: due.tenant }, payout, now);
    sent++;
  }
  return sent;
}

/** The scheduled run's payouts: scheduled programs gather, due payouts are sent again. */
export async function runScheduledPayouts(env: Env, ctx: Ctx, now: number, limit = 100) {
  const { programs, created } = await gatherScheduled(env, ctx, now);
  const sent = await sendDue(env, ctx, now, limit);
  return { programs, created, sent };
}
