import { decideGroup, groupRewards, newPayout, type PayoutGroup, type SkipReason } from '../../shared/core/payouts.ts';
import type { Payout, PayoutRun, PayoutSettings } from '../../shared/schemas/payout.ts';
import { DEFAULT_PAYOUTS } from '../../shared/schemas/program.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
import { newId } from '../lib/ids.ts';
import { readPayee } from '../payees/read-payee.ts';
import { payoutStore } from '../storage/payouts.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { type GatherFilter, gatherableRewards } from './gatherable-rewards.ts';
import { payoutCreatedEvent } from './payout-events.ts';
import { sendPayout } from './send-payout.ts';

export interface GatherOptions extends GatherFilter {
  ignoreMinimum: boolean;
}

// A payout sent by the request that gathered it leaves the due queue then; this long after, the
// scheduled run sends one whose request died between gathering and sending.
const SEND_LEASE_MS = 2 * 60_000;

/** The programs' payout settings by id (a program gone reads the defaults). */
export async function payoutSettingsOf(env: Env, t: Tenant, rewards: Reward[]) {
  const ids = [...new Set(rewards.map((r) => r.program_id))];
  const programs = await programStore(env).getMany(t, ids);
  const byId = new Map<string, PayoutSettings>(programs.map((prog) => [prog.id, prog.payouts]));
  return (id: string) => byId.get(id) ?? DEFAULT_PAYOUTS;
}

type GroupOutcome = { kind: 'created'; payout: Payout } | { kind: 'skipped'; why: SkipReason | 'taken' };

/** One group into one payout, decided again on the rewards as stored at the moment it is written. */
async function gatherGroup(
  p: Publisher,
  g: PayoutGroup,
  settings: PayoutSettings,
  o: GatherOptions,
  now: number,
): Promise<GroupOutcome> {
  const payee = await readPayee(p.env, p.tenant, g.advocateId);
  const facts = payee ? { method: payee.method, email: payee.email } : null;
  const first = decideGroup(g, settings, facts, o.ignoreMinimum);
  if (first.kind === 'skip') return { kind: 'skipped', why: first.reason };
  const id = newId('payout', now);
  return payoutStore(p.env).gather(
    p.tenant,
    g.due.map((r) => r.id),
    (current) => {
      // Held rewards are not in `current`: the hold was decided with the first read, and holds only end.
      const [fresh] = groupRewards(current, () => 0, now);
      if (!fresh) return { kind: 'skip', why: 'taken' as const };
      const d = decideGroup(fresh, settings, facts, o.ignoreMinimum);
      if (d.kind === 'skip') return { kind: 'skip', why: d.reason };
      const payout = newPayout(id, fresh, d.provider, p.tenant.mode === 'live', now);
      return { kind: 'create', payout, dueAt: d.provider === 'manual' ? null : now + SEND_LEASE_MS };
    },
  );
}

/**
 * POST /v1/payouts and the schedule: approved cash rewards per advocate, program, currency (gift
 * cards apart) into pending payouts, each then sent to its provider. Safe under concurrent runs
 * and retries: each payout is written in one changeset that claims its rewards (storage/payouts.ts).
 */
export async function gatherPayouts(p: Publisher, o: GatherOptions, now: number): Promise<PayoutRun> {
  const rewards = await gatherableRewards(p.env, p.tenant, o);
  const settings = await payoutSettingsOf(p.env, p.tenant, rewards);
  const groups = groupRewards(rewards, (id) => settings(id).hold_days, now);
  const created: Payout[] = [];
  const skipped: PayoutRun['skipped'] = [];
  for (const g of groups) {
    const out = await gatherGroup(p, g, settings(g.programId), o, now);
    if (out.kind === 'created') {
      await publish(p, [payoutCreatedEvent(out.payout)]);
      created.push(await sendPayout(p, out.payout, now));
    } else if (out.why !== 'taken') {
      const amount = out.why === 'on_hold' ? g.heldAmount : g.amount;
      skipped.push({ advocate_id: g.advocateId, currency: g.currency, amount, reason: out.why });
    }
  }
  return { object: 'payout_run', created, skipped };
}
