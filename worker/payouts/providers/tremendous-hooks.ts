import * as z from 'zod';
import type { Applied } from '../../integrations/receive-event.ts';
import { hmacSha256Hex, safeEqual } from '../../lib/crypto.ts';
import type { Tenant } from '../../tenant.ts';
import type { PayoutOutcome } from '../finish-payout.ts';
import { applyPayoutOutcome } from './payout-hook-outcome.ts';
import { ProviderUnavailableError } from './provider-http.ts';
import { type TremendousCredentials, TremendousOrder, TremendousReward, tremendousCall } from './tremendous-api.ts';

/** A Tremendous webhook delivery: the event, its uuid, and the resource it concerns. */
export const TremendousEvent = z.looseObject({
  event: z.string().min(1).max(128),
  uuid: z.string().min(1).max(128),
  payload: z.looseObject({
    resource: z.looseObject({ id: z.string().min(1).max(128), type: z.string().optional() }),
  }),
});
export type TremendousEvent = z.infer<typeof TremendousEvent>;

/**
 * `Tremendous-Webhook-Signature: sha256=<hex>`: the HMAC-SHA256 of the raw body under the webhook's
 * private key, compared in constant time.
 */
export async function verifyTremendousSignature(header: string | undefined, raw: string, key: string) {
  if (!header || header.length > 256) return false;
  const given = header.startsWith('sha256=') ? header.slice('sha256='.length) : header;
  return safeEqual(await hmacSha256Hex(key, raw), given.trim().toLowerCase());
}

type Ctx = { waitUntil(p: Promise<unknown>): void };

/**
 * REWARDS.DELIVERY.SUCCEEDED -> paid; REWARDS.DELIVERY.FAILED and ORDERS.FAILED -> failed. The event
 * names only the reward or order: its order is read from Tremendous, whose `external_id` is our payout id.
 * Throws when Tremendous cannot be read: the claim is released and Tremendous's retry applies it.
 */
export async function applyTremendousEvent(
  env: Env,
  ctx: Ctx,
  t: Tenant,
  c: TremendousCredentials,
  event: TremendousEvent,
): Promise<Applied> {
  const outcomes: Record<string, PayoutOutcome> = {
    'REWARDS.DELIVERY.SUCCEEDED': { kind: 'paid' },
    'REWARDS.DELIVERY.FAILED': {
      kind: 'failed',
      reason: 'Tremendous could not deliver the gift card (email bounced).',
    },
    'ORDERS.FAILED': { kind: 'failed', reason: 'Tremendous: the order failed (its funding was declined).' },
  };
  const outcome = outcomes[event.event];
  if (!outcome) return { outcome: 'ignored', detail: `${event.event}: not a payout status.` };
  const id = event.payload.resource.id;
  const orderId = event.event.startsWith('ORDERS.') ? id : await orderOfReward(c, id);
  const order = orderId === null ? null : await readOrder(c, orderId);
  if (!order) return { outcome: 'ignored', detail: `Tremendous does not know ${id.slice(0, 64)} in this account.` };
  const paid = outcome.kind === 'paid' ? { kind: 'paid' as const, reference: order.id } : outcome;
  return applyPayoutOutcome(env, ctx, t, 'tremendous', order.external_id ?? null, paid);
}

/** One resource read for a webhook: its body, null when Tremendous does not know it (404), else throws. */
async function readResource<T>(c: TremendousCredentials, path: string, schema: z.ZodType<T>): Promise<T | null> {
  const answer = await tremendousCall(c, 'GET', path);
  if (answer?.status === 404) return null;
  const parsed = answer?.status === 200 ? schema.safeParse(answer.body) : null;
  if (!parsed?.success) {
    throw new ProviderUnavailableError(`Tremendous did not answer ${path} (${answer?.status ?? 'no answer'}).`);
  }
  return parsed.data;
}

async function orderOfReward(c: TremendousCredentials, rewardId: string): Promise<string | null> {
  const found = await readResource(c, `/rewards/${encodeURIComponent(rewardId)}`, TremendousReward);
  return found?.reward.order_id ?? null;
}

async function readOrder(c: TremendousCredentials, orderId: string) {
  return (await readResource(c, `/orders/${encodeURIComponent(orderId)}`, TremendousOrder))?.order ?? null;
}
