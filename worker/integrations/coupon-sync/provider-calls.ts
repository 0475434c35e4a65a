/** A provider refused or failed a call: the message is what the merchant sees as the integration's last error. */
export class CheckoutError extends Error {
  constructor(
    message: string,
    /** The provider's own error code, when it gave one (Stripe `resource_already_exists`, Shopify `TAKEN`). */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'CheckoutError';
  }
}

/** What one try of a provider call came to. */
export type Attempt<T> =
  | { ok: true; value: T }
  /** `waitMs`: the provider said how long to wait (Shopify's throttle); else exponential backoff. */
  | { ok: false; error: Error; retry: boolean; waitMs?: number };

/** Tries per call, the first included: a sync runs after the response (waitUntil), whose time is short. */
const MAX_TRIES = 3;
const BASE_DELAY_MS = 300;
const MAX_WAIT_MS = 2000;
/** Each call's own limit: a hung provider must not hold the sync (the scheduled run tries again). */
export const CALL_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a provider call with retries: network errors (the call threw) and answers the attempt marks
 * retryable are tried again after a backoff with jitter (as Stripe's own libraries do), or after
 * the wait the provider asked for; anything else, or the last try's failure, is thrown.
 */
export async function withRetries<T>(call: () => Promise<Attempt<T>>): Promise<T> {
  for (let tries = 1; ; tries++) {
    const result = await call().catch(
      (err: unknown): Attempt<T> => ({ ok: false, retry: true, error: networkError(err) }),
    );
    if (result.ok) return result.value;
    if (!result.retry || tries >= MAX_TRIES) throw result.error;
    const backoff = BASE_DELAY_MS * 2 ** (tries - 1) * (0.5 + Math.random() / 2);
    await sleep(Math.min(result.waitMs ?? backoff, MAX_WAIT_MS));
  }
}

function networkError(err: unknown): Error {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new CheckoutError(`The provider could not be reached (${detail.slice(0, 160)}).`);
}

/** The JSON body of an answer, or null when it is not JSON (a proxy's error page). */
export async function jsonOf(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}
