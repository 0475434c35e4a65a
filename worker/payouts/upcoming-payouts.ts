import { decideGroup, groupRewards, providerFor } from '../../shared/core/payouts.ts';
import type { UpcomingPayout } from '../../shared/schemas/payout.ts';
import { payoutStore } from '../storage/payouts.ts';
import type { Tenant } from '../tenant.ts';
import { matching, payoutSettingsOf } from './gather-payouts.ts';
import { payeeFactsOf } from './payee-facts.ts';

const MAX_LINES = 500;

/** GET /v1/payouts/upcoming: what the next run would pay per advocate and currency, or why not. Largest first. */
export async function upcomingPayouts(env: Env, t: Tenant, programId: string | undefined, now: number) {
  const rewards = matching(await payoutStore(env).unpaid(t), { programId });
  const settings = await payoutSettingsOf(env, t, rewards);
  const groups = groupRewards(rewards, (id) => settings(id).hold_days, now);
  const lines: UpcomingPayout[] = [];
  const payees = await payeeFactsOf(env, t, [...new Set(groups.map((g) => g.advocateId))]);
  for (const g of groups) {
    const facts = payees.get(g.advocateId) ?? null;
    const d = decideGroup(g, settings(g.programId), facts, false);
    lines.push({
      advocate_id: g.advocateId,
      program_id: g.programId,
      currency: g.currency,
      amount: g.amount + g.heldAmount,
      rewards: g.due.length + g.held,
      provider: providerFor(g.giftCard, facts),
      payable: d.kind === 'pay',
      reason: d.kind === 'skip' ? d.reason : null,
      eligible_at: g.eligibleAt === null ? null : new Date(g.eligibleAt).toISOString(),
    });
  }
  return lines.sort((a, b) => b.amount - a.amount).slice(0, MAX_LINES);
}
