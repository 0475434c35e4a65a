import { describe, expect, it } from 'vitest';
import type { Payout, PayoutProvider } from '../schemas/payout.ts';
import type { Reward } from '../schemas/reward.ts';
import { exampleReward } from '../schemas/webhook-event-examples.ts';
import {
  applyPayoutMove,
  approvedAt,
  decideGroup,
  eligibleAt,
  groupRewards,
  isCashReward,
  isGatherable,
  providerFor,
  retryDelayMs,
  schedulePeriod,
} from './payouts.ts';

const NOW = Date.parse('2026-12-09T12:00:00Z');
const DAY = 86_400_000;
let n = 0;
const reward = (over: Partial<Reward> = {}, approvedDaysAgo = 10): Reward => ({
  ...exampleReward,
  id: `rwd_${++n}`,
  kind: 'reward',
  recipient: 'advocate',
  advocate_id: 'adv_1',
  program_id: 'prog_1',
  type: 'fixed_amount',
  currency: 'USD',
  amount: 1000,
  status: 'approved',
  payout_id: null,
  history: [
    { status: 'pending', at: '2026-01-01T00:00:00.000Z', note: 'created' },
    { status: 'approved', at: new Date(NOW - approvedDaysAgo * DAY).toISOString(), note: 'hold period over' },
  ],
  ...over,
});

describe('which rewards are cash', () => {
  it('pays fixed_amount, percent_of_order and gift_card of advocates; never the rest', () => {
    for (const type of ['fixed_amount', 'percent_of_order', 'gift_card'])
      expect(isCashReward(reward({ type }))).toBe(true);
    for (const type of ['store_credit', 'points', 'charity_donation', 'reward_code'])
      expect(isCashReward(reward({ type }))).toBe(false);
    expect(isCashReward(reward({ recipient: 'friend' }))).toBe(false);
  });

  it('gathers only approved rewards in no payout', () => {
    expect(isGatherable(reward())).toBe(true);
    expect(isGatherable(reward({ status: 'pending' }))).toBe(false);
    expect(isGatherable(reward({ status: 'paid' }))).toBe(false);
    expect(isGatherable(reward({ payout_id: 'po_1' }))).toBe(false);
  });
});

describe('payout hold', () => {
  it('counts from the last approval in the history; adjustments are never held', () => {
    const r = reward({}, 3);
    expect(approvedAt(r)).toBe(NOW - 3 * DAY);
    expect(eligibleAt(r, 7)).toBe(NOW + 4 * DAY);
    expect(eligibleAt({ ...r, kind: 'adjustment', amount: -100 }, 7)).toBe(NOW - 3 * DAY);
  });
});

describe('groupRewards', () => {
  it('groups per advocate, program, currency and gift cards apart; nets adjustments; sets held ones apart', () => {
    const rewards = [
      reward({ amount: 1000 }),
      reward({ amount: 500 }),
      reward({ kind: 'adjustment', amount: -300 }, 0),
      reward({ amount: 700 }, 1), // on hold (2 days)
      reward({ currency: 'EUR', amount: 900 }),
      reward({ type: 'gift_card', amount: 2500 }),
      reward({ advocate_id: 'adv_2', amount: 100 }),
      reward({ status: 'paid', amount: 9999 }),
    ];
    const groups = groupRewards(rewards, () => 2, NOW);
    const line = (adv: string, cur: string, gift: boolean) =>
      groups.find((g) => g.advocateId === adv && g.currency === cur && g.giftCard === gift);
    expect(groups).toHaveLength(4);
    expect(line('adv_1', 'USD', false)).toMatchObject({
      amount: 1200,
      held: 1,
      heldAmount: 700,
      eligibleAt: NOW + DAY,
    });
    expect(line('adv_1', 'USD', false)!.due).toHaveLength(3);
    expect(line('adv_1', 'EUR', false)).toMatchObject({ amount: 900, held: 0, eligibleAt: null });
    expect(line('adv_1', 'USD', true)).toMatchObject({ amount: 2500 });
    expect(line('adv_2', 'USD', false)).toMatchObject({ amount: 100 });
  });
});

