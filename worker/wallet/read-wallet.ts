import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { payoutDetailsStore } from '../storage/payout-details.ts';
import { payoutStore } from '../storage/payouts.ts';
import { pointsStore } from '../storage/points.ts';
import { rewardStore } from '../storage/rewards.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { readRewardCodes } from './wallet-reward-codes.ts';

// An advocate's rewards read for their codes: the wallet shows the newest 50 of those.
const REWARDS_READ = 200;
const PAYOUTS_SHOWN = 50;

/** Whose wallet: the advocate and the program it is shown for. */
export interface WalletOwner {
  tenant: Tenant;
  advocateId: string;
  /** The merchant's customer id (points are kept by it). */
  externalId: string;
  program: Program;
}

/** Points show when the program has them: a `points` reward or a catalog to redeem from. */
const hasPoints = (p: Program) => p.referrer_reward.type === 'points' || p.points.catalog.length > 0;

/**
 * The balance as it stands now: lots past their time are taken out here (read only: the points
 * store expires them on its next write, with their events).
 */
async function readPointsView(env: StoreEnv, owner: WalletOwner, now: number): Promise<AdvocateWallet['points']> {
  if (!hasPoints(owner.program)) return null;
  const { tenant, program, externalId } = owner;
  const { balance, expiring } = await pointsStore(env).balance({ tenant, programId: program.id, externalId });
  const lapsed = expiring.filter((lot) => Date.parse(lot.expires_at) <= now).reduce((sum, l) => sum + l.points, 0);
  return {
    balance: Math.max(0, balance - lapsed),
    catalog: program.points.catalog.map((item) => ({ id: item.id, name: item.name, cost: item.cost })),
  };
}

/**
 * The advocate's wallet: paid-out history, reward codes, points and payout details, read from
 * the stores that own them (payouts, rewards, points, payout details), concurrently.
 */
export async function readWallet(env: StoreEnv, owner: WalletOwner, now = Date.now()): Promise<AdvocateWallet> {
  const { tenant: t, advocateId, program } = owner;
  const [payouts, rewards, details, points] = await Promise.all([
    payoutStore(env).page(t, { advocateId }, PAYOUTS_SHOWN),
    rewardStore(env).page(t, { advocateId }, REWARDS_READ),
    payoutDetailsStore(env).get(t, advocateId),
    readPointsView(env, owner, now),
  ]);
  return {
    object: 'advocate_wallet',
    program_id: program.id,
    advocate_id: advocateId,
    payouts: payouts.payouts.map((p) => ({
      id: p.id,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      created_at: p.created_at,
      paid_at: p.paid_at,
    })),
    reward_codes: await readRewardCodes(env, t, rewards.rewards),
    points,
    payout_details: {
      method: details?.method ?? null,
      paypal_email: details?.paypal_email_masked ?? null,
      stripe_onboarding_complete: details?.stripe_onboarding_complete ?? false,
    },
  };
}
