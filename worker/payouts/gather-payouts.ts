import { decideGroup, groupRewards, newPayout, type PayeeFacts, type PayoutGroup } from '../../shared/core/payouts.ts';
import type { Payout, PayoutRun, PayoutSettings } from '../../shared/schemas/payout.ts';
import { DEFAULT_PAYOUTS } from '../../shared/schemas/program.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
import { newId } from '../lib/ids.ts';
import { payoutStore } from '../storage/payouts.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { type GatherFilter, gatherableRewards } from './gatherable-rewards.ts';
import { payeeFactsOf } from './payee-facts.ts';
import { payoutCreatedEvent } from './payout-events.ts';
import { sendPayout } from './send-payout.ts';

export interface GatherOptions extends GatherFilter {
  ignoreMinimum: boolean;
}

// A payout sent by the request that gathered it leaves the due queue then; this long after, the
// scheduled run sends one whose request died between gathering and sending.
const SEND_LEASE_MS = 2 * 60_000;
// Groups written per changeset: one round trip for many payouts, a script call of bounded size.
const BATCH = 50;

/** The programs' payout settings by id (a program gone reads the defaults). */
export async function payoutSettingsOf(env: Env, t: Tenant, rewards: Reward[]) {
  const ids = [...new Set(rewards.map((r) => r.program_id))];
  const programs = await programStore(env).getMany(t, ids);
  const byId = new Map<string, PayoutSettings>(programs.map((prog) => [prog.id, prog.payouts]));
  return (id: string) => byId.get(id) ?? DEFAULT_PAYOUTS;
}

interface Rules {
  settings: (programId: string) => PayoutSettings;
  payees: Map<string, PayeeFacts>;
  ignoreMinimum: boolean;
}

const decide = (g: PayoutGroup, r: Rules) =>
  decideGroup(g, r.settings(g.programId), r.payees.get(g.advocateId) ?? null, r.ignoreMinimum);

/**
 * Groups into payouts in one changeset, decided again on the rewards as stored when it is written:
 * a group another run took (even in part) is left as it now is. Held rewards are not among them:
 * the hold was decided on the first read, and holds only end.
 */
function gatherBatch(p: Publisher, batch: PayoutGroup[], rules: Rules, now: number): Promise<Payout[]> {
  const ids = batch.flatMap((g) => g.due.map((r) => r.id));
  return payoutStore(p.env).gather(p.tenant, ids, (current) =>
    groupRewards(current, () => 0, now).flatMap((fresh) => {
      const d = decide(fresh, rules);
      if (d.kind === 'skip') return [];
      const payout = newPayout(newId('payout', now), fresh, d.provider, p.tenant.mode === 'live', now);
      return [{ payout, dueAt: d.provider === 'manual' ? null : now + SEND_LEASE_MS }];
    }),
  );
}

/**
 * POST /v1/payouts and the schedule: approved cash rewards per advocate, program, currency (gift
 * cards apart) into pending payouts, each then sent to its provider. Safe under concurrent runs
 * and retries: payouts are written in changesets that claim their rewards (storage/payouts.ts).
 */
export async function gatherPayouts(p: Publisher, o: GatherOptions, now: number): Promise<PayoutRun> {
  const rewards = await gatherableRewards(p.env, p.tenant, o);
  const settings = await payoutSettingsOf(p.env, p.tenant, rewards);
  const groups = groupRewards(rewards, (id) => settings(id).hold_days, now);
  const payees = await payeeFactsOf(p.env, p.tenant, [...new Set(groups.map((g) => g.advocateId))]);
  const rules: Rules = { settings, payees, ignoreMinimum: o.ignoreMinimum };
  const skipped: PayoutRun['skipped'] = [];
  const toPay: PayoutGroup[] = [];
  for (const g of groups) {
    const d = decide(g, rules);
    if (d.kind === 'pay') toPay.push(g);
    else {
      const amount = d.reason === 'on_hold' ? g.heldAmount : g.amount;
      skipped.push({ advocate_id: g.advocateId, currency: g.currency, amount, reason: d.reason });
    }
  }
  const gathered: Payout[] = [];
  for (let i = 0; i < toPay.length; i += BATCH)
    gathered.push(...(await gatherBatch(p, toPay.slice(i, i + BATCH), rules, now)));
  await publish(p, gathered.map(payoutCreatedEvent));
  const created: Payout[] = [];
  for (const payout of gathered) created.push(await sendPayout(p, payout, now));
  return { object: 'payout_run', created, skipped };
}
