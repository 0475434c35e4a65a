import { fractionDigits } from '../../../shared/core/money.ts';

// Shopify writes money as decimal text ("19.99", "1500", "1500.0", "1.234"): no sign, no exponent.
const DECIMAL = /^(\d{1,15})(?:\.(\d{1,12}))?$/;

/**
 * A Shopify money string in the currency's minor units, exactly: the text is read as digits and
 * never goes through a float (0.1 + 0.2 stays out of it). The currency's digits are Intl's (USD 2,
 * JPY 0, KWD 3), as every surface formats them. Digits past the currency's own are accepted only
 * when they are zeros ("1500.00" JPY is 1500); otherwise, or for text that is not a decimal, null:
 * not an amount Vouch can hold exactly.
 */
export function toMinorUnits(amount: string, currency: string): number | null {
  const match = DECIMAL.exec(amount);
  if (!match) return null;
  const digits = fractionDigits(currency);
  const fraction = match[2] ?? '';
  if (/[^0]/.test(fraction.slice(digits))) return null;
  const minor = Number(match[1]! + fraction.slice(0, digits).padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}
