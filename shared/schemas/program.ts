import * as z from 'zod';
import { Currency, DisplayText, Livemode, Metadata, MinorUnits, Timestamp } from './common.ts';
import { PayoutSettings } from './payout.ts';

export const ProgramStatus = z
  .enum(['draft', 'active', 'paused', 'ended'])
  .describe('Only `active` programs accept clicks and codes.');

// Kept exactly as sent (no silent normalisation): whitespace and control characters are errors.
const UrlString = z
  .string()
  .max(2048)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point (refused)
  .regex(/^[^\u0000-\u0020\u007F]+$/, 'Must not contain spaces or control characters.')
  .refine((v) => URL.canParse(v), 'Must be a valid absolute URL.');

const HttpUrl = UrlString.describe('An https URL on one of your allowed hosts.');

export const RefereeOffer = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('percent'), value: z.number().gt(0).max(100).describe('Percent off the order.') }),
    z.strictObject({ type: z.literal('fixed_amount'), value: MinorUnits.min(1), currency: Currency }),
    z.strictObject({ type: z.literal('free_shipping') }),
    z.strictObject({
      type: z.literal('free_product'),
      product_name: DisplayText(120),
      value: MinorUnits.optional(),
      currency: Currency.optional(),
    }),
    z.strictObject({ type: z.literal('trial_days'), value: z.number().int().min(1).max(365) }),
  ])
  .describe('What the referred friend gets.')
  .meta({ id: 'RefereeOffer' });
export type RefereeOffer = z.infer<typeof RefereeOffer>;

/**
 * The reward variants, each with `extra` fields: the program's reward takes `recurring`, a tier's
 * reward does not (a tier changes the amount; whether renewals earn is the program's setting).
 */
function rewardVariants<E extends z.core.$ZodLooseShape>(extra: E) {
  return [
    z.strictObject({ type: z.literal('fixed_amount'), value: MinorUnits.min(1), currency: Currency, ...extra }),
    z.strictObject({
      type: z.literal('percent_of_order'),
      value: z.number().gt(0).max(100),
      currency: Currency,
      max_amount: MinorUnits.min(1).optional().describe('Cap per reward, minor units.'),
      ...extra,
    }),
    z.strictObject({ type: z.literal('points'), value: z.number().int().min(1).max(10_000_000), ...extra }),
    z.strictObject({ type: z.literal('store_credit'), value: MinorUnits.min(1), currency: Currency, ...extra }),
    z.strictObject({ type: z.literal('gift_card'), value: MinorUnits.min(1), currency: Currency, ...extra }),
    z.strictObject({
      type: z.literal('charity_donation'),
      value: MinorUnits.min(1),
      currency: Currency,
      charity_name: DisplayText(120),
      ...extra,
    }),
    z.strictObject({
      type: z.literal('reward_code'),
      discount: z
        .enum(['percent', 'fixed_amount'])
        .describe('`percent`: `value` percent off; `fixed_amount`: `value` minor units of `currency` off.'),
      value: z.number().int().min(1).max(1_000_000_000_00).describe('Percent (1-100) or minor units.'),
      currency: Currency.describe('The currency of the code\u2019s order (and of a fixed discount).'),
      expires_in_days: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .nullable()
        .describe('The code expires this many days after it is issued; null: never.'),
      ...extra,
    }),
  ] as const;
}

const RecurringReward = z
  .strictObject({
    months: z
      .number()
      .int()
      .min(1)
      .max(120)
      .nullable()
      .describe(
        'Renewals whose billing period starts within this many calendar months of the subscription\u2019s first ' +
          'payment earn a reward (12 on a monthly plan: renewals 1 to 12); null: every renewal, for the life of ' +
          'the subscription.',
      ),
  })
  .describe(
    'Recurring commissions: each renewal of a referred customer\u2019s subscription earns the advocate this ' +
      'reward (or their tier\u2019s), with the same hold period, fraud checks and monthly cap as a first sale. ' +
      'Absent: only the first sale is rewarded.',
  )
  .meta({ id: 'RecurringReward' });

/** A tier's reward: the plain reward (its amount applies to renewals too). */
const TierReward = z
  .discriminatedUnion('type', rewardVariants({}))
  .describe('What the advocate earns per successful referral in this tier.')
  .meta({ id: 'TierReward' });

export const ReferrerReward = z
  .discriminatedUnion('type', rewardVariants({ recurring: RecurringReward.optional() }))
  .describe('What the advocate earns per successful referral.')
  .meta({ id: 'ReferrerReward' });
export type ReferrerReward = z.infer<typeof ReferrerReward>;

const RewardTier = z
  .strictObject({
    from_conversions: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .describe('Applies once the advocate has this many conversions.'),
    label: DisplayText(40).describe('e.g. Silver, Gold.'),
    reward: TierReward,
  })
  .meta({ id: 'RewardTier' });

