import * as z from 'zod';
import type { CouponSyncState } from '../../storage/coupon-sync.ts';
import { offerVersion, type ShopifyDiscount, shopifyDiscount } from './checkout-offers.ts';
import { type Attempt, CALL_TIMEOUT_MS, CheckoutError, jsonOf, withRetries } from './provider-calls.ts';
import { type Settled, type Subject, skipped, wantsActive } from './subject.ts';

/** The GraphQL Admin API version these queries are written against (Shopify supports each for a year). */
const API_VERSION = '2025-01';
/** Every discount Vouch makes is titled so; a code with another title is the merchant's own, never touched. */
const TITLE_PREFIX = 'Vouch: ';

const GraphqlAnswer = z.looseObject({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z
    .array(z.looseObject({ message: z.string(), extensions: z.looseObject({ code: z.string() }).optional() }))
    .optional(),
  extensions: z
    .looseObject({
      cost: z.looseObject({
        requestedQueryCost: z.number(),
        throttleStatus: z.looseObject({ currentlyAvailable: z.number(), restoreRate: z.number() }),
      }),
    })
    .optional(),
});

/** How long Shopify's leaky bucket needs to hold the query's cost again (its throttle status says). */
function throttleWaitMs(answer: z.infer<typeof GraphqlAnswer>): number {
  const cost = answer.extensions?.cost;
  if (!cost || cost.throttleStatus.restoreRate <= 0) return 1000;
  const missing = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return Math.max(100, Math.ceil((missing / cost.throttleStatus.restoreRate) * 1000));
}

/**
 * One GraphQL Admin API call. Retried on network errors, 429 and 5xx, and on a `THROTTLED` error
 * (HTTP 200 with `errors`), after the wait the throttle status implies; other errors are thrown.
 */
