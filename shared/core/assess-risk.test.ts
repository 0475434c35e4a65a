import { describe, expect, it } from 'vitest';
import { adClickIds, assessRisk, type RiskFacts } from './assess-risk.ts';

const T0 = Date.parse('2026-11-29T12:00:00Z');
const base: RiskFacts = {
  strictness: 'moderate',
  customer: { external_id: 'cust-1', email: 'friend@example.com' },
  advocate: { external_id: 'adv-1', email: 'alice@example.com' },
  click: {
    visitor: 'v-friend',
    ad_click_ids: adClickIds('https://shop.example/?ref=ALICE&vouch_click=clk_1'),
    created_at: new Date(T0 - 600_000).toISOString(),
  },
  advocateOwnVisitor: false,
  advocateConversionsThisHour: 0,
  visitorConversionsThisHour: 0,
  visitorConversionsToday: 0,
  occurredAt: T0,
};
const codes = (f: Partial<RiskFacts>) => assessRisk({ ...base, ...f }).signals.map((s) => s.code);

describe('assessRisk', () => {
  it('approves an ordinary referral with no signal', () => {
    expect(assessRisk(base)).toEqual({ score: 0, decision: 'approve', signals: [] });
  });

  it.each<[string, Partial<RiskFacts>, Partial<RiskFacts>]>([
    ['self_referral_customer_id', { customer: { external_id: 'adv-1' } }, { customer: { external_id: 'adv-10' } }],
    [
      'self_referral_email',
      {
        customer: { external_id: 'c', email: 'A.L.I.C.E+deal@googlemail.com' },
        advocate: { external_id: 'a', email: 'alice@gmail.com' },
      },
      { customer: { external_id: 'c', email: 'alice@example.org' } },
    ],
    ['self_referral_visitor', { advocateOwnVisitor: true }, { advocateOwnVisitor: false }],
    [
      'disposable_email',
      { customer: { external_id: 'c', email: 'x@mailinator.com' } },
      { customer: { external_id: 'c', email: 'x@gmail.com' } },
    ],
    ['advocate_velocity', { advocateConversionsThisHour: 10 }, { advocateConversionsThisHour: 9 }],
    ['visitor_velocity', { visitorConversionsThisHour: 3 }, { visitorConversionsThisHour: 2 }],
    ['repeat_visitor_conversions', { visitorConversionsToday: 4 }, { visitorConversionsToday: 3 }],
    ['click_to_conversion_too_fast', { occurredAt: T0 - 600_000 + 2_000 }, { occurredAt: T0 - 600_000 + 6_000 }],
    [
      'ad_click_id',
      { click: { ...base.click!, ad_click_ids: adClickIds('https://shop.example/?gclid=abc&ref=ALICE') } },
      { click: { ...base.click!, ad_click_ids: adClickIds('https://shop.example/?utm_source=newsletter&ref=ALICE') } },
    ],
  ])('%s fires when it should and not otherwise', (code, fires, quiet) => {
    expect(codes(fires)).toContain(code);
    expect(codes(quiet)).not.toContain(code);
  });

  it('explains each signal and decides by strictness', () => {
    const disposable = { customer: { external_id: 'c', email: 'x@mailinator.com' } };
    expect(assessRisk({ ...base, ...disposable, strictness: 'relaxed' }).decision).toBe('approve');
    expect(assessRisk({ ...base, ...disposable, strictness: 'moderate' }).decision).toBe('hold');
    expect(assessRisk({ ...base, customer: { external_id: 'adv-1' } }).decision).toBe('reject');
    const held = assessRisk({ ...base, ...disposable });
    expect(held.signals[0]!.message).toMatch(/mailinator\.com/);
    expect(held.score).toBe(held.signals.reduce((s, x) => s + x.weight, 0));
  });

  it('does not flag two colleagues converting from one office network and browser build', () => {
    // The second conversion from the same visitor hash, today and this hour, on the strictest setting.
    const second = assessRisk({
      ...base,
      strictness: 'strict',
      visitorConversionsThisHour: 1,
      visitorConversionsToday: 1,
    });
    expect(second.signals).toEqual([]);
    expect(second.decision).toBe('approve');
  });
});
