import * as z from 'zod';
import { callProvider } from './provider-http.ts';

/** A merchant's Tremendous account, as the connection holds it (the key opened only for the call). */
export interface TremendousCredentials {
  apiKey: string;
  fundingSourceId: string;
  campaignId: string;
  environment: string;
}

const baseOf = (c: TremendousCredentials) =>
  c.environment === 'production' ? 'https://www.tremendous.com/api/v2' : 'https://testflight.tremendous.com/api/v2';

/** One JSON call with the API key as bearer token. */
export function tremendousCall(c: TremendousCredentials, method: string, path: string, body?: unknown) {
  return callProvider(`${baseOf(c)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${c.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

// Only the fields read.
export const TremendousOrder = z.looseObject({
  order: z.looseObject({
    id: z.string(),
    external_id: z.string().nullable().optional(),
    status: z.string(),
    rewards: z
      .array(z.looseObject({ id: z.string(), delivery: z.looseObject({ status: z.string() }).optional() }))
      .optional(),
  }),
});
export const TremendousReward = z.looseObject({
  reward: z.looseObject({ id: z.string(), order_id: z.string() }),
});
const TremendousError = z.looseObject({ errors: z.looseObject({ message: z.string().optional() }) });

export function tremendousWords(body: unknown): string | null {
  return TremendousError.safeParse(body).data?.errors.message ?? null;
}