// Settings objects are declared without defaults (so a PATCH of one field changes only that
// field) and get their defaults in the create schema below.
const Attribution = z.strictObject({
  window_days: z.number().int().min(1).max(365).describe('How long a click can be credited.'),
  model: z.enum(['first_click', 'last_click']),
});

const Limits = z.strictObject({
  code_max_uses: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .nullable()
    .describe('Total redemptions per code; null = unlimited.'),
  one_redemption_per_customer: z.boolean(),
  new_customers_only: z.boolean(),
  min_order_amount: MinorUnits.nullable().describe('Minimum order, minor units of the order currency.'),
  max_rewards_per_advocate_per_month: z.number().int().min(1).max(100_000).nullable(),
});

const LocaleTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Must be a BCP 47 language tag such as en or pt-BR.');

const WidgetCopy = z.strictObject({
  headline: DisplayText(120).optional(),
  description: DisplayText(600, { multiline: true }).optional(),
  terms: DisplayText(2000, { multiline: true }).optional(),
});

export const WidgetSettings = z.strictObject({
  copy: z
    .record(LocaleTag, WidgetCopy)
    .refine((r) => Object.keys(r).length <= 40, { message: 'At most 40 locales.' })
    .describe('Headline/description/terms overrides per locale.'),
  brand_color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Must be a hex colour like #5b3df5.'),
  position: z.enum(['bottom-right', 'bottom-left']),
  theme: z.enum(['light', 'dark', 'auto']),
});

/** A referral contest: the leaderboard's default window, entries counted from conversions (never clicks). */
const Contest = z
  .strictObject({
    name: DisplayText(80),
    prize: DisplayText(200).describe('What the winner gets, shown to advocates.'),
    starts_at: Timestamp,
    ends_at: Timestamp,
    by: z
      .enum(['conversions', 'revenue'])
      .describe('What ranks the entries: attributed conversions or referred revenue.'),
  })
  .refine((c) => Date.parse(c.ends_at) > Date.parse(c.starts_at), {
    message: 'ends_at must be after starts_at.',
    path: ['ends_at'],
  })
  .describe('A contest window and prize; null for none.');
export type Contest = z.infer<typeof Contest>;

/** What a catalog item gives for its points. */
const CatalogReward = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('reward_code'),
      discount: z.enum(['percent', 'fixed_amount']),
      value: z.number().int().min(1).max(1_000_000_000_00),
      currency: Currency,
      expires_in_days: z.number().int().min(1).max(3650).nullable(),
    }),
    z.strictObject({ type: z.literal('store_credit'), value: MinorUnits.min(1), currency: Currency }),
    z.strictObject({
      type: z.literal('item'),
      name: DisplayText(120).describe('A named item you fulfil (a webhook tells you to).'),
    }),
  ])
  .describe('What redeeming the item gives: a single-use reward code, store credit, or a named item you fulfil.');

const CatalogItem = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, 'Lowercase letters, digits, `_` and `-`, at most 40.')
      .describe('Your id for the item, used to redeem it.'),
    name: DisplayText(120),
    cost: z.number().int().min(1).max(10_000_000).describe('Points it costs.'),
    reward: CatalogReward,
  })
  .meta({ id: 'PointsCatalogItem' });

const PointsSettings = z
  .strictObject({
    catalog: z
      .array(CatalogItem)
      .max(50)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, {
        message: 'Each catalog item needs a different id.',
      }),
    expire_after_days: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .nullable()
      .describe('Points expire this many days after they were earned (oldest spent first); null: never.'),
  })
  .describe('The points catalog (`points` rewards credit a ledger; customers redeem items from it) and expiry.')
  .meta({ id: 'PointsSettings' });

const AttributionInput = z.strictObject({
  window_days: Attribution.shape.window_days.default(30),
  model: Attribution.shape.model.default('last_click'),
});
const LimitsInput = z.strictObject({
  code_max_uses: Limits.shape.code_max_uses.default(null),
  one_redemption_per_customer: Limits.shape.one_redemption_per_customer.default(true),
  new_customers_only: Limits.shape.new_customers_only.default(false),
  min_order_amount: Limits.shape.min_order_amount.default(null),
  max_rewards_per_advocate_per_month: Limits.shape.max_rewards_per_advocate_per_month.default(null),
});
const WidgetSettingsInput = z.strictObject({
  copy: WidgetSettings.shape.copy.default({}),
  brand_color: WidgetSettings.shape.brand_color.default('#5b3df5'),
  position: WidgetSettings.shape.position.default('bottom-right'),
  theme: WidgetSettings.shape.theme.default('auto'),
});

