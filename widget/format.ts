import type { FixedValueReward } from '../shared/core/vocabulary.ts';
import type { RefereeOffer, ReferrerReward } from '../shared/schemas/program.ts';
import type { PublicProgram } from '../shared/schemas/public.ts';
import type { Translate } from './i18n/translate.ts';

/** Minor units (cents) to a localized amount; whole amounts drop their decimals ("$10", "¥500"). */
export function money(minor: number, currency: string, locale: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const scale = 10 ** digits;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: minor % scale === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(minor / scale);
}

export const percent = (value: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);

/** What the friend gets: short ("15%", for the headline) or as a phrase ("15% off"). */
export function offerText(offer: RefereeOffer, t: Translate, locale: string, phrase: boolean): string {
  switch (offer.type) {
    case 'percent':
    case 'fixed_amount': {
      const value =
        offer.type === 'percent' ? percent(offer.value, locale) : money(offer.value, offer.currency, locale);
      return phrase ? t('off', { value }) : value;
    }
    case 'free_shipping':
      return t('free_shipping');
    case 'free_product':
      return t('free_product', { product: offer.product_name });
    case 'trial_days':
      return t('trial', { n: offer.value });
  }
}

/** What the advocate gets per friend who buys. */
export function rewardText(reward: ReferrerReward, t: Translate, locale: string): string {
  switch (reward.type) {
    case 'percent_of_order':
      return t('of_order', { value: percent(reward.value, locale) });
    case 'points':
      return t('points', { n: reward.value });
    case 'charity_donation':
      return t('donation', { amount: money(reward.value, reward.currency, locale), charity: reward.charity_name });
    case 'reward_code':
      return offerText({ ...reward, type: reward.discount }, t, locale, true);
    default:
      // Only the fixed-value types may get here: a reward type added to the schema fails to compile on this line.
      reward satisfies FixedValueReward;
      return money(reward.value, reward.currency, locale);
  }
}

/** Values every offer message interpolates: `give` short (the headline) or as a phrase ("15% off"). */
export const offerVars = (program: PublicProgram, t: Translate, locale: string, phrase = true) => ({
  give: offerText(program.referee_offer, t, locale, phrase),
  get: rewardText(program.referrer_reward, t, locale),
});

/** "Give 15%, get $10", unless the merchant wrote their own headline for this locale. */
export function headline(program: PublicProgram, t: Translate, locale: string): string {
  const own = programCopy(program, locale).headline;
  if (own) return own;
  return t('headline', offerVars(program, t, locale, false));
}

/**
 * The merchant's copy for a locale: exact tag, then its language. Terms fall back further (to
 * English, then any): terms in another language beat no terms at all.
 */
export function programCopy(
  program: PublicProgram,
  locale: string,
): { headline?: string; description?: string; terms?: string } {
  const copy = program.widget.copy;
  const own = copy[locale] ?? copy[locale.split('-')[0]!] ?? {};
  const terms = own.terms ?? copy.en?.terms ?? Object.values(copy).find((c) => c.terms)?.terms;
  return { ...own, terms };
}
