import * as z from 'zod';
import { CharityStatement } from './charity.ts';
import { Timestamp } from './common.ts';
import { Conversion, Referral, RiskAssessment } from './conversion.ts';
import { CreditChange } from './credit.ts';
import { CustomerErased } from './customer.ts';
import { Payout, PayoutStatus } from './payout.ts';
import { PointsChange } from './points.ts';
import { Redemption } from './redemption.ts';
import { Reward, RewardStatus } from './reward.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook.ts';
import * as ex from './webhook-event-examples.ts';

const RewardBefore = z
  .object({ status: RewardStatus, amount: z.number().int(), reversed_amount: z.number().int() })
  .describe('The reward\u2019s status and amounts just before this change.');

const TierChange = z.object({
  advocate_id: z.string(),
  program_id: z.string(),
  from_tier: z.string().nullable().describe('The tier label before (null: the base reward).'),
  to_tier: z.string().nullable(),
  conversion_id: z.string().describe('The conversion that moved the advocate.'),
});

const PayoutBefore = z.object({ status: PayoutStatus }).describe('The payout\u2019s status just before.');

const FraudHold = z.object({ conversion_id: z.string(), advocate_id: z.string(), risk: RiskAssessment });

interface EventSpec {
  data: z.ZodType;
  /** The envelope's `previous_attributes`, on events about a change. */
  previous?: z.ZodType;
  /** When it fires. */
  description: string;
  /** Needed to keep rewards and balances from the events alone. */
  mirror: boolean;
  example: { data: unknown; previous_attributes?: unknown };
}

const rewardChange = (description: string, example: Reward, before: Reward): EventSpec => ({
  data: Reward,
  previous: RewardBefore,
  description,
  mirror: true,
  example: {
    data: example,
    previous_attributes: { status: before.status, amount: before.amount, reversed_amount: before.reversed_amount },
  },
});

const created = ex.exampleReward.created_at;
const pending: Reward = {
  ...ex.exampleReward,
  status: 'pending',
  approve_after: '2026-12-21T10:30:00.000Z',
  history: [{ status: 'pending', at: created, note: 'pending for 14 days' }],
};
const held: Reward = {
  ...pending,
  status: 'held',
  approve_after: null,
  history: [{ status: 'held', at: created, note: 'held for fraud review' }],
};

