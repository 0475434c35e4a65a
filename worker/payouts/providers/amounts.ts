import { fractionDigits } from '../../../shared/core/money.ts';

// PayPal takes these currencies in whole units only (its currency codes reference: "no decimals").
const PAYPAL_WHOLE = new Set(['HUF', 'JPY', 'TWD']);

/** How many decimals PayPal's `amount.value` takes for a currency: none for HUF, JPY, TWD; else Intl's. */
export function paypalDigits(currency: string): number {
  return PAYPAL_WHOLE.has(currency.toUpperCase()) ? 0 : fractionDigits(currency.toUpperCase());
}

/**
 * Vouch minor units as a provider's decimal string with `digits` decimals (USD 1234 -> "12.34", JPY 1234
 * -> "1234", USD 1200 with 0 digits -> "12"). Null when the amount cannot be said exactly in those digits
 * (USD 1234 to a provider taking whole dollars): money is never rounded away.
 */
export function decimalString(minor: number, currency: string, digits: number): string | null {
  if (!Number.isSafeInteger(minor) || minor <= 0) return null;
  const own = fractionDigits(currency.toUpperCase());
  let units = BigInt(minor);
  if (digits < own) {
    const scale = 10n ** BigInt(own - digits);
    if (units % scale !== 0n) return null;
    units /= scale;
  } else {
    units *= 10n ** BigInt(digits - own);
  }
  if (digits === 0) return units.toString();
  const text = units.toString().padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
