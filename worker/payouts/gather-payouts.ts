import { decideGroup, groupRewards, isGatherable, newPayout, type PayoutGroup } from '../../shared/core/payouts.ts';
import type { Payout, PayoutRun, PayoutSettings } from '../../shared/schemas/payout.ts';
import { DEFAULT_PAYOUTS } from '../../shared/schemas/program.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
import { newId } from '../lib/ids.ts';
import { type GatherPlan, payoutStore } from '../storage/payouts.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { payeeFactsOf } from './payee-facts.ts';
import { payoutCreatedEvent } from './payout-events.ts';
import { sendPayout } from './send-payout.ts';

/** Which rewards a run looks at: every approved one, or one advocate's, program's or currency's. */
export interface GatherFilter {
  programId?: string;
  advocateId?: string;
  currency?: string;
}

export interface GatherOptions extends GatherFilter {
  ignoreMinimum: boolean;
}

// A payout sent by the request that gathered it leaves the due queue then; this long after, the
// scheduled run sends one whose request died between gathering and sending.
const SEND_LEASE_MS = 2 * 60_000;

/** The rewards of `rewards` a run with this filter pays: approved cash in no payout. */
export function matching(rewards: Reward[], f: GatherFilter): Reward[] {
  return rewards.filter(
    (r) =>
      isGatherable(r) &&
      (!f.programId || r.program_id === f.programId) &&
      (!f.advocateId || r.advocate_id === f.advocateId) &&
      (!f.currency || r.currency === f.currency),
  );
}

/** The programs' payout settings by id (a program gone reads the defaults). */
export async function payoutSettingsOf(env: Env, t: Tenant, rewards: Reward[]) {
  const ids = [...new Set(rewards.map((r) => r.program_id))];
  const programs = await programStore(env).getMany(t, ids);
  const byId = new Map<string, PayoutSettings>(programs.map((prog) => [prog.id, prog.payouts]));
  return (id: string) => byId.get(id) ?? DEFAULT_PAYOUTS;
}

/** One plan: the payouts to write and the groups left, with why. */
async function planRun(p: Publisher, rewards: Reward[], o: GatherOptions, now: number) {
  const settings = await payoutSettingsOf(p.env, p.tenant, rewards);
  const groups = groupRewards(rewards, (id) => settings(id).hold_days, now);
  const payees = await payeeFactsOf(p.env, p.tenant, [...new Set(groups.map((g) => g.advocateId))]);
  const planned: GatherPlan = [];
  const skipped: PayoutRun['skipped'] = [];
  for (const g of groups) {
    const d = decideGroup(g, settings(g.programId), payees.get(g.advocateId) ?? null, o.ignoreMinimum);
    if (d.kind === 'pay') {
      const payout = newPayout(newId('payout', now), g, d.provider, p.tenant.mode === 'live', now);
      planned.push({ payout, dueAt: d.provider === 'manual' ? null : now + SEND_LEASE_MS });
    } else skipped.push(skippedLine(g, d.reason));
  }
  return { planned, skipped };
}

const skippedLine = (g: PayoutGroup, reason: PayoutRun['skipped'][number]['reason']) => ({
  advocate_id: g.advocateId,
  currency: g.currency,
  amount: reason === 'on_hold' ? g.heldAmount : g.amount,
  reason,
});

/**
 * POST /v1/payouts and the schedule: approved cash rewards per advocate, program, currency (gift
 * cards apart) into pending payouts, each then sent to its provider. Safe under concurrent runs
 * and retries: payouts are written in changesets that claim their rewards (storage/payouts.ts).
 */
export async function gatherPayouts(p: Publisher, o: GatherOptions, now: number, lock: string | null = null) {
  // What the last plan left is what this run reports (a plan is made again after a conflict).
  let skipped: PayoutRun['skipped'] = [];
  const gathered = await payoutStore(p.env).gather(
    p.tenant,
    o.advocateId,
    async (rewards) => {
      const run = await planRun(p, matching(rewards, o), o, now);
      skipped = run.skipped;
      return run.planned;
    },
    lock,
  );
  // A sent payout publishes its payout.created in sendPayout (again there whenever it is resent).
  await publish(p, gathered.filter((x) => x.provider === 'manual').map(payoutCreatedEvent));
  const created: Payout[] = [];
  for (const payout of gathered) created.push(await sendPayout(p, payout, now));
  return { object: 'payout_run', created, skipped } satisfies PayoutRun;
}

/**
 * A merchant's run, one at a time per account: concurrent requests (a double click, a retry storm)
 * are told `busy` at once instead of all reading and racing for the same rewards.
 */
export async function gatherPayoutsOnce(p: Publisher, o: GatherOptions, now: number): Promise<PayoutRun | 'busy'> {
  const store = payoutStore(p.env);
  const token = crypto.randomUUID();
  if (!(await store.lockRun(p.tenant, token))) return 'busy';
  try {
    return await gatherPayouts(p, o, now, token);
  } catch (err) {
    await store.unlockRun(p.tenant, token);
    throw err;
  }
}
