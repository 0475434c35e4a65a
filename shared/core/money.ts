/**
 * Money is integer minor units plus an ISO 4217 currency. Every surface (widget, extension, console,
 * Worker pages) turns it into a number to format the same way: the currency's own digits come from
 * Intl (JPY 0, USD 2, KWD and BHD 3), never from a table of our own.
 */

/** The currency's minor-unit digits; 2 for a code Intl does not know (formatting it fails anyway). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units in the currency's major unit (1234 JPY: 1234; USD: 12.34; KWD: 1.234), and whether it is whole. */
export function majorUnits(minor: number, currency: string): { value: number; digits: number; whole: boolean } {
  const digits = fractionDigits(currency);
  const scale = 10 ** digits;
  return { value: minor / scale, digits, whole: minor % scale === 0 };
}
