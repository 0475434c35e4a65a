/**
 * US information returns for payees (Form 1099-NEC): a US person paid at least the year's threshold
 * for services gets one. The threshold was 600 USD through 2025 and is 2,000 USD for payments made
 * from 2026 (raised by the One Big Beautiful Bill Act of 2025, indexed for inflation after 2026: update this table
 * when the IRS publishes a new figure).
 */
const THRESHOLDS_USD_CENTS: readonly (readonly [fromYear: number, cents: number])[] = [
  [2026, 200_000],
  [0, 60_000],
];

/** The 1099-NEC threshold for payments made in `year`, in USD cents. */
export function form1099Threshold(year: number): number {
  return THRESHOLDS_USD_CENTS.find(([from]) => year >= from)![1];
}

/** Whether a payee's yearly total calls for a 1099-NEC: US payees paid in USD at least the threshold. */
export function needs1099(country: string | null, currency: string, paidTotal: number, year: number): boolean {
  return country === 'US' && currency === 'USD' && paidTotal >= form1099Threshold(year);
}
