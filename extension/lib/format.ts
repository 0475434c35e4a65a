import { majorUnits } from '../../shared/core/money.ts';
import type { RefereeOffer, ReferrerReward } from '../../shared/schemas/program.ts';

// The extension UI is English (strings in ui/strings.ts); Intl still gives each currency its own
// digits and symbol ("$10", "¥500", "RM5").
const LOCALE = 'en';

/** Minor units (cents) to an amount; whole amounts drop their decimals ("$10", not "$10.00"). */
export function money(minor: number, currency: string, opts: { compact?: boolean } = {}): string {
  const { value, digits, whole } = majorUnits(minor, currency);
  return new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    ...(opts.compact
      ? // Three significant digits fit a badge ("$10.5", "$1.5K"); truncating never overstates a reward.
        { notation: 'compact', maximumSignificantDigits: 3, roundingMode: 'trunc' }
      : { minimumFractionDigits: whole ? 0 : digits, maximumFractionDigits: digits }),
  }).format(value);
}

export const percent = (value: number): string =>
  new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);

export const count = (n: number, compact = false): string =>
  new Intl.NumberFormat(
    LOCALE,
    compact ? { notation: 'compact', maximumSignificantDigits: 3, roundingMode: 'trunc' } : {},
  ).format(n);

/** An amount in the unit of advocate stats: a currency code, or `points`. */
export const amount = (minor: number, unit: string): string =>
  /^[A-Z]{3}$/.test(unit) ? money(minor, unit) : `${count(minor)} ${unit}`;

/** What the friend gets, as a phrase: "15% off", "$10 off", "free shipping". */
export function offerText(offer: RefereeOffer): string {
  switch (offer.type) {
    case 'percent':
      return `${percent(offer.value)} off`;
    case 'fixed_amount':
      return `${money(offer.value, offer.currency)} off`;
    case 'free_shipping':
      return 'free shipping';
    case 'free_product':
      return `a free ${offer.product_name}`;
    case 'trial_days':
      return `a ${offer.value}-day free trial`;
  }
}

/** What the advocate earns per friend who buys, as a phrase: "$10", "10% of the order", "500 points". */
export function rewardText(reward: ReferrerReward): string {
  switch (reward.type) {
    case 'percent_of_order':
      return `${percent(reward.value)} of the order`;
    case 'points':
      return `${count(reward.value)} points`;
    case 'charity_donation':
      return `${money(reward.value, reward.currency)} to ${reward.charity_name}`;
    case 'store_credit':
      return `${money(reward.value, reward.currency)} store credit`;
    case 'gift_card':
      return `a ${money(reward.value, reward.currency)} gift card`;
    case 'fixed_amount':
      return money(reward.value, reward.currency);
    case 'reward_code':
      return `a ${discountText(reward.discount, reward.value, reward.currency)} code`;
  }
}

/** A reward code's discount: "15% off", "$5 off". */
export const discountText = (type: 'percent' | 'fixed_amount', value: number, currency: string | null): string =>
  `${type === 'percent' ? percent(value) : money(value, currency ?? 'USD')} off`;

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** "9:41" countdown to a deadline; "0:00" once past. */
export function countdown(deadline: number, now = Date.now()): string {
  const s = Math.max(0, Math.ceil((deadline - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
