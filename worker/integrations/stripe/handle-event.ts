import type * as z from 'zod';
import type { Publisher } from '../../conversions/publish-outcomes.ts';
import type { Applied } from '../receive-event.ts';
import { applyAccountUpdated } from './account-updated.ts';
import { applyCheckoutCompleted } from './checkout-completed.ts';
import {
  Charge,
  CheckoutSession,
  ConnectAccount,
  Invoice,
  InvoicePayment,
  Refund,
  type StripeEvent,
  Subscription,
} from './event-schemas.ts';
import { applyInvoicePaid } from './invoice-paid.ts';
import { applyInvoicePaymentPaid } from './invoice-payments.ts';
import { ignored, ms } from './outcome.ts';
import { applyChargeRefunded, applyRefundCreated } from './refunds.ts';
import { applySubscriptionEnded } from './trials.ts';

type Apply = (p: Publisher, now: number) => Promise<Applied>;

interface Family<S extends z.ZodType> {
  schema: S;
  apply: (p: Publisher, object: z.output<S>, event: StripeEvent, now: number) => Promise<Applied>;
}
const family = <S extends z.ZodType>(f: Family<S>) => f as Family<z.ZodType>;

/** The event types Vouch acts on (INTEGRATION_EVENTS.stripe), each with the shape of its `data.object`. */
const FAMILIES: Record<string, Family<z.ZodType>> = {
  'checkout.session.completed': family({ schema: CheckoutSession, apply: applyCheckoutCompleted }),
  'invoice.paid': family({ schema: Invoice, apply: applyInvoicePaid }),
  'invoice_payment.paid': family({
    schema: InvoicePayment,
    apply: (p, payment, _e, now) => applyInvoicePaymentPaid(p, payment, now),
  }),
  'charge.refunded': family({ schema: Charge, apply: (p, charge, _e, now) => applyChargeRefunded(p, charge, now) }),
  'refund.created': family({ schema: Refund, apply: (p, refund, _e, now) => applyRefundCreated(p, refund, now) }),
  // From a Connect endpoint: an advocate's Express account finishing (or losing) what transfers need.
  'account.updated': family({
    schema: ConnectAccount,
    apply: (p, account, _e, now) => applyAccountUpdated(p, account, now),
  }),
  'customer.subscription.deleted': family({
    schema: Subscription,
    // When it ended, not when the event came: a renewal paid late for a period before the end still counts.
    apply: (p, subscription, event, now) => {
      const endedAt = ms(subscription.ended_at ?? subscription.canceled_at ?? event.created);
      return applySubscriptionEnded(p, subscription.id, endedAt, now);
    },
  }),
};

export type PreparedEvent = { kind: 'ready'; apply: Apply } | { kind: 'invalid'; message: string };

/**
 * What a verified event will do, decided before it is claimed: its object is checked against the shape
 * Vouch reads (a malformed one is refused and changes nothing); an unknown type, or an event of the other
 * mode (a test event sent to the live URL), is received and ignored.
 */
export function prepareStripeEvent(event: StripeEvent, livemode: boolean): PreparedEvent {
  const handler = FAMILIES[event.type];
  if (!handler) return ready(ignored(`Vouch does not use ${event.type} events.`));
  if (event.livemode !== livemode) {
    const [sent, url] = event.livemode ? ['live', 'test'] : ['test', 'live'];
    return ready(ignored(`A ${sent}-mode event sent to the ${url}-mode URL: paste each mode's URL into its own mode.`));
  }
  const parsed = handler.schema.safeParse(event.data.object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `data.object.${issue.path.join('.')}: ` : 'data.object: ';
    return { kind: 'invalid', message: `${where}${issue?.message ?? 'not the shape Stripe sends.'}` };
  }
  return { kind: 'ready', apply: (p, now) => handler.apply(p, parsed.data, event, now) };
}

function ready(applied: Applied): PreparedEvent {
  return { kind: 'ready', apply: async () => applied };
}
