/**
 * How much of a reward of `original` a refund takes back once `refunded` of an order of `orderAmount`
 * is refunded in total: the same share, rounded half up (Math.round: 2.5 -> 3) to whole minor units.
 * Taken on the running total (never per refund), so partial refunds add up exactly to a full one:
 * each refund takes the difference to what was taken before, and the last one lands on `original`.
 */
export function refundedShare(original: number, refunded: number, orderAmount: number): number {
  return Math.round((original * refunded) / orderAmount);
}
