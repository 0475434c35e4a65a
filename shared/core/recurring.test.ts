import { describe, expect, it } from 'vitest';
import { ProgramCreate } from '../schemas/program.ts';
import { renewalEligibility } from './recurring.ts';

const at = (iso: string) => Date.parse(iso);
const eligible = (months: number | null | undefined, start: string, period: string) =>
  renewalEligibility(months === undefined ? undefined : { months }, at(start), at(period)).eligible;

/** The period starts of a monthly plan anchored on `start`, as a biller keeps a month-end anchor. */
function monthlyPeriods(start: string, count: number): string[] {
  const d = new Date(start);
  return Array.from({ length: count }, (_, i) => {
    const m = d.getUTCMonth() + i + 1;
    const last = new Date(Date.UTC(d.getUTCFullYear(), m + 1, 0)).getUTCDate();
    const day = Math.min(d.getUTCDate(), last);
    return new Date(Date.UTC(d.getUTCFullYear(), m, day, d.getUTCHours(), d.getUTCMinutes())).toISOString();
  });
}

describe('renewalEligibility', () => {
  it('rewards renewals 1..12 of a monthly plan under months: 12, not the 13th', () => {
    const start = '2026-01-15T10:00:00.000Z';
    const periods = monthlyPeriods(start, 13);
    expect(periods.map((p) => eligible(12, start, p))).toEqual([...Array(12).fill(true), false]);
  });

  it('keeps a month-end anchor: Jan 31 through Jan 31 of the next year, leap February included', () => {
    const start = '2027-01-31T00:00:00.000Z';
    const periods = monthlyPeriods(start, 13);
    expect(periods[0]).toBe('2027-02-28T00:00:00.000Z');
    expect(periods[12]).toBe('2028-02-29T00:00:00.000Z');
    expect(periods.map((p) => eligible(12, start, p))).toEqual([...Array(12).fill(true), false]);
    // One month from Jan 31 is the last day of February, not March 3.
    expect(eligible(1, start, '2027-02-28T23:00:00.000Z')).toBe(true);
    expect(eligible(1, start, '2027-03-01T00:00:00.000Z')).toBe(false);
  });

  it('judges by calendar day: a period starting hours after the anniversary still counts, the next day not', () => {
    const start = '2026-03-10T23:59:00.000Z';
    expect(eligible(12, start, '2027-03-10T00:00:01.000Z')).toBe(true);
    expect(eligible(12, start, '2027-03-10T23:59:59.000Z')).toBe(true);
    expect(eligible(12, start, '2027-03-11T00:00:00.000Z')).toBe(false);
  });

  it('covers a yearly plan by its anniversaries', () => {
    const start = '2024-02-29T12:00:00.000Z';
    expect(eligible(24, start, '2025-02-28T12:00:00.000Z')).toBe(true);
    expect(eligible(24, start, '2026-02-28T12:00:00.000Z')).toBe(true);
    expect(eligible(24, start, '2027-02-28T12:00:00.000Z')).toBe(false);
  });

  it('rewards every renewal for the life of the subscription with months: null', () => {
    expect(eligible(null, '2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z')).toBe(true);
    expect(eligible(null, '2026-01-01T00:00:00Z', '2126-06-01T00:00:00Z')).toBe(true);
  });

  it('rewards no renewal without the setting, and says why', () => {
    const answer = renewalEligibility(undefined, at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'));
    expect(answer).toEqual({ eligible: false, note: expect.stringContaining('only the first sale') });
  });

  it('names the last covered day when a renewal falls outside the window', () => {
    const answer = renewalEligibility({ months: 3 }, at('2026-11-30T08:00:00Z'), at('2027-03-01T08:00:00Z'));
    expect(answer).toEqual({ eligible: false, note: expect.stringContaining('until 2027-02-28') });
  });
});

describe('referrer_reward.recurring in the program schema', () => {
  const program = (referrer_reward: unknown, reward_tiers: unknown[] = []) =>
    ProgramCreate.safeParse({
      name: 'Plans',
      destination_url: 'https://shop.example/plans',
      referee_offer: { type: 'percent', value: 10 },
      referrer_reward,
      reward_tiers,
    });
  const fixed = { type: 'fixed_amount', value: 1000, currency: 'USD' };

  it('takes 1..120 months, or null for life, on every reward type, and is optional', () => {
    for (const recurring of [{ months: 1 }, { months: 120 }, { months: null }]) {
      expect(program({ ...fixed, recurring }).success).toBe(true);
      expect(program({ type: 'points', value: 5, recurring }).success).toBe(true);
    }
    expect(program(fixed).data?.referrer_reward).toEqual(fixed);
  });

  it('refuses 0, 121, fractions, a missing months and unknown fields', () => {
    for (const recurring of [{ months: 0 }, { months: 121 }, { months: 1.5 }, {}, { months: 3, every: 'year' }]) {
      expect(program({ ...fixed, recurring }).success, JSON.stringify(recurring)).toBe(false);
    }
  });

  it("refuses it on a tier's reward: whether renewals earn is the program's setting", () => {
    const tier = (reward: object) => [{ from_conversions: 5, label: 'Gold', reward }];
    expect(program(fixed, tier({ ...fixed, value: 2000 })).success).toBe(true);
    expect(program(fixed, tier({ ...fixed, value: 2000, recurring: { months: 12 } })).success).toBe(false);
  });
});
