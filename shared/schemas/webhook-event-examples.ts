import type { CharityStatement } from './charity.ts';
import type { Conversion, Referral } from './conversion.ts';
import type { Payout } from './payout.ts';
import type { PointsChange } from './points.ts';
import type { Redemption } from './redemption.ts';
import type { Reward } from './reward.ts';

// One consistent story for the documented examples: Alice's code ALICE15 credited for a 100.00 USD
// order; her 10.00 reward approved at once (hold_days 0), the friend's 15% paid as the discount.
const PROGRAM = 'prog_01KBX0000000000000000000P1';
const ADVOCATE = 'adv_01KBX0000000000000000000A1';
const CONVERSION = 'conv_01KBX0000000000000000000C1';
const REFERRAL = 'ref_01KBX0000000000000000000R1';
const AT = '2026-12-07T10:30:00.000Z';
const LATER = '2026-12-09T16:05:00.000Z';

export const exampleReward: Reward = {
  id: 'rwd_01KBX0000000000000000000W1',
  object: 'reward',
  livemode: false,
  kind: 'reward',
  recipient: 'advocate',
  program_id: PROGRAM,
  advocate_id: ADVOCATE,
  conversion_id: CONVERSION,
  referral_id: REFERRAL,
  code: 'ALICE15',
  type: 'fixed_amount',
  amount: 1000,
  original_amount: 1000,
  reversed_amount: 0,
  currency: 'USD',
  tier: null,
  status: 'approved',
  approve_after: null,
  fraud_signals: [],
  history: [{ status: 'approved', at: AT, note: 'no hold period' }],
  created_at: AT,
  updated_at: AT,
};

const friendReward: Reward = {
  ...exampleReward,
  id: 'rwd_01KBX0000000000000000000W2',
  recipient: 'friend',
  type: 'percent',
  amount: 1500,
  original_amount: 1500,
  status: 'paid',
  history: [{ status: 'paid', at: AT, note: 'applied as a discount at checkout' }],
};

/** A reward in `status` whose history ends with the move into it. */
export function rewardIn(status: Reward['status'], note: string, base: Reward = exampleReward): Reward {
  return { ...base, status, history: [...base.history, { status, at: LATER, note }], updated_at: LATER };
}

/** The reward after a refund of 40.00 of the order: 400 taken back while unpaid. */
export const adjustedReward: Reward = {
  ...exampleReward,
  amount: 600,
  reversed_amount: 400,
  history: [
    ...exampleReward.history,
    { status: 'approved', at: LATER, note: 'refund of 4000 of 10000 USD: reward reduced by 400' },
  ],
  updated_at: LATER,
};

export const exampleConversion: Conversion = {
  id: CONVERSION,
  object: 'conversion',
  livemode: false,
  attributed: true,
  type: 'sale',
  order_id: 'order-1042',
  customer_external_id: 'cust-88',
  amount: 10_000,
  currency: 'USD',
  program_id: PROGRAM,
  advocate_id: ADVOCATE,
  referral_id: REFERRAL,
  click_id: null,
  code: 'ALICE15',
  attribution: { source: 'code', model: 'last_click', reason: "The customer used the advocate's code ALICE15." },
  risk: { score: 0, decision: 'approve', signals: [] },
  status: 'approved',
  rewards: [exampleReward, friendReward],
  reward_note: null,
  refunded_amount: 0,
  recurring: null,
  occurred_at: AT,
  created_at: AT,
};

export const refundedConversion: Conversion = {
  ...exampleConversion,
  refunded_amount: 4000,
  rewards: [adjustedReward, { ...friendReward, reversed_amount: 600 }],
};

export const exampleReferral: Referral = {
  id: REFERRAL,
  object: 'referral',
  livemode: false,
  program_id: PROGRAM,
  advocate_id: ADVOCATE,
  customer_external_id: 'cust-88',
  conversion_ids: [CONVERSION],
  rewarded: true,
  created_at: AT,
};

export const exampleRedemption: Redemption = {
  id: 'red_01KBX0000000000000000000D1',
  object: 'redemption',
  livemode: false,
  code: 'ALICE15',
  program_id: PROGRAM,
  advocate_id: ADVOCATE,
  order_id: 'order-1042',
  order: { amount: 10_000, currency: 'USD' },
  discount: { type: 'percent', value: 15, amount_off: 1500 },
  status: 'redeemed',
  reversed_amount: 0,
  created_at: AT,
  updated_at: AT,
};

export const heldRisk: Conversion['risk'] = {
  score: 60,
  decision: 'hold',
  signals: [{ code: 'self_referral_email', weight: 60, message: "The customer's email matches the advocate's." }],
};

export const examplePayout: Payout = {
  id: 'po_01KBX0000000000000000000P1',
  object: 'payout',
  livemode: false,
  advocate_id: exampleReward.advocate_id,
  program_id: exampleReward.program_id,
  provider: 'paypal',
  status: 'pending',
  amount: 2500,
  currency: 'USD',
  reward_ids: [exampleReward.id],
  provider_reference: null,
  failure_reason: null,
  history: [{ status: 'pending', at: '2026-12-09T16:05:00.000Z', note: 'gathered by POST /v1/payouts' }],
  created_at: '2026-12-09T16:05:00.000Z',
  updated_at: '2026-12-09T16:05:00.000Z',
  paid_at: null,
};

export const paidPayout: Payout = {
  ...examplePayout,
  status: 'paid',
  provider_reference: 'PAYOUTBATCH5X2Q7',
  history: [
    ...examplePayout.history,
    { status: 'processing', at: '2026-12-09T16:05:01.000Z', note: 'accepted by PayPal' },
    { status: 'paid', at: '2026-12-09T16:20:00.000Z', note: 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED' },
  ],
  updated_at: '2026-12-09T16:20:00.000Z',
  paid_at: '2026-12-09T16:20:00.000Z',
};

export const failedPayout: Payout = {
  ...examplePayout,
  status: 'failed',
  provider_reference: 'PAYOUTBATCH5X2Q7',
  failure_reason: 'RECEIVER_UNREGISTERED: the receiver has no PayPal account',
  history: [
    ...examplePayout.history,
    { status: 'processing', at: '2026-12-09T16:05:01.000Z', note: 'accepted by PayPal' },
    { status: 'failed', at: '2026-12-09T16:20:00.000Z', note: 'PAYMENT.PAYOUTS-ITEM.FAILED' },
  ],
  updated_at: '2026-12-09T16:20:00.000Z',
};

export const examplePointsChange: PointsChange = {
  object: 'points_change',
  external_id: 'cus_8812',
  program_id: exampleReward.program_id,
  entry: {
    id: 'pte_01KBX0000000000000000000T1',
    object: 'points_entry',
    kind: 'earn',
    points: 500,
    reference: exampleReward.id,
    balance_after: 500,
    owed: 0,
    created_at: '2026-12-09T16:05:00.000Z',
  },
  redemption: null,
};

export const exampleCharityStatement: CharityStatement = {
  object: 'charity_statement',
  month: '2026-11',
  lines: [
    {
      program_id: exampleReward.program_id,
      charity_name: 'Ocean Cleanup',
      currency: 'USD',
      amount: 12000,
      rewards: 24,
    },
  ],
  settled_at: null,
  generated_at: '2026-12-01T00:00:00.000Z',
};
