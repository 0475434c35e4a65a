import type { CharityStatement } from '../../shared/schemas/charity.ts';
import type { Conversion, Referral, RiskAssessment } from '../../shared/schemas/conversion.ts';
import type { CreditEntry } from '../../shared/schemas/credit.ts';
import type { CustomerErased } from '../../shared/schemas/customer.ts';
import type { Payout } from '../../shared/schemas/payout.ts';
import type { PointsChange } from '../../shared/schemas/points.ts';
import type { Redemption } from '../../shared/schemas/redemption.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import type { WebhookEventType } from '../../shared/schemas/webhook.ts';

/** A reward event's `previous_attributes`: the reward's status and amounts just before the change. */
type RewardChange = { data: Reward; previous?: Pick<Reward, 'status' | 'amount' | 'reversed_amount'> };

/**
 * What each event type carries: `data` (its payload schema in shared/schemas/webhook-events.ts) and,
 * on events about a change, `previous` (the envelope's `previous_attributes`). Every event type must
 * be listed (EventInput does not compile otherwise), so a new type is typed before it is published.
 */
interface EventPayloads {
  'referral.created': { data: Referral };
  'conversion.created': { data: Conversion };
  'conversion.reviewed': { data: Conversion };
  'conversion.refunded': { data: Conversion; previous?: { refunded_amount: number } };
  'reward.created': { data: Reward };
  'reward.released': RewardChange;
  'reward.approved': RewardChange;
  'reward.adjusted': RewardChange;
  'reward.voided': RewardChange;
  'reward.paid': RewardChange;
  'redemption.created': { data: Redemption };
  'redemption.reversed': { data: Redemption };
  'advocate.tier_changed': {
    data: {
      advocate_id: string;
      program_id: string;
      from_tier: string | null;
      to_tier: string | null;
      conversion_id: string;
    };
  };
  'fraud.held': { data: { conversion_id: string; advocate_id: string; risk: RiskAssessment } };
  'customer.erased': { data: CustomerErased };
  'credit.changed': { data: { object: 'credit_change'; external_id: string; entry: CreditEntry } };
  'payout.created': { data: Payout };
  'payout.paid': { data: Payout; previous?: Pick<Payout, 'status'> };
  'payout.failed': { data: Payout; previous?: Pick<Payout, 'status'> };
  'points.changed': { data: PointsChange };
  'charity.statement': { data: CharityStatement };
}

/** One event to publish, its payload typed by its type. */
export type EventInput = {
  [K in WebhookEventType]: {
    type: K;
    data: EventPayloads[K]['data'];
    /** On a change: the changed fields of `data` with their values before it (`previous_attributes`). */
    previous?: 'previous' extends keyof EventPayloads[K]
      ? EventPayloads[K]['previous' & keyof EventPayloads[K]]
      : never;
    /** Stable per logical occurrence, e.g. `reward.approved:rwd_…`: the same key twice records and sends one event. */
    key: string;
  };
}[WebhookEventType];
