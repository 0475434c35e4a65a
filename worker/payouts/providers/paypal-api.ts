import * as z from 'zod';
import { callProvider, type ProviderAnswer } from './provider-http.ts';

/** A merchant's PayPal REST app, as the connection holds it (the secret opened only for the call). */
export interface PaypalCredentials {
  clientId: string;
  clientSecret: string;
  webhookId: string;
  environment: string;
}

const paypalBase = (c: PaypalCredentials) =>
  c.environment === 'live' ? 'https://api-m.paypal.com' : 'https://api-m.sandbox.paypal.com';

const Token = z.looseObject({ access_token: z.string(), token_type: z.string().optional() });

/** What asking for a token came to: the token, or PayPal's answer (null: unreachable). */
export type TokenResult = { ok: true; token: string } | { ok: false; answer: ProviderAnswer | null };

/** OAuth2 client credentials (`POST /v1/oauth2/token`, Basic client_id:secret): a bearer token for one call. */
export async function paypalToken(c: PaypalCredentials): Promise<TokenResult> {
  const answer = await callProvider(`${paypalBase(c)}/v1/oauth2/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${btoa(`${c.clientId}:${c.clientSecret}`)}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: 'grant_type=client_credentials',
  });
  const parsed = answer && answer.status === 200 ? Token.safeParse(answer.body) : null;
  return parsed?.success ? { ok: true, token: parsed.data.access_token } : { ok: false, answer };
}

/** A JSON call with a bearer token. */
export function paypalCall(c: PaypalCredentials, token: string, method: string, path: string, body?: unknown) {
  return callProvider(`${paypalBase(c)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

// Only the fields read; PayPal adds fields without notice.
const ItemError = z.looseObject({ name: z.string().optional(), message: z.string().optional() });
export const PayoutItem = z.looseObject({
  payout_item_id: z.string().optional(),
  transaction_status: z.string().optional(),
  payout_batch_id: z.string().optional(),
  payout_item: z.looseObject({ sender_item_id: z.string().optional() }).optional(),
  errors: ItemError.optional(),
});
export type PayoutItem = z.infer<typeof PayoutItem>;

export const PayoutBatch = z.looseObject({
  batch_header: z.looseObject({
    payout_batch_id: z.string(),
    batch_status: z.string(),
    sender_batch_header: z.looseObject({ sender_batch_id: z.string().optional() }).optional(),
  }),
  items: z.array(PayoutItem).optional(),
});
export type PayoutBatch = z.infer<typeof PayoutBatch>;

const PaypalError = z.looseObject({
  name: z.string().optional(),
  message: z.string().optional(),
  details: z
    .array(
      z.looseObject({
        field: z.string().optional(),
        issue: z.string().optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
});

/** PayPal's words for an error answer: name, message and the first detail's issue (OAuth2: error_description). */
export function paypalWords(body: unknown): string | null {
  const e = PaypalError.safeParse(body).data;
  if (!e) return null;
  if (typeof e.error === 'string') return `${e.error}: ${String(e.error_description ?? '')}`;
  const detail = e.details?.[0];
  const issue = detail ? ` (${detail.issue ?? ''}${detail.description ? `: ${detail.description}` : ''})` : '';
  return `${e.name ?? 'ERROR'}: ${e.message ?? ''}${issue}`;
}

/**
 * PayPal's refusal of a second batch with a used `sender_batch_id`: a detail on the SENDER_BATCH_ID field
 * saying it exists (or an error named for it). Any other 400 is a refusal of this payout.
 */
export function isDuplicateBatch(body: unknown): boolean {
  const e = PaypalError.safeParse(body).data;
  if (!e) return false;
  if (/SENDER_BATCH_ID|DUPLICATE/i.test(e.name ?? '')) return true;
  return (e.details ?? []).some(
    (d) => /^sender_batch_id$/i.test(d.field ?? '') && /already|exist|duplicate/i.test(d.issue ?? ''),
  );
}

/** Item statuses that end a payout item unpaid (PayPal's transaction_status values). */
export const FAILED_ITEM = new Set(['FAILED', 'BLOCKED', 'RETURNED', 'DENIED', 'REFUNDED', 'REVERSED', 'CANCELED']);
