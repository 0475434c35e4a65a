import * as z from 'zod';
import { callProvider, isTransient, reasonOf } from '../payouts/providers/provider-http.ts';

const STRIPE_API = 'https://api.stripe.com';
// Pinned like the transfers' calls, so the account's default version cannot change these shapes.
const STRIPE_VERSION = '2025-03-31.basil';
const TRIES = 3;
const BASE_DELAY_MS = 300;

const ErrorBody = z.looseObject({ error: z.looseObject({ message: z.string().optional() }) });
export const ConnectedAccount = z.looseObject({ id: z.string().startsWith('acct_'), object: z.literal('account') });
export const AccountLink = z.looseObject({
  object: z.literal('account_link'),
  url: z.string(),
  expires_at: z.number(),
});

/** What a Connect call came to: the object, Stripe's refusal (for good), or no answer after retries. */
export type ConnectAnswer<T> = { ok: true; value: T } | { ok: false; refused: boolean; message: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A form POST to Stripe's Connect endpoints under an Idempotency-Key (a retry with the same key gets
 * the first answer, so an account is created once). No answer, 409 (the key in use), 429 and 5xx are
 * tried again with backoff, unless Stripe says `Stripe-Should-Retry: false`.
 */
export async function connectPost<T>(
  apiKey: string,
  path: '/v1/accounts' | '/v1/account_links',
  form: Record<string, string>,
  idempotencyKey: string,
  schema: z.ZodType<T>,
): Promise<ConnectAnswer<T>> {
  const init = {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${apiKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': idempotencyKey,
      'Stripe-Version': STRIPE_VERSION,
    },
    body: new URLSearchParams(form).toString(),
  };
  for (let tries = 1; ; tries++) {
    const answer = await callProvider(`${STRIPE_API}${path}`, init);
    if (answer && answer.status < 300) {
      const parsed = schema.safeParse(answer.body);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, refused: false, message: `Stripe answered ${path} with an unexpected body.` };
    }
    const hint = answer?.headers.get('Stripe-Should-Retry');
    const retry = hint === 'true' || (hint !== 'false' && (isTransient(answer) || answer?.status === 409));
    if (!retry || tries >= TRIES) {
      if (!answer) return { ok: false, refused: false, message: 'Stripe could not be reached.' };
      const words = ErrorBody.safeParse(answer.body).data?.error.message;
      return { ok: false, refused: !retry, message: reasonOf('Stripe', answer.status, words) };
    }
    await sleep(BASE_DELAY_MS * 2 ** (tries - 1) * (0.5 + Math.random() / 2));
  }
}