describe('providerFor and decideGroup', () => {
  it('gift cards by Tremendous, cash by the payee method or by hand; no details: none', () => {
    const payee = (method: PayoutProvider | null, email: string | null = 'a@example.com') => ({ method, email });
    expect(providerFor(true, payee('paypal'))).toBe('tremendous');
    expect(providerFor(true, payee(null))).toBe('tremendous');
    expect(providerFor(true, payee('paypal', null))).toBeNull();
    expect(providerFor(false, payee('paypal'))).toBe('paypal');
    expect(providerFor(false, payee('stripe_connect'))).toBe('stripe_connect');
    expect(providerFor(false, payee('manual'))).toBe('manual');
    expect(providerFor(false, payee('tremendous'))).toBe('manual');
    expect(providerFor(false, payee(null))).toBeNull();
    expect(providerFor(false, null)).toBeNull();
  });

  it('skips on hold, not positive, below the minimum (unless ignored) and without details', () => {
    const [g] = groupRewards([reward({ amount: 400 })], () => 0, NOW);
    const payee = { method: 'paypal' as const, email: null };
    expect(decideGroup(g!, { minimum_amount: 500 }, payee, false)).toEqual({ kind: 'skip', reason: 'below_minimum' });
    expect(decideGroup(g!, { minimum_amount: 500 }, payee, true)).toEqual({ kind: 'pay', provider: 'paypal' });
    expect(decideGroup(g!, { minimum_amount: 500 }, null, false)).toEqual({
      kind: 'skip',
      reason: 'no_payout_details',
    });
    const [neg] = groupRewards([reward({ amount: 100 }), reward({ kind: 'adjustment', amount: -100 })], () => 0, NOW);
    expect(decideGroup(neg!, { minimum_amount: 0 }, payee, true)).toEqual({ kind: 'skip', reason: 'not_positive' });
    const [held] = groupRewards([reward({}, 0)], () => 5, NOW);
    expect(decideGroup(held!, { minimum_amount: 0 }, payee, true)).toEqual({ kind: 'skip', reason: 'on_hold' });
  });
});

describe('schedulePeriod', () => {
  it('weekly periods start on Monday 00:00 UTC, monthly on the 1st; manual has none', () => {
    expect(schedulePeriod('weekly', Date.parse('2026-12-07T00:00:00Z'))).toBe('2026-12-07'); // a Monday
    expect(schedulePeriod('weekly', Date.parse('2026-12-13T23:59:59Z'))).toBe('2026-12-07'); // Sunday
    expect(schedulePeriod('weekly', Date.parse('2026-12-14T00:00:00Z'))).toBe('2026-12-14');
    expect(schedulePeriod('weekly', Date.parse('2027-01-01T10:00:00Z'))).toBe('2026-12-28');
    expect(schedulePeriod('monthly', Date.parse('2026-12-31T23:59:59Z'))).toBe('2026-12-01');
    expect(schedulePeriod('monthly', Date.parse('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
    expect(schedulePeriod('manual', NOW)).toBeNull();
  });
});

describe('applyPayoutMove', () => {
  const payout: Payout = {
    id: 'po_1',
    object: 'payout',
    livemode: false,
    advocate_id: 'adv_1',
    program_id: 'prog_1',
    provider: 'paypal',
    status: 'pending',
    amount: 1000,
    currency: 'USD',
    reward_ids: ['rwd_1'],
    provider_reference: null,
    failure_reason: null,
    history: [{ status: 'pending', at: '2026-12-01T00:00:00.000Z', note: 'gathered' }],
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
    paid_at: null,
  };

  it('goes pending -> processing -> paid, keeps the reference, and answers unchanged on a repeat', () => {
    const processing = applyPayoutMove(payout, { to: 'processing', reference: 'B1' }, NOW) as Payout;
    expect(processing).toMatchObject({ status: 'processing', provider_reference: 'B1' });
    const paid = applyPayoutMove(processing, { to: 'paid', note: 'paid' }, NOW) as Payout;
    expect(paid).toMatchObject({ status: 'paid', provider_reference: 'B1', paid_at: new Date(NOW).toISOString() });
    expect(paid.history.map((h) => h.status)).toEqual(['pending', 'processing', 'paid']);
    expect(applyPayoutMove(paid, { to: 'paid', note: 'again' }, NOW)).toBe('unchanged');
    expect(applyPayoutMove(paid, { to: 'failed', reason: 'x' }, NOW)).toBe('not_allowed');
  });

  it('fails with the reason; a failed payout moves no more', () => {
    const failed = applyPayoutMove(payout, { to: 'failed', reason: 'RECEIVER_UNREGISTERED' }, NOW) as Payout;
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'RECEIVER_UNREGISTERED' });
    expect(applyPayoutMove(failed, { to: 'paid', note: 'x' }, NOW)).toBe('not_allowed');
    expect(applyPayoutMove(failed, { to: 'processing', reference: 'x' }, NOW)).toBe('not_allowed');
  });
});

describe('retryDelayMs', () => {
  it('doubles from a minute, capped at a day', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000]);
    expect(retryDelayMs(30)).toBe(DAY);
  });
});
