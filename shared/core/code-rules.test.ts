import { describe, expect, it } from 'vitest';
import { type CodeState, stateRejection } from './code-rules.ts';

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
