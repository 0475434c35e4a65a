import { programState } from '../../shared/core/program-state.ts';
import { renewalEligibility } from '../../shared/core/recurring.ts';
import type { Conversion } from '../../shared/schemas/conversion.ts';
import type { IntegrationEventOutcome, IntegrationProvider } from '../../shared/schemas/integration.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { withRetries } from '../lib/retry.ts';
import { conversionStore } from '../storage/conversions.ts';
import { programStore } from '../storage/programs.ts';
import { type SubscriptionRecord, subscriptionStore } from '../storage/subscriptions.ts';
import type { ConversionInput, Credit } from './attribute.ts';
import { sendConversionEvent } from './conversion-raw-event.ts';
import { type CreateResult, creditAttempt } from './create-conversion.ts';
import type { ConversionContext } from './decide-conversion.ts';
import { conversionEvents, type Publisher, publish } from './publish-outcomes.ts';
import { naturalKey } from './records.ts';

/**
 * Remembers a referred customer's subscription, from the conversion of its first paid invoice:
 * its renewals are credited to the same referral and advocate. Idempotent (the first record stays).
 */
export async function startSubscription(
  p: Publisher,
  s: { provider: IntegrationProvider; subscriptionId: string; conversion: Conversion; startedAt: number },
  _now: number,
): Promise<void> {
  const c = s.conversion;
  await subscriptionStore(p.env).start(p.tenant, {
    provider: s.provider,
    subscription_id: s.subscriptionId,
    conversion_id: c.id,
    referral_id: c.referral_id,
    advocate_id: c.advocate_id,
    program_id: c.program_id,
    customer_external_id: c.customer_external_id,
    code: c.code,
    source: c.attribution.source,
    started_at: new Date(s.startedAt).toISOString(),
    ended_at: null,
    renewals: 0,
  });
}

export interface RenewalInput {
  provider: IntegrationProvider;
  subscriptionId: string;
  /** The invoice id: the renewal's order id (reported again, the same conversion). */
  orderId: string;
  /** What this invoice's refunds name it by. */
  refundRef: string;
  amount: number;
  currency: string;
  /** When the billing period this invoice pays for starts (ms): what the recurring window is measured by. */
  periodStart: number;
  occurredAt: number;
}

/**
 * What a renewal or an end did, in words for the integration's event log: the shape of
 * worker/integrations/receive-event.ts's `Applied` (this feature imports no integration: they import it).
 */
interface RenewalOutcome {
  outcome: Exclude<IntegrationEventOutcome, 'duplicate' | 'failed'>;
  detail: string | null;
}
type Stopped = { kind: 'stopped'; applied: RenewalOutcome };

/**
 * A paid renewal invoice of a subscription: `unattributed` when the subscription was not referred,
 * `ignored` for a period from its end on; else a conversion of the same referral and advocate (idempotent on the
 * invoice), rewarded like a first sale (hold, fraud, monthly cap, tiers) while the program's
 * `referrer_reward.recurring` covers its period, recorded without reward (and the reason) after.
 * Its events are published; the conversion (new or recorded before) is returned for the caller to
 * link the invoice's refunds to (worker/integrations/renewals.ts).
 */
export async function recordRenewal(
  p: Publisher,
  r: RenewalInput,
  now: number,
): Promise<{ applied: RenewalOutcome; conversion: Conversion | null }> {
  const none = (applied: RenewalOutcome) => ({ applied, conversion: null });
  const { env, tenant: t } = p;
  const first = await subscriptionStore(env).get(t, r.provider, r.subscriptionId);
  if (!first) return none(notReferred(r.subscriptionId));
  const key = await naturalKey({ order_id: r.orderId, customer: { external_id: first.customer_external_id } });
  const existingId = await conversionStore(env).idForKey(t, key);
  if (existingId) {
    const found = await conversionStore(env).get(t, existingId);
    if (!found) throw new Error(`conversion index points at missing ${existingId}`);
    return published(p, r, { kind: 'existing', conversion: found.view });
  }
  if (endedBefore(first, r.periodStart)) return none(ended(first));
  const program = await programStore(env).get(t, first.program_id);
  if (!program || ['draft', 'paused'].includes(programState(program, r.occurredAt)))
    return none({
      outcome: 'ignored',
      detail: `The program ${first.program_id} is not running: renewal not recorded.`,
    });
  const customer = await customerDigest({ external_id: first.customer_external_id });
  const result = await withRetries<string, CreateResult | Stopped>(
    first.advocate_id,
    async (advocateId) => {
      // Read fresh on each attempt: the renewal's number and the end are compare-and-set with it.
      const sub = await subscriptionStore(env).get(t, r.provider, r.subscriptionId);
      if (!sub) return { kind: 'stopped', applied: notReferred(r.subscriptionId) };
      if (endedBefore(sub, r.periodStart)) return { kind: 'stopped', applied: ended(sub) };
      return creditAttempt(env, renewalContext(p, r, sub, program, { key, customer, now }), advocateId);
    },
    'renewal',
  );
  if (result.kind === 'stopped') return none(result.applied);
  if (result.kind === 'unattributed')
    return none({ outcome: 'unattributed', detail: `Renewal not credited: ${result.reason}.` });
  return published(p, r, result);
}

