import { everApproved } from '../../shared/core/reward-moves.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { charityStore } from '../storage/charity.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';

/** What a `charity_donation` reward counts for now: its unrefunded amount once approved, 0 once voided. */
function charityTarget(reward: Reward): number | null {
  if (reward.type !== 'charity_donation' || reward.recipient !== 'advocate' || reward.kind !== 'reward') return null;
  if (reward.status === 'approved' || reward.status === 'paid')
    return Math.max(0, reward.original_amount - reward.reversed_amount);
  // A void of a reward never approved: nothing was given, nothing to take back (and no read for it).
  return reward.status === 'voided' && everApproved(reward) ? 0 : null;
}

/** The UTC month (`YYYY-MM`) a reward was first approved in (born approved: its creation), never moved later. */
function approvalMonth(reward: Reward): string {
  const approved = reward.history.find((h) => h.status === 'approved' || h.status === 'paid');
  return (approved?.at ?? reward.created_at).slice(0, 7);
}

/** The charity the reward's tier (or the program's base reward) names; the program may have changed since. */
function charityOf(program: Program | null, reward: Reward): string {
  const tier = program?.reward_tiers.find((t) => t.label === reward.tier)?.reward;
  for (const offer of [tier, program?.referrer_reward])
    if (offer?.type === 'charity_donation') return offer.charity_name;
  return 'Unnamed charity';
}

/**
 * Keeps the monthly charity totals in line with `charity_donation` rewards after any write that moved them
 * (approval, void, refund). Each reward is counted once by its id in the month it was approved, and a later
 * void or refund takes back from that month (the script only ever lowers a count), so calling it again after a
 * retry or a lost step changes nothing.
 */
export async function countCharityRewards(env: Env, tenant: Tenant, rewards: Reward[]): Promise<void> {
  const programs = new Map<string, Promise<Program | null>>();
  for (const reward of rewards) {
    const target = charityTarget(reward);
    if (target === null || reward.currency === null) continue;
    const program = programs.get(reward.program_id) ?? programStore(env).get(tenant, reward.program_id);
    programs.set(reward.program_id, program);
    const line = {
      programId: reward.program_id,
      currency: reward.currency,
      charityName: charityOf(await program, reward),
    };
    await charityStore(env).count(tenant, approvalMonth(reward), { id: reward.id, target, line });
  }
}
