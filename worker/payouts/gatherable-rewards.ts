import { isGatherable } from '../../shared/core/payouts.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { rewardStore } from '../storage/rewards.ts';
import type { Tenant } from '../tenant.ts';

/** Which rewards a run looks at: every approved one, or one advocate's or program's. */
export interface GatherFilter {
  programId?: string;
  advocateId?: string;
  currency?: string;
}

const PAGE = 1000;

/** Approved cash rewards in no payout, matching the filter, read page by page from the approved index. */
export async function gatherableRewards(env: Env, t: Tenant, f: GatherFilter): Promise<Reward[]> {
  const store = rewardStore(env);
  const of = f.advocateId ? { advocateId: f.advocateId } : { status: 'approved' as const };
  const out: Reward[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.page(t, of, PAGE, after);
    for (const r of page.rewards) {
      if (!isGatherable(r)) continue;
      if (f.programId && r.program_id !== f.programId) continue;
      if (f.currency && r.currency !== f.currency) continue;
      out.push(r);
    }
    if (!page.hasMore) return out;
    after = page.ids.at(-1);
  }
}