/**
 * A renewal recorded (now or before): its events published (their keys send each once, so a retry
 * heals a send missed after the write).
 */
async function published(p: Publisher, r: RenewalInput, result: Exclude<CreateResult, { kind: 'unattributed' }>) {
  sendConversionEvent(p, result, Date.now());
  const referral = await conversionStore(p.env).referral(p.tenant, result.conversion.referral_id);
  await publish(p, conversionEvents(result.conversion, referral, result.kind === 'created' ? result.tierChange : null));
  const applied: RenewalOutcome =
    result.kind === 'created'
      ? { outcome: 'applied', detail: createdDetail(result.conversion) }
      : { outcome: 'ignored', detail: `Invoice ${r.orderId} was recorded before as ${result.conversion.id}.` };
  return { applied, conversion: result.conversion };
}

/** The conversion's context for a renewal: the first payment's credit, the renewal's number and eligibility. */
function renewalContext(
  p: Publisher,
  r: RenewalInput,
  sub: SubscriptionRecord,
  program: Program,
  at: { key: string; customer: string; now: number },
): ConversionContext {
  const n = sub.renewals + 1;
  const input: ConversionInput = {
    type: 'sale',
    order_id: r.orderId,
    customer: { external_id: sub.customer_external_id },
    amount: r.amount,
    currency: r.currency,
    occurred_at: new Date(r.occurredAt).toISOString(),
  };
  const credit: Credit = {
    program,
    chosen: { programId: sub.program_id, advocateId: sub.advocate_id, code: sub.code, click: null },
    source: sub.source,
    reason:
      `Renewal ${n} of the subscription ${sub.subscription_id}, whose first payment (${sub.conversion_id}) ` +
      'was credited to this advocate.',
  };
  return {
    t: p.tenant,
    input,
    key: at.key,
    customer: at.customer,
    occurredAt: r.occurredAt,
    now: at.now,
    viaRedemption: false,
    credit,
    renewal: {
      subscription: sub,
      eligibility: renewalEligibility(program.referrer_reward.recurring, Date.parse(sub.started_at), r.periodStart),
    },
  };
}

function createdDetail(c: Conversion): string {
  const reward = c.rewards.find((x) => x.recipient === 'advocate');
  const earned = reward ? `reward ${reward.amount} ${reward.currency ?? 'points'} (${reward.status})` : c.reward_note;
  return `Renewal ${c.recurring?.renewal} of ${c.recurring?.subscription_id} recorded as ${c.id}: ${earned}`;
}

const notReferred = (id: string): RenewalOutcome => ({
  outcome: 'unattributed',
  detail: `The subscription ${id} was not referred (no first payment credited to an advocate).`,
});

const ended = (sub: SubscriptionRecord): RenewalOutcome => ({
  outcome: 'ignored',
  detail: `The subscription ${sub.subscription_id} ended at ${sub.ended_at}: its renewals earn nothing more.`,
});

/**
 * Whether the subscription had ended when the period a renewal pays for began: an invoice for a period
 * before the end (paid late, or delivered after the cancellation) is still a renewal of it.
 */
const endedBefore = (sub: SubscriptionRecord, periodStart: number) =>
  sub.ended_at !== null && periodStart >= Date.parse(sub.ended_at);

/**
 * The subscription was cancelled (Stripe customer.subscription.deleted) and ended at `endedAt` (ms; the
 * provider's own time, else when this was received): no renewal for a period from then on earns.
 */
export async function endSubscription(
  p: Publisher,
  provider: IntegrationProvider,
  subscriptionId: string,
  now: number,
  endedAt: number = now,
): Promise<RenewalOutcome> {
  const at = new Date(endedAt).toISOString();
  const result = await subscriptionStore(p.env).end(p.tenant, provider, subscriptionId, at);
  if (result.kind === 'missing') return notReferred(subscriptionId);
  if (result.kind === 'already')
    return { outcome: 'ignored', detail: `The subscription ${subscriptionId} ended before.` };
  return {
    outcome: 'applied',
    detail: `The subscription ${subscriptionId} ended after ${result.record.renewals} renewals: no further rewards.`,
  };
}
