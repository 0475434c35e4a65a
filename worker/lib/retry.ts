/** What an attempt returns when a record changed under it: read again and recompute. */
export const CONFLICT: unique symbol = Symbol('conflict');

/** What an attempt returns to run again from fresh reads with `input`: what the reads taught it. */
export interface Retry<S> {
  readonly retry: S;
}

const isRetry = (r: unknown): r is Retry<unknown> => typeof r === 'object' && r !== null && 'retry' in r;

/**
 * Runs read-compute-apply until it applies (or gives up after `attempts` conflicts). Each attempt
 * starts from fresh reads and gets its input as a value (the first, or the one the last attempt
 * returned): nothing carries over between attempts through shared variables.
 */
export async function withRetries<S, T>(
  input: S,
  attempt: (input: S) => Promise<T | typeof CONFLICT | Retry<S>>,
  what: string,
  attempts = 8,
): Promise<T> {
  let next = input;
  for (let i = 0; i < attempts; i++) {
    const result = await attempt(next);
    if (result !== CONFLICT && !isRetry(result)) return result;
    if (isRetry(result)) next = result.retry as S;
    // Brief, jittered pause: the competing write usually lands within a round trip.
    await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
  }
  throw new Error(`${what} kept conflicting`);
}
