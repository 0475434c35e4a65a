import { describe, expect, it } from 'vitest';
import type { Reward, RewardStatus } from '../schemas/reward.ts';
import { refundReward, refundTake } from './refund-rewards.ts';

describe('refundTake', () => {
  const order = (amount: number, refunded: number) => ({ amount, refunded });

  it('takes the amount asked, or the rest when none is, up to what is left', () => {
    expect(refundTake(order(10_000, 0), 2_500)).toEqual({ kind: 'take', take: 2_500 });
    expect(refundTake(order(10_000, 2_500), undefined)).toEqual({ kind: 'take', take: 7_500 });
    expect(refundTake(order(10_000, 2_500), 7_500)).toEqual({ kind: 'take', take: 7_500 });
    expect(refundTake(order(10_000, 2_500), 7_501)).toEqual({ kind: 'too_much', left: 7_500 });
  });

  it('refuses a refund of a fully refunded order (left 0: a retried full refund)', () => {
    expect(refundTake(order(10_000, 10_000), undefined)).toEqual({ kind: 'too_much', left: 0 });
    expect(refundTake(order(10_000, 10_000), 1)).toEqual({ kind: 'too_much', left: 0 });
  });

  it('with upTo, brings the total to that figure (capped at the order), once', () => {
    expect(refundTake(order(10_000, 2_000), undefined, 5_000)).toEqual({ kind: 'take', take: 3_000 });
    expect(refundTake(order(10_000, 2_000), undefined, 12_000)).toEqual({ kind: 'take', take: 8_000 });
    expect(refundTake(order(10_000, 5_000), undefined, 5_000)).toEqual({ kind: 'reached' });
    expect(refundTake(order(10_000, 5_000), undefined, 4_000)).toEqual({ kind: 'reached' });
  });
});

const reward = (status: RewardStatus, original: number, reversed = 0): Reward => ({
  id: 'rwd_1',
  object: 'reward',
  livemode: false,
  kind: 'reward',
  recipient: 'advocate',
  program_id: 'prog_1',
  advocate_id: 'adv_1',
  conversion_id: 'conv_1',
  referral_id: 'ref_1',
  code: 'ALICE',
  type: 'fixed_amount',
  amount: original - reversed,
  original_amount: original,
  reversed_amount: reversed,
  currency: 'USD',
  tier: null,
  status,
  approve_after: status === 'pending' ? '2026-12-30T00:00:00.000Z' : null,
  fraud_signals: [],
  history: [],
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
});
const facts = (refunded: number, orderAmount = 10_000) => ({
  refunded,
  orderAmount,
  note: `refund of ${refunded}`,
  at: '2026-12-07T00:00:00.000Z',
  adjustmentId: () => 'rwd_adj',
});

describe('refundReward', () => {
  it('shrinks an unpaid reward by its share of the running total, and voids it at zero', () => {
    const half = refundReward(reward('pending', 1000), facts(5_000))!;
    expect(half.after).toMatchObject({ amount: 500, reversed_amount: 500, status: 'pending' });
    expect(half.adjustment).toBeNull();
    const all = refundReward(half.after, facts(10_000))!;
    expect(all.after).toMatchObject({ amount: 0, reversed_amount: 1000, status: 'voided', approve_after: null });
  });

  it('three partial refunds of thirds take back exactly the whole reward', () => {
    let r = reward('approved', 1001);
    const taken: number[] = [];
    for (const total of [3_333, 6_666, 10_000]) {
      const next = refundReward(r, facts(total))!;
      taken.push(r.amount - next.after.amount);
      r = next.after;
    }
    expect(taken).toEqual([334, 333, 334]);
    expect(r).toMatchObject({ amount: 0, reversed_amount: 1001, status: 'voided' });
  });

  it('keeps a paid reward paid and takes its share back by a negative, approved adjustment', () => {
    const out = refundReward(reward('paid', 1000), facts(2_500))!;
    expect(out.after).toMatchObject({ status: 'paid', amount: 1000, reversed_amount: 250 });
    expect(out.adjustment).toMatchObject({
      id: 'rwd_adj',
      kind: 'adjustment',
      amount: -250,
      original_amount: -250,
      status: 'approved',
    });
  });

  it('treats an approved reward in an unfinished payout like a paid one: the amount sent never changes', () => {
    const inPayout = { ...reward('approved', 1000), payout_id: 'po_1' };
    const out = refundReward(inPayout, facts(2_500))!;
    expect(out.after).toMatchObject({ status: 'approved', amount: 1000, reversed_amount: 250, payout_id: 'po_1' });
    expect(out.adjustment).toMatchObject({ kind: 'adjustment', amount: -250, status: 'approved', payout_id: null });
  });

  it('shrinks an approved reward in no payout (no adjustment)', () => {
    const out = refundReward({ ...reward('approved', 1000), payout_id: null }, facts(2_500))!;
    expect(out).toMatchObject({ after: { amount: 750, status: 'approved' }, adjustment: null });
  });

  it('changes nothing when the share is already taken, or the reward is voided', () => {
    expect(refundReward(reward('pending', 1000, 500), facts(5_000))).toBeNull();
    expect(refundReward(reward('voided', 1000), facts(5_000))).toBeNull();
    expect(refundReward(reward('pending', 1000), facts(0))).toBeNull();
  });
});