/** Every event type: its payload, when it fires, and an example delivery. */
export const WEBHOOK_EVENTS: Record<WebhookEventType, EventSpec> = {
  'referral.created': {
    data: Referral,
    description: 'A referred customer\u2019s first attributed conversion created the referral.',
    mirror: false,
    example: { data: ex.exampleReferral },
  },
  'conversion.created': {
    data: Conversion,
    description:
      'An attributed conversion was recorded (through the API, or a redeemed code); `data.rewards` as created.',
    mirror: false,
    example: { data: ex.exampleConversion },
  },
  'conversion.reviewed': {
    data: Conversion,
    description: 'A held conversion was approved or rejected in review; each reward it moved sends its own event.',
    mirror: false,
    example: { data: { ...ex.exampleConversion, status: 'rejected', rewards: [] } },
  },
  'conversion.refunded': {
    data: Conversion,
    previous: z.object({ refunded_amount: z.number().int() }),
    description:
      'Part or all of a converted order was refunded (or its redemption reversed): `refunded_amount` grew. ' +
      'Each reward it shrank, voided or adjusted sends its own event.',
    mirror: false,
    example: { data: ex.refundedConversion, previous_attributes: { refunded_amount: 0 } },
  },
  'reward.created': {
    data: Reward,
    description:
      'A reward exists, in the state it was created in: `pending` (hold period), `held` (fraud review), ' +
      '`approved` (hold_days 0, or an `adjustment` taking back a refund of a paid reward) or `paid` (the ' +
      'friend\u2019s discount at checkout). For `approved` and `paid`, `reward.approved` or `reward.paid` follows.',
    mirror: true,
    example: { data: ex.exampleReward },
  },
  'reward.released': rewardChange(
    'A held reward was cleared by review and starts its hold period (`held` to `pending`).',
    { ...ex.rewardIn('pending', 'approved in review', held), approve_after: '2026-12-23T16:05:00.000Z' },
    held,
  ),
  'reward.approved': rewardChange(
    'A reward became payable: its hold period ended, the merchant approved it, review cleared it with hold_days 0, ' +
      'or it was created approved (then without `previous_attributes`).',
    ex.rewardIn('approved', 'hold period over', pending),
    pending,
  ),
  'reward.adjusted': rewardChange(
    'A refund changed a reward\u2019s amounts but not its state: an unpaid reward shrank (`amount` down), or a paid ' +
      'one records `reversed_amount` (that money comes back as a new `adjustment` reward).',
    ex.adjustedReward,
    ex.exampleReward,
  ),
  'reward.voided': rewardChange(
    'A reward will not be paid: voided by the merchant, rejected in review, or refunded in full before payment ' +
      '(`amount` 0).',
    ex.rewardIn('voided', 'voided by the merchant'),
    ex.exampleReward,
  ),
  'reward.paid': rewardChange(
    'A reward was marked paid, or was created paid (the friend\u2019s discount at checkout, then without ' +
      '`previous_attributes`).',
    ex.rewardIn('paid', 'marked paid by the merchant'),
    ex.exampleReward,
  ),
  'redemption.created': {
    data: Redemption,
    description: 'A code was redeemed for an order (its conversion\u2019s events follow).',
    mirror: false,
    example: { data: ex.exampleRedemption },
  },
  'redemption.reversed': {
    data: Redemption,
    description: 'A redemption was reversed in part or in full (a refund); its conversion sends `conversion.refunded`.',
    mirror: false,
    example: { data: { ...ex.exampleRedemption, status: 'partially_reversed', reversed_amount: 4000 } },
  },
  'advocate.tier_changed': {
    data: TierChange,
    description: 'A rewarded conversion moved the advocate into another reward tier.',
    mirror: false,
    example: {
      data: {
        advocate_id: ex.exampleReward.advocate_id,
        program_id: ex.exampleReward.program_id,
        from_tier: null,
        to_tier: 'Gold',
        conversion_id: ex.exampleConversion.id,
      },
    },
  },
  'fraud.held': {
    data: FraudHold,
    description:
      'A conversion was held for fraud review (its rewards are `held`): POST /v1/conversions/{id}/review decides.',
    mirror: false,
    example: {
      data: { conversion_id: ex.exampleConversion.id, advocate_id: ex.exampleReward.advocate_id, risk: ex.heldRisk },
    },
  },
  'customer.erased': {
    data: CustomerErased,
    description:
      'A person\u2019s data was erased (DELETE /v1/customers/{id}, or Shopify\u2019s customers/redact): remove them ' +
      'from your copies of these records too. Ids only, never the person.',
    mirror: false,
    example: {
      data: {
        object: 'customer_erasure',
        erased_as: 'erased_5f1c0a9e2b7d4c3a8e6f1b2d9c0a7e4f',
        erased_at: '2026-12-09T16:05:00.000Z',
        advocate_ids: [],
        referral_ids: [ex.exampleReferral.id],
        conversion_ids: [ex.exampleConversion.id],
        redemption_ids: [],
      },
    },
  },
  'credit.changed': {
    data: CreditChange,
    description:
      'A customer\u2019s store credit changed: a `store_credit` reward approved (`grant`), voided or refunded ' +
      '(`revoke`), credit spent on an order (`spend`) or given back by its refund (`restore`).',
    mirror: false,
    example: {
      data: {
        object: 'credit_change',
        external_id: 'cus_8812',
        entry: {
          id: 'cre_01KBX0000000000000000000C1',
          object: 'credit_entry',
          kind: 'grant',
          amount: 1000,
          currency: 'USD',
          reference: ex.exampleReward.id,
          balance_after: 1000,
          owed: 0,
          created_at: '2026-12-09T16:05:00.000Z',
        },
      },
    },
  },
  'payout.created': {
    data: Payout,
    description:
      'Approved cash rewards of one advocate and currency were gathered into a payout (`POST /v1/payouts` or ' +
      'the program\u2019s schedule); its rewards stay `approved` until it is paid.',
    mirror: false,
    example: { data: ex.examplePayout },
  },
  'payout.paid': {
    data: Payout,
    previous: PayoutBefore,
    description: 'The provider paid the payout (or you marked a manual payout paid): its rewards are now `paid`.',
    mirror: false,
    example: { data: ex.paidPayout, previous_attributes: { status: 'processing' } },
  },
  'payout.failed': {
    data: Payout,
    previous: PayoutBefore,
    description:
      'The provider refused or returned the payout (`failure_reason` says why): its rewards are `approved` ' +
      'again and are gathered by the next payout.',
    mirror: false,
    example: { data: ex.failedPayout, previous_attributes: { status: 'processing' } },
  },
  'points.changed': {
    data: PointsChange,
    description:
      'A customer\u2019s points changed: a `points` reward approved (`earn`) or taken back (`revoke`), a catalog ' +
      'item redeemed (`redeem`, with the redemption: fulfil named items from it), a redemption cancelled ' +
      '(`restore`), or points expired (`expire`).',
    mirror: false,
    example: { data: ex.examplePointsChange },
  },
  'charity.statement': {
    data: CharityStatement,
    description:
      'Monthly, on the 1st (UTC): what your programs\u2019 `charity_donation` rewards approved last month add up ' +
      'to, per charity and currency: what to give to whom.',
    mirror: false,
    example: { data: ex.exampleCharityStatement },
  },
};

/** The delivered body of one event type (signed per Standard Webhooks). */
export function webhookEventSchema(type: WebhookEventType) {
  const spec = WEBHOOK_EVENTS[type];
  return z.strictObject({
    id: z.string().describe('`evt_…`, also the `webhook-id` header: deduplicate on it.'),
    type: z.literal(type),
    created_at: Timestamp,
    data: spec.data,
    // Absent when the event follows reward.created for a reward born in that state.
    ...(spec.previous ? { previous_attributes: spec.previous.optional() } : {}),
  });
}

/** A full example delivery of `type`, as the receiver gets it. */
export function webhookEventExample(type: WebhookEventType): Record<string, unknown> {
  const { example } = WEBHOOK_EVENTS[type];
  return { id: 'evt_01KBX0000000000000000000E1', type, created_at: '2026-12-09T16:05:00.000Z', ...example };
}

/**
 * The event types a receiver must subscribe to to mirror every reward and balance (docs/WEBHOOKS.md).
 * @public for receivers and their tests: the replay test subscribes to exactly these.
 */
export const MIRROR_EVENT_TYPES = WEBHOOK_EVENT_TYPES.filter((t) => WEBHOOK_EVENTS[t].mirror);
