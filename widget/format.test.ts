import { describe, expect, it } from 'vitest';
import type { PublicProgram } from '../shared/schemas/public.ts';
import { headline, money, offerText, percent, programCopy, rewardText } from './format.ts';
import { en } from './i18n/en.ts';
import de from './i18n/messages/de.ts';
import { translator } from './i18n/translate.ts';

const t = translator('en', en, en);

function program(overrides: Partial<PublicProgram> = {}): PublicProgram {
  return {
    id: 'prog_1',
    object: 'public_program',
    name: 'P',
    referee_offer: { type: 'percent', value: 15 },
    referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
    reward_tiers: [],
    starts_at: null,
    ends_at: null,
    widget: { copy: {}, brand_color: '#5b3df5', position: 'bottom-right', theme: 'auto' },
    ...overrides,
  };
}

describe('money and percent', () => {
  it('turns minor units into a localized amount, whole amounts without decimals', () => {
    expect(money(1000, 'USD', 'en')).toBe('$10');
    expect(money(1050, 'USD', 'en')).toBe('$10.50');
    expect(money(500, 'JPY', 'ja')).toBe('￥500');
    expect(money(1000, 'EUR', 'de')).toBe('10\u00a0€');
    expect(money(1234, 'KWD', 'en')).toBe('KWD\u00a01.234');
    expect(percent(15, 'en')).toBe('15%');
    expect(percent(12.5, 'fr')).toBe('12,5\u00a0%');
  });
});

describe('offer headline', () => {
  it('reads "Give 15%, get $10" by default', () => {
    expect(headline(program(), t, 'en')).toBe('Give 15%, get $10');
  });

  it('speaks the visitor’s language and currency format', () => {
    const tde = translator('de', de, en);
    const p = program({
      referee_offer: { type: 'fixed_amount', value: 500, currency: 'EUR' },
      referrer_reward: { type: 'store_credit', value: 1000, currency: 'EUR' },
    });
    expect(headline(p, tde, 'de')).toBe('5\u00a0€ schenken, 10\u00a0€ erhalten');
  });

  it('describes every offer and reward type', () => {
    expect(offerText({ type: 'percent', value: 15 }, t, 'en', true)).toBe('15% off');
    expect(offerText({ type: 'free_shipping' }, t, 'en', false)).toBe('free shipping');
    expect(offerText({ type: 'free_product', product_name: 'mug' }, t, 'en', true)).toBe('a free mug');
    expect(offerText({ type: 'trial_days', value: 30 }, t, 'en', true)).toBe('a 30-day free trial');
    expect(rewardText({ type: 'points', value: 500 }, t, 'en')).toBe('500 points');
    // A reward code: the discount it gives (a percent, or a fixed amount of its currency).
    const code = { type: 'reward_code', currency: 'USD', expires_in_days: 30 } as const;
    expect(rewardText({ ...code, discount: 'percent', value: 20 }, t, 'en')).toBe('20% off');
    expect(rewardText({ ...code, discount: 'fixed_amount', value: 500 }, t, 'en')).toBe('$5 off');
    expect(rewardText({ type: 'percent_of_order', value: 10, currency: 'USD' }, t, 'en')).toBe('10% of their order');
    expect(rewardText({ type: 'charity_donation', value: 500, currency: 'USD', charity_name: 'Oxfam' }, t, 'en')).toBe(
      '$5 for Oxfam',
    );
  });

  it('prefers the merchant’s own copy for the locale, then its language; terms fall back to English', () => {
    const p = program({
      widget: {
        ...program().widget,
        copy: { en: { headline: 'Share the love', terms: 'Terms EN' }, de: { headline: 'Teilen' } },
      },
    });
    expect(headline(p, t, 'en')).toBe('Share the love');
    expect(programCopy(p, 'de').headline).toBe('Teilen');
    expect(programCopy(p, 'de').terms).toBe('Terms EN');
    expect(headline(p, t, 'fr')).toBe(t('headline', { give: percent(15, 'fr'), get: money(1000, 'USD', 'fr') }));
  });
});