const ProgramFields = {
  name: DisplayText(120),
  status: ProgramStatus,
  starts_at: Timestamp.nullable().describe('Before this time the program is not yet running.'),
  ends_at: Timestamp.nullable().describe('After this time the program has ended.'),
  destination_url: HttpUrl.describe('Where referral links send friends. Must be on your allowed hosts.'),
  fallback_url: HttpUrl.nullable().describe('Where dead or expired links send visitors.'),
  og_image_url: UrlString.refine((u) => u.startsWith('https://'), 'Must be an https URL.')
    .nullable()
    .describe('Image shown when a referral link is shared in Slack, WhatsApp, X and others (1200x630 works best).'),
  referee_offer: RefereeOffer,
  referrer_reward: ReferrerReward,
  reward_tiers: z.array(RewardTier).max(10),
  attribution: Attribution,
  hold_days: z.number().int().min(0).max(365).describe('Days a reward stays pending before approval (refund window).'),
  limits: Limits,
  fraud_strictness: z.enum(['relaxed', 'moderate', 'strict']),
  widget: WidgetSettings,
  contest: Contest.nullable(),
  payouts: PayoutSettings,
  points: PointsSettings,
  metadata: Metadata,
};

function checkDatesAndTiers(
  p: { starts_at?: string | null; ends_at?: string | null; reward_tiers?: { from_conversions: number }[] },
  ctx: z.RefinementCtx,
) {
  if (p.starts_at && p.ends_at && Date.parse(p.ends_at) <= Date.parse(p.starts_at)) {
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'ends_at must be after starts_at.' });
  }
  const froms = (p.reward_tiers ?? []).map((t) => t.from_conversions);
  if (new Set(froms).size !== froms.length) {
    ctx.addIssue({ code: 'custom', path: ['reward_tiers'], message: 'Each tier needs a different from_conversions.' });
  }
}

/** Settings of programs stored before payouts and points existed read as these. */
export const DEFAULT_PAYOUTS: PayoutSettings = { minimum_amount: 0, hold_days: 0, schedule: 'manual' };
export const DEFAULT_POINTS: z.infer<typeof PointsSettings> = { catalog: [], expire_after_days: null };

export const ProgramCreate = z
  .strictObject({
    ...ProgramFields,
    status: ProgramStatus.default('draft'),
    starts_at: ProgramFields.starts_at.default(null),
    ends_at: ProgramFields.ends_at.default(null),
    fallback_url: ProgramFields.fallback_url.default(null),
    og_image_url: ProgramFields.og_image_url.default(null),
    reward_tiers: ProgramFields.reward_tiers.default([]),
    attribution: AttributionInput.default({ window_days: 30, model: 'last_click' }),
    hold_days: ProgramFields.hold_days.default(30),
    limits: LimitsInput.default({
      code_max_uses: null,
      one_redemption_per_customer: true,
      new_customers_only: false,
      min_order_amount: null,
      max_rewards_per_advocate_per_month: null,
    }),
    fraud_strictness: ProgramFields.fraud_strictness.default('moderate'),
    widget: WidgetSettingsInput.default({ copy: {}, brand_color: '#5b3df5', position: 'bottom-right', theme: 'auto' }),
    contest: ProgramFields.contest.default(null),
    payouts: PayoutSettings.default(DEFAULT_PAYOUTS),
    points: PointsSettings.default(DEFAULT_POINTS),
    metadata: Metadata.default({}),
  })
  .superRefine(checkDatesAndTiers);
export type ProgramCreate = z.infer<typeof ProgramCreate>;

/** PATCH: any subset. Nested settings objects are merged one level deep; offers and tiers are replaced. */
export const ProgramUpdate = z
  .strictObject({
    name: ProgramFields.name,
    status: ProgramStatus,
    starts_at: ProgramFields.starts_at,
    ends_at: ProgramFields.ends_at,
    destination_url: ProgramFields.destination_url,
    fallback_url: ProgramFields.fallback_url,
    og_image_url: ProgramFields.og_image_url,
    referee_offer: RefereeOffer,
    referrer_reward: ReferrerReward,
    reward_tiers: ProgramFields.reward_tiers,
    attribution: Attribution.partial(),
    hold_days: ProgramFields.hold_days,
    limits: Limits.partial(),
    fraud_strictness: ProgramFields.fraud_strictness,
    widget: WidgetSettings.partial(),
    contest: ProgramFields.contest,
    payouts: PayoutSettings.partial(),
    points: PointsSettings.partial(),
    metadata: Metadata,
  })
  .partial()
  .superRefine(checkDatesAndTiers)
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one field to change.' });
export type ProgramUpdate = z.infer<typeof ProgramUpdate>;

export const Program = z
  .object({
    id: z.string().describe('`prog_...`'),
    object: z.literal('program'),
    livemode: Livemode,
    ...ProgramFields,
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Program' });
export type Program = z.infer<typeof Program>;
