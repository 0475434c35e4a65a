import * as z from 'zod';
import type { CouponSyncState } from '../../storage/coupon-sync.ts';
import { couponSyncStore } from '../../storage/coupon-sync.ts';
import type { StoreEnv } from '../../storage/store.ts';
import { stripeCoupon } from './checkout-offers.ts';
import { type Attempt, CALL_TIMEOUT_MS, CheckoutError, jsonOf, withRetries } from './provider-calls.ts';
import { type Settled, type Subject, skipped, wantsActive } from './subject.ts';

const STRIPE_API = 'https://api.stripe.com';
/**
 * Pinned, so a change of the account's default version cannot change these calls: from
 * 2025-09-30.clover a promotion code names its coupon as `promotion[coupon]`, not `coupon`.
 */
const STRIPE_VERSION = '2025-03-31.basil';

// Only the fields read; Stripe adds fields without a new version.
const PromotionCode = z.looseObject({ id: z.string(), object: z.literal('promotion_code'), active: z.boolean() });
const Coupon = z.looseObject({ id: z.string(), object: z.literal('coupon') });
const StripeError = z.looseObject({
  error: z.looseObject({ message: z.string().optional(), code: z.string().optional(), type: z.string().optional() }),
});

/**
 * One form-encoded POST to Stripe's API with an Idempotency-Key (Stripe replays the first answer to
 * a retry with the same key, so a retried create never creates twice). Retried on network errors,
 * 409 (a concurrent request with that key), 429 and 5xx, unless Stripe says `Stripe-Should-Retry: false`;
 * `Stripe-Should-Retry: true` is retried whatever the status.
 */
async function stripePost<T>(
  apiKey: string,
  path: string,
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
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, retry: false, error: new CheckoutError(`Stripe answered ${path} with an unexpected body.`) };
    }
    const said = res.headers.get('Stripe-Should-Retry');
    const transient = res.status === 409 || res.status === 429 || res.status >= 500;
    const retry = said === 'true' || (said !== 'false' && transient);
    const error = StripeError.safeParse(body).data?.error;
    const message = `Stripe ${res.status} on ${path}: ${error?.message ?? 'no error message'}`;
    return { ok: false, retry, error: new CheckoutError(message, error?.code ?? null) };
  });
}

/** Keys are deterministic per tenant and what is made, as Stripe documents: a retry sends the same key. */
function keyOf(s: Subject, ...parts: string[]): string {
  return ['vouch', s.tenant.mode, s.tenant.merchantId, ...parts].join(':');
}

/** The program's coupon for this offer version: made once (its id is ours, so a second create is refused). */
async function ensureCoupon(env: StoreEnv, apiKey: string, s: Subject, version: string, form: Record<string, string>) {
  const store = couponSyncStore(env);
  const known = await store.couponFor(s.tenant, s.program.id, version);
  if (known) return known;
  const id = `vouch_${s.program.id}_${version}`;
  const fields = { id, name: 'Vouch referral offer', 'metadata[vouch_program]': s.program.id, ...form };
  try {
    await stripePost(apiKey, '/v1/coupons', fields, keyOf(s, 'coupon', s.program.id, version), Coupon);
  } catch (err) {
    // Made before, with a key Stripe has since forgotten (kept 24 h): the coupon is there.
    if (!(err instanceof CheckoutError && err.code === 'resource_already_exists')) throw err;
  }
  await store.rememberCoupon(s.tenant, s.program.id, version, id);
  return id;
}

/**
 * Turns a promotion code on or off. The key names the change that asked for it (the code's and the
 * program's updated_at), so a later flip back is a new request, not a replay of the first.
 */
async function setActive(apiKey: string, s: Subject, promotionCodeId: string, active: boolean): Promise<boolean> {
  const key = keyOf(s, 'active', promotionCodeId, String(active), s.record.updated_at, s.program.updated_at);
  const path = `/v1/promotion_codes/${encodeURIComponent(promotionCodeId)}`;
  return (await stripePost(apiKey, path, { active: String(active) }, key, PromotionCode)).active;
}

function synced(promotionCodeId: string, offer: string, couponId: string | null): Settled {
  return { status: 'synced', offer, remote_id: promotionCodeId, coupon_id: couponId, active: true, reason: null };
}

/** A reward code's promotion code: redeemable once, until the code expires (Unix seconds). */
function singleUse(s: Subject): Record<string, string> {
  if (!s.single) return {};
  const form: Record<string, string> = { max_redemptions: '1', 'metadata[vouch_reward_code]': 'true' };
  if (s.single.expires_at) form.expires_at = String(Math.floor(Date.parse(s.single.expires_at) / 1000));
  return form;
}

/**
 * Made active, whatever the code's status, then set: a retry with the same key must send the same
 * parameters (Stripe refuses a key reused with others), so a code disabled between two tries still
 * gets the promotion code the first try made, never a second one.
 */
async function createPromotionCode(
  env: StoreEnv,
  apiKey: string,
  s: Subject,
  offer: string,
  couponForm: Record<string, string>,
): Promise<Settled> {
  const coupon = await ensureCoupon(env, apiKey, s, offer, couponForm);
  const form = {
    code: s.code,
    coupon,
    'metadata[vouch_advocate]': s.record.advocate_id,
    'metadata[vouch_program]': s.program.id,
    ...singleUse(s),
  };
  const key = keyOf(s, 'promo', s.code, offer);
  const promo = await stripePost(apiKey, '/v1/promotion_codes', form, key, PromotionCode);
  return { ...synced(promo.id, offer, coupon), active: promo.active };
}

/**
 * The code as a Stripe promotion code on the coupon of its program's offer. A copy made for an
 * older offer is deactivated and a new one made (Stripe cannot change a promotion code's coupon).
 */
export async function syncStripeCode(
  env: StoreEnv,
  apiKey: string,
  s: Subject,
  previous: CouponSyncState | null,
): Promise<Settled> {
  const offer = stripeCoupon(s.offer, s.code);
  const active = wantsActive(s);
  const current = previous?.remote_id && offer.kind === 'offer' && previous.offer === offer.version ? previous : null;
  if (!current && previous?.remote_id && previous.active) await setActive(apiKey, s, previous.remote_id, false);
  if (offer.kind === 'skip') return skipped(previous, offer.reason);
  const copy: Settled = current?.remote_id
    ? { ...synced(current.remote_id, offer.version, current.coupon_id), active: current.active }
    : await createPromotionCode(env, apiKey, s, offer.version, offer.params);
  if (copy.active === active || !copy.remote_id) return copy;
  return { ...copy, active: await setActive(apiKey, s, copy.remote_id, active) };
}