async function shopifyGraphql(shop: string, token: string, query: string, variables: object) {
  return withRetries(async (): Promise<Attempt<Record<string, unknown>>> => {
    const res = await fetch(`https://${shop}/admin/api/${API_VERSION}/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': token },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const transient = res.status === 429 || res.status >= 500;
    if (!res.ok) return { ok: false, retry: transient, error: new CheckoutError(`Shopify answered ${res.status}.`) };
    const answer = GraphqlAnswer.safeParse(await jsonOf(res));
    if (!answer.success) return { ok: false, retry: false, error: new CheckoutError('Shopify answered unexpectedly.') };
    const errors = answer.data.errors ?? [];
    if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
      const error = new CheckoutError('Shopify throttled the call.', 'THROTTLED');
      return { ok: false, retry: true, error, waitMs: throttleWaitMs(answer.data) };
    }
    if (errors.length > 0 || !answer.data.data) {
      return { ok: false, retry: false, error: new CheckoutError(`Shopify: ${errors[0]?.message ?? 'no data'}`) };
    }
    return { ok: true, value: answer.data.data };
  });
}

const USER_ERRORS = 'userErrors { field code message }';
const UserErrors = z.array(z.looseObject({ message: z.string(), code: z.string().nullish() }));
const MutationPayload = z.looseObject({
  codeDiscountNode: z.looseObject({ id: z.string() }).nullish(),
  userErrors: UserErrors,
});

/**
 * A mutation's discount id (null for a delete); its `userErrors` (bad input, a code taken) are thrown with their code.
 */
async function mutate(shop: string, token: string, field: string, query: string, variables: object) {
  const data = await shopifyGraphql(shop, token, query, variables);
  const payload = MutationPayload.safeParse(data[field]);
  if (!payload.success) throw new CheckoutError(`Shopify answered ${field} unexpectedly.`);
  const [first] = payload.data.userErrors;
  if (first) throw new CheckoutError(`Shopify ${field}: ${first.message}`, first.code ?? null);
  return payload.data.codeDiscountNode?.id ?? null;
}

const LOOKUP = `query VouchDiscountByCode($code: String!) {
  codeDiscountNodeByCode(code: $code) {
    id
    codeDiscount {
      __typename
      ... on DiscountCodeBasic { title status }
      ... on DiscountCodeFreeShipping { title status }
    }
  }
  shop { currencyCode }
}`;
const Lookup = z.looseObject({
  codeDiscountNodeByCode: z
    .looseObject({
      id: z.string(),
      codeDiscount: z.looseObject({ title: z.string().optional(), status: z.string().optional() }),
    })
    .nullish(),
  shop: z.looseObject({ currencyCode: z.string() }),
});

/**
 * The discount that already has this code (a retry after a lost answer finds its first create), and the shop's
 * currency.
 */
async function lookUp(shop: string, token: string, code: string) {
  const found = Lookup.safeParse(await shopifyGraphql(shop, token, LOOKUP, { code }));
  if (!found.success) throw new CheckoutError('Shopify answered the discount lookup unexpectedly.');
  return { node: found.data.codeDiscountNodeByCode ?? null, currency: found.data.shop.currencyCode };
}

const CREATE_BASIC = `mutation VouchDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } ${USER_ERRORS} }
}`;
const CREATE_FREE_SHIPPING = `mutation VouchFreeShippingCreate(
  $freeShippingCodeDiscount: DiscountCodeFreeShippingInput!
) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
    codeDiscountNode { id } ${USER_ERRORS}
  }
}`;

async function create(shop: string, token: string, s: Subject, discount: ShopifyDiscount, now: number) {
  const common = {
    title: `${TITLE_PREFIX}${s.code}`,
    code: s.code,
    startsAt: new Date(now).toISOString(),
    customerSelection: { all: true },
    appliesOncePerCustomer: s.single ? true : s.program.limits.one_redemption_per_customer,
    usageLimit: s.single ? 1 : s.program.limits.code_max_uses,
    // A reward code ends when it expires.
    ...(s.single?.expires_at ? { endsAt: s.single.expires_at } : {}),
  };
  const id =
    discount.kind === 'free_shipping'
      ? await mutate(shop, token, 'discountCodeFreeShippingCreate', CREATE_FREE_SHIPPING, {
          freeShippingCodeDiscount: { ...common, destination: { all: true } },
        })
      : await mutate(shop, token, 'discountCodeBasicCreate', CREATE_BASIC, {
          basicCodeDiscount: { ...common, customerGets: discount.customerGets },
        });
  if (!id) throw new CheckoutError('Shopify created no discount.');
  return id;
}

async function setActive(shop: string, token: string, id: string, active: boolean) {
  const field = active ? 'discountCodeActivate' : 'discountCodeDeactivate';
  const query = `mutation VouchDiscountStatus($id: ID!) {
  ${field}(id: $id) { codeDiscountNode { id } ${USER_ERRORS} }
}`;
  await mutate(shop, token, field, query, { id });
}

const UPDATE_BASIC = `mutation VouchDiscountUpdate($id: ID!, $basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicUpdate(id: $id, basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } ${USER_ERRORS} }
}`;
const DELETE = `mutation VouchDiscountDelete($id: ID!) {
  discountCodeDelete(id: $id) { deletedCodeDiscountId ${USER_ERRORS} }
}`;
const FREE_SHIPPING = offerVersion({ type: 'free_shipping' });
const NOT_OURS = 'A discount with this code already exists in Shopify (not made by Vouch).';

/** The shop's discount for the code, made for `offer`. */
interface Copy {
  id: string;
  active: boolean;
  offer: string;
}

/**
 * The shop's copy giving the program's current offer, or why there is none. Looked up by code
 * first, so a retry after a lost answer adopts what the first try made. A copy of an older offer is
 * updated when it stays an amount off (discountCodeBasicUpdate), else deleted and made again (a code
 * is unique in a shop); when the offer has no Shopify form, the old copy is deactivated.
 */
async function currentCopy(shop: string, token: string, s: Subject, previous: CouponSyncState | null, now: number) {
  const version = offerVersion(s.offer);
  if (previous?.remote_id && previous.offer === version) {
    return { id: previous.remote_id, active: previous.active, offer: version } satisfies Copy;
  }
  const found = await lookUp(shop, token, s.code);
  if (found.node && !found.node.codeDiscount.title?.startsWith(TITLE_PREFIX)) return NOT_OURS;
  const discount = shopifyDiscount(s.offer, found.currency);
  const active = found.node?.codeDiscount.status === 'ACTIVE';
  // Without a state of ours, a copy found was made by a try whose answer was lost: for this offer.
  const copy: Copy | null = found.node ? { id: found.node.id, active, offer: previous?.offer ?? version } : null;
  if (discount.kind === 'skip') {
    if (copy?.active) await setActive(shop, token, copy.id, false);
    return discount.reason;
  }
  if (copy?.offer === discount.version) return copy;
  if (copy && discount.params.kind === 'amount_off' && copy.offer !== FREE_SHIPPING) {
    const basicCodeDiscount = { customerGets: discount.params.customerGets };
    await mutate(shop, token, 'discountCodeBasicUpdate', UPDATE_BASIC, { id: copy.id, basicCodeDiscount });
    return { ...copy, offer: discount.version };
  }
  if (copy) await mutate(shop, token, 'discountCodeDelete', DELETE, { id: copy.id });
  return { id: await create(shop, token, s, discount.params, now), active: true, offer: discount.version };
}

/**
 * The code as a Shopify discount code giving its program's offer, active exactly when the code is.
 * A discount with that code that Vouch did not make is left alone (skipped, with the reason).
 */
export async function syncShopifyCode(
  shop: string,
  token: string,
  s: Subject,
  previous: CouponSyncState | null,
  now: number,
): Promise<Settled> {
  const copy = await currentCopy(shop, token, s, previous, now);
  if (typeof copy === 'string') return skipped(previous, copy);
  const active = wantsActive(s);
  if (copy.active !== active) await setActive(shop, token, copy.id, active);
  return { status: 'synced', offer: copy.offer, remote_id: copy.id, coupon_id: null, active, reason: null };
}
