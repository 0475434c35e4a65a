import { advocateEarning, type EarningBounds } from '../../shared/core/advocate-earning.ts';
import { assessRisk } from '../../shared/core/assess-risk.ts';
import { friendReward } from '../../shared/core/offers.ts';
import type { RenewalEligibility } from '../../shared/core/recurring.ts';
import type { Amount } from '../../shared/core/rewards.ts';
import type { Referral, RiskAssessment, UnattributedReason } from '../../shared/schemas/conversion.ts';
import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import { newId } from '../lib/ids.ts';
import type { Retry } from '../lib/retry.ts';
import type { ConversionPlan, CreditFacts, StoredConversion } from '../storage/conversions.ts';
import type { SubscriptionRecord } from '../storage/subscriptions.ts';
import type { Tenant } from '../tenant.ts';
import type { ConversionInput, Credit } from './attribute.ts';

/** What a conversion is decided from, besides the reads: the request, attribution's credit, the clock. */
export interface ConversionContext {
  t: Tenant;
  input: ConversionInput;
  key: string;
  /** The customer's digest. */
  customer: string;
  occurredAt: number;
  now: number;
  /** A code redeemed at checkout: the friend's offer was given as the discount. */
  viaRedemption: boolean;
  credit: Credit;
  /** Credit facts read ahead with the program (checkout): used by the first attempt if for its advocate. */
  prefetched?: { advocateId: string; facts: CreditFacts } | undefined;
  /** A renewal of a referred subscription (worker/conversions/renewals.ts): its number and whether it earns. */
  renewal?: RenewalContext;
}

export interface RenewalContext {
  /** The subscription as read: this renewal is its `renewals + 1`th, counted in the same atomic step. */
  subscription: SubscriptionRecord;
  eligibility: RenewalEligibility;
}

export type TierChange = { from: string | null; to: string | null };

export type Decision =
  | { kind: 'record'; plan: ConversionPlan; tierChange: TierChange | null }
  | { kind: 'unattributed'; reason: UnattributedReason }
  /** The customer was referred by another advocate first: read that one's facts and decide again. */
  | Retry<string>;

/**
 * The conversion, from what was read for `advocateId` (a plain function of the reads: a retry
 * decides again from fresh ones): the fraud assessment, the referral, the rewards (amounts, tiers
 * and caps by shared/core), and everything the store writes.
 */
export function decideConversion(
  ctx: ConversionContext,
  facts: CreditFacts,
  oldReferral: Referral | null,
  advocateId: string,
): Decision {
  const { t, input, credit, now } = ctx;
  const advocate = facts.advocate;
  if (!advocate) return { kind: 'unattributed', reason: 'code_not_found' };
  if (advocate.status === 'suspended') return { kind: 'unattributed', reason: 'advocate_suspended' };
  // A referred customer belongs to the advocate who referred them first: decide on that one's ledger.
  if (oldReferral && oldReferral.advocate_id !== advocateId) return { retry: oldReferral.advocate_id };
  const risk = assessRisk({
    strictness: credit.program.fraud_strictness,
    customer: input.customer,
    advocate: { external_id: advocate.external_id, email: advocate.email },
    click: credit.chosen.click,
    advocateOwnVisitor: facts.advocateOwnVisitor,
    advocateConversionsThisHour: facts.advocateConversionsThisHour,
    visitorConversionsThisHour: facts.visitorConversionsThisHour,
    visitorConversionsToday: facts.visitorConversionsToday,
    occurredAt: ctx.occurredAt,
  });
  const status = risk.decision === 'reject' ? 'rejected' : risk.decision === 'hold' ? 'held' : 'approved';
  const at = new Date(now).toISOString();
  const referral: Referral = oldReferral ?? {
    id: newId('referral', now),
    object: 'referral',
    livemode: t.mode === 'live',
    program_id: credit.program.id,
    advocate_id: advocateId,
    customer_external_id: input.customer.external_id,
    conversion_ids: [],
    rewarded: false,
    created_at: at,
  };
  const base = { ctx, conversionId: newId('conversion', now), referral, risk, at };
  const earned = rewardsOf(base, status, facts.ledger);
  return { kind: 'record', plan: planOf(base, oldReferral, status, earned), tierChange: earned.tierChange };
}

/** Everything the store writes for this conversion. */
function planOf(b: Base, oldReferral: Referral | null, status: StoredConversion['status'], earned: Earned) {
  const { ctx, referral } = b;
  const plan: ConversionPlan = {
    key: ctx.key,
    conversion: conversionRecord(b, status, earned.note, earned.rewards),
    referral: {
      before: oldReferral,
      after: {
        ...referral,
        conversion_ids: [...referral.conversion_ids, b.conversionId],
        rewarded: referral.rewarded || earned.rewards.some((r) => r.recipient === 'advocate'),
      },
      customer: ctx.customer,
    },
    rewards: earned.rewards,
    earning: { bounds: earned.bounds, rewarded: earned.rewarded },
    visitor: ctx.credit.chosen.click?.visitor || null,
    // The advocate buying through their own link: remember the browser as theirs.
    visitorIsAdvocate: b.risk.signals.some(
      (s) => s.code === 'self_referral_customer_id' || s.code === 'self_referral_email',
    ),
    occurredAt: ctx.occurredAt,
    now: ctx.now,
  };
  const sub = ctx.renewal?.subscription;
  if (sub) plan.subscription = { before: sub, after: { ...sub, renewals: sub.renewals + 1 } };
  return plan;
}

