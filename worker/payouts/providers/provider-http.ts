import type { SendResult } from './adapter.ts';

/** Each call's own limit: a hung provider must not hold the run (the payout is sent again later). */
const CALL_TIMEOUT_MS = 10_000;

/** One answer from a provider's API: its status, headers and JSON body (null when not JSON). */
export interface ProviderAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * One call to a payout provider. A network error or timeout answers null: whether the provider
 * acted is not known, so the caller answers `retry` and the same idempotency key finds the result.
 */
export async function callProvider(url: string, init: RequestInit): Promise<ProviderAnswer | null> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  } catch {
    return null;
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML error page: the status alone decides.
  }
  return { status: res.status, headers: res.headers, body };
}

/** 429 and 5xx mean "not done, try later" at every provider; so does no answer at all. */
export function isTransient(answer: ProviderAnswer | null): boolean {
  return answer === null || answer.status === 429 || answer.status >= 500;
}

/** `retry` with the provider's name and what went wrong, never a secret. */
export function retryOf(provider: string, answer: ProviderAnswer | null): SendResult {
  const why = answer === null ? 'could not be reached' : `answered ${answer.status}`;
  return { kind: 'retry', reason: `${provider} ${why}; sent again later with the same key.` };
}

/** A reason kept on the payout and its event: the provider's words, trimmed. */
export function reasonOf(provider: string, status: number, words: string | null | undefined): string {
  return `${provider} ${status}: ${(words ?? 'no error message').slice(0, 240)}`;
}

/** A provider could not be asked what a webhook needs (verification, the order it names): its retry will. */
export class ProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}
