import type { Payout } from '../../../shared/schemas/payout.ts';
import type { Reward } from '../../../shared/schemas/reward.ts';
import { newId } from '../../../worker/lib/ids.ts';
import { issueRewardCode } from '../../../worker/reward-codes/issue-reward-code.ts';
import { Changeset } from '../../../worker/storage/changeset.ts';
import { createRedis } from '../../../worker/storage/client.ts';
import { payoutDetailsStore } from '../../../worker/storage/payout-details.ts';
import { payoutCodec } from '../../../worker/storage/payouts.ts';
import { pointsStore } from '../../../worker/storage/points.ts';
import { redisKeys } from '../../../worker/storage/redis-keys.ts';
import { rewardCodeStore } from '../../../worker/storage/reward-codes.ts';
import { stageNewReward } from '../../../worker/storage/rewards.ts';
import type { Tenant } from '../../../worker/tenant.ts';
import type { Bridge } from '../../support/redis.ts';

/**
 * Records as the parts of issue 16 write them, written through their own stores (the approvals,
 * payout runs and checkouts that write them in production are tested beside those parts): an
 * approved reward_code reward with its issued code, a payout, payout details.
 */
export function walletSeeder(suite: { bridge: Bridge }, tenant: Tenant) {
  const env = () => ({
    UPSTASH_REDIS_REST_URL: suite.bridge.server.url,
    UPSTASH_REDIS_REST_TOKEN: suite.bridge.server.token,
  });
  const now = Date.now();
  const at = new Date(now).toISOString();

  async function rewardCode(
    advocateId: string,
    programId: string,
    discount: { type: 'percent' | 'fixed_amount'; value: number; redeemed?: boolean },
  ): Promise<string> {
    const id = newId('reward');
    const issued = await issueRewardCode(
      { env: env(), tenant },
      {
        advocateId,
        programId,
        reference: id,
        discount: discount.type,
        value: discount.value,
        currency: 'USD',
        expiresInDays: 30,
      },
      now,
    );
    const reward: Reward = {
      id,
      object: 'reward',
      livemode: false,
      kind: 'reward',
      recipient: 'advocate',
      program_id: programId,
      advocate_id: advocateId,
      conversion_id: null,
      referral_id: null,
      type: 'reward_code',
      amount: discount.type === 'fixed_amount' ? discount.value : 0,
      original_amount: discount.type === 'fixed_amount' ? discount.value : 0,
      reversed_amount: 0,
      currency: 'USD',
      tier: null,
      status: 'approved',
      approve_after: null,
      fraud_signals: [],
      history: [{ status: 'approved', at, note: 'seeded' }],
      reward_code: issued,
      created_at: at,
      updated_at: at,
    };
    const cs = new Changeset();
    stageNewReward(cs, tenant, reward);
    if (!(await cs.apply(createRedis(env()))).ok) throw new Error('seeding a reward failed');
    if (discount.redeemed) {
      const read = (await rewardCodeStore(env()).read(tenant, issued.code))!;
      await rewardCodeStore(env()).replace(tenant, read, { ...read.record, status: 'redeemed', updated_at: at });
    }
    return issued.code;
  }

  async function payout(advocateId: string, programId: string, p: Pick<Payout, 'amount' | 'status'>) {
    const record: Payout = {
      id: newId('payout'),
      object: 'payout',
      livemode: false,
      advocate_id: advocateId,
      program_id: programId,
      provider: 'paypal',
      status: p.status,
      amount: p.amount,
      currency: 'USD',
      reward_ids: [],
      provider_reference: null,
      failure_reason: null,
      history: [{ status: p.status, at, note: 'seeded' }],
      created_at: at,
      updated_at: at,
      paid_at: p.status === 'paid' ? at : null,
    };
    // The record and the advocate's index, as the payout store writes them (keys from the registry).
    const cs = new Changeset()
      .set(redisKeys.payout(tenant, record.id), null, payoutCodec.encode(record))
      .zadd(redisKeys.advocatePayouts(tenant, advocateId), 0, record.id);
    if (!(await cs.apply(createRedis(env()))).ok) throw new Error('seeding a payout failed');
    return record;
  }

  async function paypal(advocateId: string, masked: string) {
    await payoutDetailsStore(env()).write(tenant, advocateId, () => ({
      advocate_id: advocateId,
      method: 'paypal',
      paypal_email_box: null,
      paypal_email_masked: masked,
      stripe_account_id: null,
      stripe_onboarding_complete: false,
      country: 'DE',
      tax_form: null,
      updated_at: at,
    }));
  }

  /** An approved `points` reward credited as the points part does, lapsing at `expiresAt` (ms) or never. */
  async function points(programId: string, externalId: string, amount: number, expiresAt: number | null = null) {
    const owner = { tenant, programId, externalId };
    await pointsStore(env()).earn(owner, { id: newId('reward'), points: amount, expiresAt }, now);
  }

  return { rewardCode, payout, paypal, points };
}