interface Base {
  ctx: ConversionContext;
  conversionId: string;
  referral: Referral;
  risk: RiskAssessment;
  at: string;
}

interface Earned {
  rewards: Reward[];
  note: string | null;
  bounds: EarningBounds | null;
  rewarded: { tier: string | null; tierChanged: boolean } | null;
  tierChange: TierChange | null;
}

/**
 * Rewards come with the first sale of a referred customer, unless rejected as fraud; a renewal of
 * their subscription earns the advocate's reward again while the program's recurring setting covers
 * it (the friend's offer was their first purchase's).
 */
function rewardsOf(b: Base, status: StoredConversion['status'], ledger: CreditFacts['ledger']): Earned {
  const none = (note: string): Earned => ({ rewards: [], note, bounds: null, rewarded: null, tierChange: null });
  const { input, credit, viaRedemption, renewal } = b.ctx;
  if (input.type !== 'sale') return none('Signups record the referral; rewards come with the first sale.');
  if (renewal && !renewal.eligibility.eligible) return none(renewal.eligibility.note);
  if (!renewal && b.referral.rewarded)
    return none('A repeat purchase: this referral earned its rewards on its first sale.');
  if (status === 'rejected') return none('Rejected by the fraud checks: no rewards.');
  const program = credit.program;
  const rewardStatus: RewardStatus = status === 'held' ? 'held' : program.hold_days === 0 ? 'approved' : 'pending';
  const order =
    input.amount !== undefined && input.currency !== undefined
      ? { amount: input.amount, currency: input.currency }
      : null;
  const earning = advocateEarning(program, ledger, b.at.slice(0, 7), order);
  const rewards: Reward[] = [];
  if (earning.kind === 'earned') rewards.push(newReward(b, 'advocate', earning.amount, earning.tier, rewardStatus));
  const friend = friendReward(program.referee_offer, order);
  // A code redeemed at checkout already gave the friend their discount.
  if (!renewal)
    rewards.push(
      viaRedemption
        ? newReward(b, 'friend', friend, null, 'paid', 'applied as a discount at checkout')
        : newReward(b, 'friend', friend, null, rewardStatus),
    );
  const earned = earning.kind === 'earned';
  return {
    rewards,
    note: earning.kind === 'none' ? earning.note : null,
    bounds: earning.bounds,
    rewarded: earned ? { tier: earning.tier, tierChanged: earning.tierChange !== null } : null,
    tierChange: earned ? earning.tierChange : null,
  };
}

function newReward(
  b: Base,
  recipient: 'advocate' | 'friend',
  amount: Amount,
  tier: string | null,
  status: RewardStatus,
  note?: string,
): Reward {
  const { t, credit, now } = b.ctx;
  const holdDays = credit.program.hold_days;
  const why =
    status === 'held'
      ? 'held for fraud review'
      : status === 'approved'
        ? 'no hold period'
        : `pending for ${holdDays} days`;
  return {
    id: newId('reward', now),
    object: 'reward',
    livemode: t.mode === 'live',
    kind: 'reward',
    recipient,
    program_id: credit.program.id,
    advocate_id: b.referral.advocate_id,
    conversion_id: b.conversionId,
    referral_id: b.referral.id,
    code: credit.chosen.code,
    type: amount.type,
    amount: amount.amount,
    original_amount: amount.amount,
    reversed_amount: 0,
    currency: amount.currency,
    tier,
    status,
    approve_after: status === 'pending' ? new Date(now + holdDays * 86400_000).toISOString() : null,
    fraud_signals: b.risk.signals.map((x) => x.code),
    history: [{ status, at: b.at, note: note ?? why }],
    created_at: b.at,
    updated_at: b.at,
  };
}

function conversionRecord(
  b: Base,
  status: StoredConversion['status'],
  note: string | null,
  rewards: Reward[],
): StoredConversion {
  const { input, credit, t } = b.ctx;
  // Credited to the referral's advocate, with the first advocate's reason for a later one's click or code.
  const recredited = b.referral.advocate_id !== credit.chosen.advocateId;
  const reason = recredited
    ? `${credit.reason} The customer was referred by ${b.referral.advocate_id} first, who keeps the referral.`
    : credit.reason;
  return {
    id: b.conversionId,
    object: 'conversion',
    livemode: t.mode === 'live',
    attributed: true,
    type: input.type,
    order_id: input.order_id ?? null,
    customer_external_id: input.customer.external_id,
    amount: input.amount ?? null,
    currency: input.currency ?? null,
    program_id: credit.program.id,
    advocate_id: b.referral.advocate_id,
    referral_id: b.referral.id,
    click_id: credit.chosen.click?.id ?? null,
    code: credit.chosen.code,
    attribution: { source: credit.source, model: credit.program.attribution.model, reason },
    risk: b.risk,
    status,
    reward_note: note,
    refunded_amount: 0,
    recurring: b.ctx.renewal
      ? {
          subscription_id: b.ctx.renewal.subscription.subscription_id,
          renewal: b.ctx.renewal.subscription.renewals + 1,
        }
      : null,
    occurred_at: new Date(b.ctx.occurredAt).toISOString(),
    created_at: b.at,
    reward_ids: rewards.map((r) => r.id),
    customer_digest: b.ctx.customer,
  };
}
