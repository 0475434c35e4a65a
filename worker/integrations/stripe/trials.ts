import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { endSubscription } from '../../conversions/renewals.ts';
import { type TrialRecord, trialStore } from '../../storage/subscription-trials.ts';
import { subscriptionStore } from '../../storage/subscriptions.ts';
import type { Applied } from '../receive-event.ts';
import { checkoutParty, invoiceParty } from './attribution.ts';
import { type CheckoutSession, type Invoice, idOf, type StripeEvent } from './event-schemas.ts';
import { applyFirstPayment } from './first-payment.ts';
import { ms } from './outcome.ts';

// A subscription that starts free (a trial, or a first period discounted to nothing) is no sale yet: its
// free Checkout and free first invoice only remember who referred it, and its first paid invoice is the
// conversion (so a fixed reward is never paid for a trial that is cancelled, and `recurring.months` and
// the renewals count from the first payment).

/** The trial as one free event tells it: attribution, customer and the event's own ids. */
function trialOf(
  subscriptionId: string,
  { attribution, customer }: ReturnType<typeof invoiceParty>,
  ids: { checkout: string | null; invoice: string | null },
  event: StripeEvent,
): TrialRecord {
  return {
    provider: 'stripe',
    subscription_id: subscriptionId,
    customer_external_id: customer.external_id,
    email: customer.email ?? null,
    click_id: attribution.click_id ?? null,
    code: attribution.code ?? null,
    promotion_code_id: attribution.promotionCodeId ?? null,
    checkout_id: ids.checkout,
    invoice_id: ids.invoice,
    started_at: new Date(ms(event.created)).toISOString(),
  };
}

const referred = (r: TrialRecord) => r.click_id !== null || r.code !== null || r.promotion_code_id !== null;

/**
 * Remembers the trial, merged with what its other free event stored. One with no referral on it is stored
 * only to fill a trial the other event stored: a trial nobody referred leaves nothing behind.
 */
async function remember(p: Publisher, trial: TrialRecord, what: string): Promise<Applied> {
  const store = trialStore(p.env);
  const sub = trial.subscription_id;
  if (!referred(trial) && !(await store.get(p.tenant, 'stripe', sub))) {
    return {
      outcome: 'unattributed',
      detail: `free trial: ${what} started the subscription ${sub} with nothing paid and names no referral.`,
    };
  }
  const stored = await store.remember(p.tenant, trial);
  const by = [
    stored.click_id && `click ${stored.click_id}`,
    stored.code && `code ${stored.code}`,
    stored.promotion_code_id && `promotion code ${stored.promotion_code_id}`,
  ].filter(Boolean);
  return {
    outcome: 'pending',
    detail:
      `free trial: ${what} started the subscription ${sub} with nothing paid; no conversion until its first ` +
      `paid invoice${by.length > 0 ? ` (referred by ${by.join(', ')})` : ''}.`,
  };
}

/** A subscription's Checkout that charged nothing (payment_status `no_payment_required`). */
export function applyFreeCheckout(p: Publisher, session: CheckoutSession, subscriptionId: string, event: StripeEvent) {
  const trial = trialOf(
    subscriptionId,
    checkoutParty(session),
    { checkout: session.id, invoice: idOf(session.invoice) },
    event,
  );
  return remember(p, trial, `Checkout ${session.id}`);
}

/** A subscription's first invoice (`subscription_create`) that charged nothing. */
export function applyFreeFirstInvoice(p: Publisher, invoice: Invoice, subscriptionId: string, event: StripeEvent) {
  const trial = trialOf(subscriptionId, invoiceParty(invoice), { checkout: null, invoice: invoice.id }, event);
  return remember(p, trial, `invoice ${invoice.id}`);
}

/**
 * A later invoice of a subscription still in its trial: the first one that pays is the conversion, with
 * the trial's attribution, and starts the subscription's renewals; then the trial is forgotten. Null when
 * the subscription has no trial waiting (its invoices are renewals).
 */
export async function applyPaymentAfterTrial(
  p: Publisher,
  invoice: Invoice,
  subscriptionId: string,
  event: StripeEvent,
  now: number,
): Promise<Applied | null> {
  const store = trialStore(p.env);
  const trial = await store.get(p.tenant, 'stripe', subscriptionId);
  if (!trial) return null;
  // Paid before, and the trial not forgotten then (a failure in between): this invoice is a renewal.
  if (await subscriptionStore(p.env).get(p.tenant, 'stripe', subscriptionId)) {
    await store.drop(p.tenant, 'stripe', subscriptionId);
    return null;
  }
  if (invoice.amount_paid === 0) {
    return {
      outcome: 'pending',
      detail: `free trial: invoice ${invoice.id} of the subscription ${subscriptionId} paid nothing either.`,
    };
  }
  const party = {
    attribution: {
      ...(trial.click_id ? { click_id: trial.click_id } : {}),
      ...(trial.code ? { code: trial.code } : {}),
      ...(trial.promotion_code_id ? { promotionCodeId: trial.promotion_code_id } : {}),
    },
    customer: { external_id: trial.customer_external_id, ...(trial.email ? { email: trial.email } : {}) },
  };
  const applied = await applyFirstPayment(p, invoice, subscriptionId, party, event, now);
  await store.drop(p.tenant, 'stripe', subscriptionId);
  const said = `free trial: invoice ${invoice.id} is the first payment of the subscription ${subscriptionId}.`;
  return { outcome: applied.outcome, detail: `${said} ${applied.detail ?? ''}`.trim() };
}

/**
 * `customer.subscription.deleted`: a referred subscription ends (its renewals stop earning); one still in
 * its trial was never paid for, so its trial is forgotten and nothing is recorded.
 */
export async function applySubscriptionEnded(p: Publisher, subscriptionId: string, endedAt: number, now: number) {
  const dropped = await trialStore(p.env).drop(p.tenant, 'stripe', subscriptionId);
  const ended = await endSubscription(p, 'stripe', subscriptionId, now, endedAt);
  if (!dropped || ended.outcome !== 'unattributed') return ended;
  return {
    outcome: 'applied',
    detail: `free trial: the subscription ${subscriptionId} was cancelled before its first payment: nothing recorded.`,
  } satisfies Applied;
}
