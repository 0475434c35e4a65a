import type { CharityStatement } from '../../shared/schemas/charity.ts';
import { charityStore } from '../storage/charity.ts';
import type { Tenant } from '../tenant.ts';
import { charityStatement } from './statement.ts';

/** Marks one approved reward paid (the rewards feature's move, with its `reward.paid` event); passed in, since
 * rewards sit above charity (their moves count charity totals). */
export type MarkPaid = (rewardId: string) => Promise<unknown>;

const PAGE = 200;

/**
 * The merchant gave a month's statement: the month is recorded settled (the first time wins), then each reward
 * it counts that is still approved becomes `paid` (voided ones stay voided). Idempotent: again, every reward
 * is already paid and the same `settled_at` answers; one counted after a first settle is paid by the next.
 */
export async function settleMonth(
  env: Env,
  tenant: Tenant,
  month: string,
  markPaid: MarkPaid,
  now: number,
): Promise<CharityStatement> {
  const store = charityStore(env);
  await store.settle(tenant, month, new Date(now).toISOString());
  let after: string | undefined;
  for (;;) {
    const page = await store.rewardIds(tenant, month, PAGE, after);
    for (const id of page.ids) await markPaid(id);
    if (!page.hasMore) break;
    after = page.ids.at(-1);
  }
  return charityStatement(env, tenant, month, now);
}
