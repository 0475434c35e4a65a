import * as z from 'zod';
import { parseCode } from '../../shared/codes.ts';
import { isRewardCode } from '../../shared/core/code-rules.ts';
import { type Conversion, ConversionCreate } from '../../shared/schemas/conversion.ts';
import type { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { createConversion, UNATTRIBUTED_MESSAGES } from '../conversions/create-conversion.ts';
import type { Publisher } from '../conversions/publish-outcomes.ts';
import { type RefundResult, refundConversion } from '../conversions/refund-conversion.ts';
import { couponSyncStore } from '../storage/coupon-sync.ts';
import { type OrderRefunds, providerOrderStore, type RefundFact } from '../storage/provider-orders.ts';
import { rewardCodeStore } from '../storage/reward-codes.ts';
import type { Applied } from './receive-event.ts';
import { money, refundOutcome } from './refund-outcome.ts';
import { redeemOrderRewardCode } from './reward-code-orders.ts';

/** A paid order as a provider reports it (Stripe Checkout or invoice, Shopify order), read by its adapter. */
export interface ProviderOrder {
  provider: IntegrationProvider;
  /** The conversion's order_id (Stripe: `cs_…`/`in_…` as is; Shopify: `shopify_order_{id}`). */
  orderId: string;
  /** What refunds name this order by (Stripe: the payment intent, else the charge; Shopify: `shopify_order_{id}`). */
  refundRef: string;
  /** Minor units. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  customer: { external_id: string; email?: string };
  /** The `vouch_click` the visitor arrived with. */
  click_id?: string;
  /** A referral code typed at checkout (a Shopify discount code, Stripe `metadata.vouch_code`). */
  code?: string;
  /** A Stripe promotion code id (`promo_…`): the code coupon sync created it for. */
  promotionCodeId?: string;
  /** Every discount code the order used (Shopify's `discount_codes`): a reward code among them is redeemed. */
  discountCodes?: string[];
  /** The discount the provider's checkout gave, minor units, when it says (a reward code's redemption amount). */
  discountAmount?: number;
  /** When it was paid, ms. */
  occurredAt: number;
}

/** A refund as a provider reports it: one refund, a running total, or the whole order. */
export interface ProviderRefund {
  provider: IntegrationProvider;
  refundRef: string;
  /** One refund (Stripe refund.created, Shopify refunds/create). */
  refund?: { id: string; amount: number };
  /** A charge's running refunded total (Stripe charge.refunded: `of` the charge id, its `amount_refunded`). */
  cumulative?: { of: string; amount: number };
  /** The whole order (Shopify orders/cancelled). */
  full?: true;
}

const Email = z.email().max(254);
const FactAmount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * A provider's paid order becomes a conversion through the one path every order takes (attribution,
 * fraud, rewards, events), idempotent on its order id; then refunds that arrived before it are applied.
 * A reward code it used (the advocate's own discount) is redeemed as through the API, and credits nobody.
 */
export async function ingestOrder(
  p: Publisher,
  order: ProviderOrder,
  now: number,
): Promise<{ applied: Applied; conversion: Conversion | null }> {
  const { code, rewardCodes } = await codesOf(p, order);
  const redeemed = rewardCodes.length > 0 ? await redeemRewardCodes(p, order, rewardCodes, now) : [];
  if (redeemed.length > 0 && code === undefined && order.click_id === undefined) {
    // Only the advocate's own reward: no referral to look for.
    const outcome = redeemed.some((r) => r.used) ? 'applied' : 'ignored';
    return { applied: { outcome, detail: redeemed.map((r) => r.detail).join(' ') }, conversion: null };
  }
  const { applied, conversion } = await convertOrder(p, order, code, now);
  return { applied: redeemed.length > 0 ? withRedeemed(applied, redeemed) : applied, conversion };
}

/** The redemptions' words before the conversion's; an order that redeemed a reward code is applied. */
function withRedeemed(applied: Applied, redeemed: Redeemed[]): Applied {
  const outcome = redeemed.some((r) => r.used) ? 'applied' : applied.outcome;
  return { outcome, detail: [...redeemed.map((r) => r.detail), applied.detail ?? ''].join(' ').trim() };
}

type Redeemed = NonNullable<Awaited<ReturnType<typeof redeemOrderRewardCode>>>;

async function redeemRewardCodes(p: Publisher, order: ProviderOrder, codes: string[], now: number) {
  const said: Redeemed[] = [];
  for (const code of codes) {
    const redeemed = await redeemOrderRewardCode(p, code, order, now);
    if (redeemed) said.push(redeemed);
  }
  return said;
}

/**
 * The referral code of an order (typed, or the one a promotion code was made for) and the reward codes it
 * used: a code shaped as a reward code that is one of this tenant's is never a referral's.
 */
async function codesOf(p: Publisher, order: ProviderOrder) {
  const promoted = order.promotionCodeId
    ? await couponSyncStore(p.env).codeForPromotion(p.tenant, order.promotionCodeId)
    : null;
  const named = [order.code, promoted ?? undefined, ...(order.discountCodes ?? [])].slice(0, 8);
  const rewardCodes: string[] = [];
  for (const text of named) {
    const parsed = text === undefined ? null : parseCode(text);
    if (!parsed || !isRewardCode(parsed) || rewardCodes.includes(parsed)) continue;
    if (await rewardCodeStore(p.env).read(p.tenant, parsed)) rewardCodes.push(parsed);
  }
  const isReward = (c: string | undefined) => c !== undefined && rewardCodes.includes(parseCode(c) ?? '');
  const code = [order.code, promoted ?? undefined].find((c) => c !== undefined && !isReward(c));
  return { code, rewardCodes };
}

/** The order as a conversion (with `code`, its referral code), and the refunds that arrived before it. */
async function convertOrder(p: Publisher, order: ProviderOrder, code: string | undefined, now: number) {
  const input = ConversionCreate.safeParse(conversionInput(order, code));
  if (!input.success) {
    const problem = input.error.issues[0];
    const detail = `Order ${order.orderId} not recorded: ${problem?.path.join('.')} ${problem?.message}`;
    return { applied: { outcome: 'ignored', detail } satisfies Applied, conversion: null };
  }
  const result = await createConversion(p, input.data, now);
  if (result.kind === 'unattributed') {
    const applied: Applied = { outcome: 'unattributed', detail: UNATTRIBUTED_MESSAGES[result.reason] };
    return { applied, conversion: null };
  }
  const refunds = await applyRefunds(
    p,
    await providerOrderStore(p.env).link(p.tenant, order.provider, order.refundRef, result.conversion.id),
    now,
  );
  const conversion = refunds?.kind === 'refunded' ? refunds.conversion : result.conversion;
  const said =
    result.kind === 'created'
      ? `Conversion ${conversion.id} of ${money(conversion.amount, conversion.currency)} credited to ` +
        `${conversion.advocate_id} (${conversion.attribution.source}${conversion.status === 'held' ? ', held' : ''}).`
      : `Order ${order.orderId} was recorded before as conversion ${conversion.id}.`;
  const refunded = refunds?.kind === 'refunded' && refunds.refundedBefore < conversion.refunded_amount;
  const detail = refunded ? `${said} Refunds received before it applied: ${refundOutcome(refunds).detail}` : said;
  return { applied: { outcome: 'applied', detail } satisfies Applied, conversion };
}

/** The conversion input of a provider order, with its referral code (typed, or a promotion code's). */
function conversionInput(order: ProviderOrder, code: string | undefined) {
  // A malformed email only weakens the fraud checks: the order still counts without it.
  const email = Email.safeParse(order.customer.email).success ? order.customer.email : undefined;
  return {
    type: 'sale' as const,
    order_id: order.orderId,
    customer: { external_id: order.customer.external_id, ...(email ? { email } : {}) },
    amount: order.amount,
    currency: order.currency,
    ...(order.click_id !== undefined ? { click_id: order.click_id } : {}),
    ...(code !== undefined ? { code } : {}),
    occurred_at: new Date(order.occurredAt).toISOString(),
  };
}

/**
 * Links what refunds name an order by to its conversion (renewals link their invoices too), and
 * applies the refunds that arrived before it.
 */
export async function linkRefundRef(
  p: Publisher,
  provider: IntegrationProvider,
  refundRef: string,
  conversionId: string,
  now: number,
): Promise<void> {
  await applyRefunds(p, await providerOrderStore(p.env).link(p.tenant, provider, refundRef, conversionId), now);
}

/**
 * Records a refund, then brings the order's conversion to the refunded total known: refunds by id
 * and charges' running totals are two views of one history (Stripe sends both), so the larger
 * counts, never their sum. Kept (`pending`) while the order's payment has not arrived.
 */
export async function ingestRefund(p: Publisher, refund: ProviderRefund, now: number): Promise<Applied> {
  const facts = refundFacts(refund);
  if (typeof facts === 'string') return { outcome: 'ignored', detail: facts };
  const store = providerOrderStore(p.env);
  let known: OrderRefunds | undefined;
  for (const fact of facts) known = await store.recordRefund(p.tenant, refund.provider, refund.refundRef, fact);
  if (!known?.conversionId) {
    return {
      outcome: 'pending',
      detail: `Kept: no paid order with ${refund.refundRef} has arrived yet; the refund applies when it does.`,
    };
  }
  return refundOutcome(await applyRefunds(p, known, now));
}

/** The facts a refund reports, or why it reports none usable. */
function refundFacts(refund: ProviderRefund): RefundFact[] | string {
  const facts: RefundFact[] = [];
  if (refund.refund) facts.push({ kind: 'refund', id: refund.refund.id, amount: refund.refund.amount });
  if (refund.cumulative) facts.push({ kind: 'charge', id: refund.cumulative.of, amount: refund.cumulative.amount });
  if (refund.full) facts.push({ kind: 'full' });
  if (facts.length === 0) return `A refund of ${refund.refundRef} without an amount: nothing to apply.`;
  for (const fact of facts) {
    if (fact.kind === 'full') continue;
    if (fact.id === '') return `A refund of ${refund.refundRef} without a refund or charge id: not applied.`;
    if (!FactAmount.safeParse(fact.amount).success) {
      return `A refund of ${refund.refundRef} of ${fact.amount}: not whole minor units, not applied.`;
    }
  }
  return facts;
}

// A cancelled order is refunded in full: the refund takes at most what is left of the order.
const WHOLE_ORDER = Number.MAX_SAFE_INTEGER;

/** Brings the linked conversion's refunded total to what the provider reported (never more than its amount). */
async function applyRefunds(p: Publisher, known: OrderRefunds, now: number): Promise<RefundResult | null> {
  const total = known.full ? WHOLE_ORDER : Math.max(known.byRefund, known.byCharge);
  if (!known.conversionId || total === 0) return null;
  return refundConversion(p, known.conversionId, undefined, now, total);
}
