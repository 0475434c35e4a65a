/**
 * When automatic attempts happen: the first at once, then after these delays (about 3 days in
 * all, as Standard Webhooks senders do), then the delivery is given up.
 */
const RETRY_DELAYS_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
] as const;

/** A delivery being sent is leased this long: if its sender dies, a later run retries it. */
export const CLAIM_LEASE_MS = 120_000;
/** A receiver that takes longer has failed this attempt. */
export const SEND_TIMEOUT_MS = 10_000;
// How long events, deliveries and attempts are kept is the storage layer's (storage/webhook-queue.ts).

/**
 * The delay before automatic attempt `next` (2..RETRY_DELAYS_MS.length + 1), or null when there is none;
 * `scale` is WEBHOOK_RETRY_SCALE (config.ts: tests shrink the delays).
 */
export function delayBefore(next: number, scale: number): number | null {
  const base = RETRY_DELAYS_MS[next - 2];
  return base === undefined ? null : Math.round(base * scale);
}
