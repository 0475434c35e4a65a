import * as z from 'zod';
import {
  type Attempt,
  CALL_TIMEOUT_MS,
  CheckoutError,
  jsonOf,
  withRetries,
} from '../integrations/coupon-sync/provider-calls.ts';

const STRIPE_API = 'https://api.stripe.com';
// Pinned like coupon sync's calls, so the account's default version cannot change these shapes.
const STRIPE_VERSION = '2025-03-31.basil';

const ErrorBody = z.looseObject({
  error: z.looseObject({ message: z.string().optional(), code: z.string().optional() }),
});
export const ConnectedAccount = z.looseObject({ id: z.string().startsWith('acct_'), object: z.literal('account') });
export const AccountLink = z.looseObject({
  object: z.literal('account_link'),
  url: z.string(),
  expires_at: z.number(),
});

/** Stripe refused for good (a 4xx other than 409/429): the merchant's Stripe account must change something. */
export class StripeRefused extends CheckoutError {}

/**
 * A form POST to Stripe's Connect endpoints under an Idempotency-Key (a retry with the same key gets
 * the first answer, so an account is created once). Network errors, 409, 429 and 5xx are tried again
 * (unless `Stripe-Should-Retry: false`); a refusal throws StripeRefused, a lasting outage CheckoutError.
 */
export function connectPost<T>(
  apiKey: string,
  path: '/v1/accounts' | '/v1/account_links',
  form: Record<string, string>,
  idempotencyKey: string,
  schema: z.ZodType<T>,
): Promise<T> {
  return withRetries(async (): Promise<Attempt<T>> => {
    const res = await fetch(`${STRIPE_API}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${apiKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Idempotency-Key': idempotencyKey,
        'Stripe-Version': STRIPE_VERSION,
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const body = await jsonOf(res);
    if (res.ok) {
      const parsed = schema.safeParse(body);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, retry: false, error: new CheckoutError(`Stripe answered ${path} with an unexpected body.`) };
    }
    const hint = res.headers.get('Stripe-Should-Retry');
    const retry =
      hint === 'true' || (hint !== 'false' && (res.status === 409 || res.status === 429 || res.status >= 500));
    const detail = ErrorBody.safeParse(body).data?.error;
    const message = `Stripe ${res.status} on ${path}: ${detail?.message ?? 'no error message'}`;
    const refused = !retry && res.status < 500;
    return {
      ok: false,
      retry,
      error: refused ? new StripeRefused(message, detail?.code ?? null) : new CheckoutError(message),
    };
  });
}
