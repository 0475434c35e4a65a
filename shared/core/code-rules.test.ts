import { describe, expect, it } from 'vitest';
import {
  type CodeState,
  isRewardCode,
  type RewardCodeState,
  rewardCodeRejection,
  stateRejection,
} from './code-rules.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const ok: CodeState = {
  record: { status: 'active' },
  program: {
    status: 'active',
    starts_at: null,
    ends_at: null,
    referee_offer: { type: 'fixed_amount', value: 1000, currency: 'USD' },
    limits: {
      code_max_uses: null,
      one_redemption_per_customer: true,
      new_customers_only: false,
      min_order_amount: 5000,
      max_rewards_per_advocate_per_month: null,
    },
  },
  advocate: { status: 'active', external_id: 'adv-1', email: 'Alice@Example.com' },
};
const friend = { external_id: 'cust-1', email: 'friend@example.com' };
const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('stateRejection', () => {
  it('accepts an order at the minimum exactly, and refuses one below it', () => {
    expect(stateRejection(ok, friend, usd(5000), NOW)).toBeNull();
    expect(stateRejection(ok, friend, usd(4999), NOW)).toBe('min_order_not_met');
  });

  it('refuses an order in another currency than a fixed offer, but not a percent offer', () => {
    expect(stateRejection(ok, friend, { amount: 9000, currency: 'JPY' }, NOW)).toBe('currency_mismatch');
    const percent = { ...ok, program: { ...ok.program, referee_offer: { type: 'percent', value: 10 } as const } };
    expect(stateRejection(percent, friend, { amount: 9000, currency: 'JPY' }, NOW)).toBeNull();
  });

  it('refuses the advocate themselves, by id or by email in any case', () => {
    expect(stateRejection(ok, { external_id: 'adv-1' }, usd(9000), NOW)).toBe('self_referral');
    expect(stateRejection(ok, { email: 'alice@EXAMPLE.com' }, usd(9000), NOW)).toBe('self_referral');
  });

  it('checks the code, then the advocate, then the program, in that order', () => {
    const ended = { ...ok.program, ends_at: new Date(NOW).toISOString() };
    const all = { record: { status: 'disabled' as const }, advocate: { ...ok.advocate, status: 'suspended' as const } };
    expect(stateRejection({ ...ok, ...all, program: ended }, friend, usd(9000), NOW)).toBe('code_disabled');
    const suspended = { ...ok, advocate: all.advocate, program: ended };
    expect(stateRejection(suspended, friend, usd(9000), NOW)).toBe('advocate_suspended');
    expect(stateRejection({ ...ok, program: ended }, friend, usd(9000), NOW)).toBe('program_ended');
    const paused = { ...ok, program: { ...ok.program, status: 'paused' as const } };
    expect(stateRejection(paused, friend, usd(9000), NOW)).toBe('program_inactive');
    const later = { ...ok.program, starts_at: new Date(NOW + 1).toISOString() };
    expect(stateRejection({ ...ok, program: later }, friend, usd(9000), NOW)).toBe('program_not_started');
  });
});

describe('rewardCodeRejection', () => {
  const code: RewardCodeState = {
    status: 'active',
    currency: 'USD',
    expires_at: '2026-12-08T12:00:00.000Z',
    order_digest: null,
  };
  const order = { amount: 1000, currency: 'USD' };

  it('accepts an active code before its expiry, in its currency, whatever the order size', () => {
    expect(rewardCodeRejection(code, order, NOW)).toBeNull();
    expect(rewardCodeRejection({ ...code, expires_at: null }, { amount: 1, currency: 'USD' }, NOW)).toBeNull();
  });

  it('refuses it from the instant it expires, once disabled, or in another currency', () => {
    expect(rewardCodeRejection(code, order, Date.parse(code.expires_at!))).toBe('code_expired');
    expect(rewardCodeRejection({ ...code, status: 'disabled' }, order, NOW)).toBe('code_disabled');
    expect(rewardCodeRejection(code, { amount: 1000, currency: 'EUR' }, NOW)).toBe('currency_mismatch');
  });

  it('is used up once redeemed, except for the order it was redeemed on (a retry)', () => {
    const used = { ...code, status: 'redeemed' as const, order_digest: 'd1' };
    expect(rewardCodeRejection(used, order, NOW)).toBe('usage_limit_reached');
    expect(rewardCodeRejection(used, order, NOW, 'd2')).toBe('usage_limit_reached');
    expect(rewardCodeRejection(used, order, NOW, 'd1')).toBeNull();
  });
});

describe('isRewardCode', () => {
  it('knows a reward code by its shape: R and 11 characters of the code alphabet', () => {
    expect(isRewardCode('R23456789ABC')).toBe(true);
    expect(isRewardCode('R23456789AB')).toBe(false);
    expect(isRewardCode('R23456789ABO')).toBe(false);
    expect(isRewardCode('ALICE7KQ2')).toBe(false);
  });
});
