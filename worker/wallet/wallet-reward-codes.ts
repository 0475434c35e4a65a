import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { rewardCodeStore } from '../storage/reward-codes.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

type WalletRewardCode = AdvocateWallet['reward_codes'][number];

const SHOWN = 50;

/**
 * The advocate's issued reward codes, newest first, as their records say now (discount, expiry,
 * redeemed or not). A code whose reward was voided first is disabled: not shown. The records are
 * read concurrently (at most 50).
 */
export async function readRewardCodes(env: StoreEnv, t: Tenant, rewards: Reward[]): Promise<WalletRewardCode[]> {
  const issued = rewards
    .flatMap((r) => (r.reward_code ? [{ rewardId: r.id, code: r.reward_code.code }] : []))
    .sort((a, b) => (a.rewardId < b.rewardId ? 1 : -1))
    .slice(0, SHOWN);
  const store = rewardCodeStore(env);
  const reads = await Promise.all(issued.map((i) => store.read(t, i.code)));
  return issued.flatMap((i, n) => {
    const record = reads[n]?.record;
    if (!record || record.status === 'disabled') return [];
    return [
      {
        code: record.code,
        reward_id: i.rewardId,
        discount: {
          type: record.discount,
          value: record.value,
          currency: record.discount === 'fixed_amount' ? record.currency : null,
        },
        expires_at: record.expires_at,
        used: record.status === 'redeemed',
      },
    ];
  });
}
