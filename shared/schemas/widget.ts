import * as z from 'zod';
import { MAX_CLICK_ID_LENGTH } from '../ids.ts';
import { Currency, DisplayText, MinorUnits, Timestamp } from './common.ts';

/**
 * The widget's contract with the Worker (publishable key, the merchant's origins only). A
 * publishable key alone reveals nothing about any customer: advocate data needs an identity the
 * merchant's server signed (HMAC with the widget secret) or a short-lived widget token.
 */

/** What the merchant's server computes: hex HMAC-SHA256(widget secret, `${customer_id}.${timestamp}`). */
const SignedIdentity = z
  .strictObject({
    customer_id: z.string().trim().min(1).max(128).describe('Your customer id (the advocate\u2019s external_id).'),
    timestamp: z.number().int().positive().describe('Unix seconds when your server signed it; accepted for 24 h.'),
    signature: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'Must be the hex HMAC-SHA256 of `customer_id.timestamp` with your widget secret.'),
    email: z.email().max(254).optional(),
    name: DisplayText(120).optional(),
  })
  .describe('A customer identity signed by the merchant\u2019s server.');

const TokenIdentity = z.strictObject({
  token: z
    .string()
    .regex(/^wtk_[A-Za-z0-9_-]{20,200}$/, 'Must be a widget token from POST /v1/widget_tokens.')
    .describe('A short-lived token your server got from `POST /v1/widget_tokens`.'),
});

export const Identity = z.union([SignedIdentity, TokenIdentity]);
export type Identity = z.infer<typeof Identity>;

/** POST /v1/widget_tokens (secret key): a 1-hour token for one customer, instead of signing. */
export const WidgetTokenCreate = z.strictObject({
  customer_id: SignedIdentity.shape.customer_id,
  email: z.email().max(254).optional(),
  name: DisplayText(120).optional(),
});
export const WidgetToken = z
  .object({
    object: z.literal('widget_token'),
    token: z.string(),
    expires_at: Timestamp,
  })
  .meta({ id: 'WidgetToken' });
export type WidgetToken = z.infer<typeof WidgetToken>;

/**
 * POST /v1/widget_secret/roll body. Rolling breaks every signature made with the old secret, so
 * the call says so explicitly (an empty POST must not silently break a live widget).
 */
export const WidgetSecretRoll = z.strictObject({
  revoke_previous: z.literal(true).describe('Required, `true`: the previous secret stops working at once.'),
});

/** POST /v1/widget_secret/roll (secret key): the signing secret, shown once. */
export const WidgetSecret = z
  .object({
    object: z.literal('widget_secret'),
    secret: z.string().describe('`wsec_…`: keep it on your server; the previous one stops working.'),
    created_at: Timestamp,
  })
  .meta({ id: 'WidgetSecret' });
export type WidgetSecret = z.infer<typeof WidgetSecret>;

export const AdvocateStats = z.object({
  clicks: z.number().int().describe('Human clicks on the advocate\u2019s links (bots not counted).'),
  friends_joined: z.number().int().describe('Referred customers (referrals).'),
  rewards_pending: z.number().int().describe('Pending and held rewards, minor units of `currency` (or points).'),
  rewards_earned: z.number().int().describe('Approved and paid rewards.'),
  unit: z.string().describe('The currency code of the amounts, or `points`.'),
  tier: z.string().nullable(),
  next_tier: z.object({ label: z.string(), conversions_needed: z.number().int() }).nullable(),
});

/** POST /v1/public/session: the identified customer's advocate view for one program. */
export const SessionCreate = z.strictObject({
  identity: Identity,
  program_id: z.string().max(64).optional().describe('Default: the oldest running program.'),
  enroll: z.boolean().optional().describe('Enroll the customer as an advocate when they are not one yet.'),
});
export type SessionCreate = z.infer<typeof SessionCreate>;

export const Session = z
  .object({
    object: z.literal('session'),
    program_id: z.string(),
    enrolled: z.boolean(),
    advocate: z
      .object({
        id: z.string(),
        first_name: z.string().nullable(),
        code: z.string(),
        link: z.string().describe('The share link (`/r/{code}` on the link domain when the merchant has one).'),
        stats: AdvocateStats,
      })
      .nullable()
      .describe('Null when not enrolled (send `enroll: true` to join).'),
  })
  .meta({ id: 'WidgetSession' });
export type Session = z.infer<typeof Session>;

/** POST /v1/public/enroll: an anonymous visitor joins with an email (rate limited per IP and email). */
export const EmailEnroll = z.strictObject({
  email: z.email().max(254),
  program_id: z.string().max(64).optional(),
  name: DisplayText(120).optional(),
});
export const EmailEnrollment = z
  .object({
    object: z.literal('enrollment'),
    status: z
      .enum(['enrolled', 'already_enrolled'])
      .describe('`already_enrolled` reveals no code: the advocate signs in to see it.'),
    code: z.string().nullable(),
    link: z.string().nullable(),
  })
  .meta({ id: 'EmailEnrollment' });
export type EmailEnrollment = z.infer<typeof EmailEnrollment>;

const WidgetEventType = z.enum(['impression', 'open', 'copy', 'share', 'greeting_shown', 'purchase_prompt_shown']);
const ShareChannel = z.enum([
  'native',
  'whatsapp',
  'telegram',
  'x',
  'facebook',
  'linkedin',
  'email',
  'sms',
  'qr',
  'copy',
]);

/** POST /v1/public/events (sendBeacon-friendly: text/plain JSON, key in `?key=`). */
export const WidgetEvents = z.strictObject({
  events: z
    .array(
      z.strictObject({
        type: WidgetEventType,
        program_id: z.string().max(64),
        channel: ShareChannel.optional().describe('For `share` and `copy`.'),
        at: Timestamp.optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type WidgetEvents = z.infer<typeof WidgetEvents>;

export const WidgetEventsAccepted = z.object({
  object: z.literal('widget_events'),
  received: z
    .number()
    .int()
    .describe('Events taken; those naming another merchant\u2019s or an unknown program are counted nowhere.'),
});
export type WidgetEventsAccepted = z.infer<typeof WidgetEventsAccepted>;

/** POST /v1/public/conversion_hints: the thank-you page's report, marked unverified. */
export const ConversionHint = z.strictObject({
  order_id: z.string().trim().min(1).max(128),
  amount: MinorUnits.optional(),
  currency: Currency.optional(),
  click_id: z.string().max(MAX_CLICK_ID_LENGTH).optional(),
  code: z.string().max(64).optional(),
});
export type ConversionHint = z.infer<typeof ConversionHint>;
export const ConversionHintAccepted = z.object({
  object: z.literal('conversion_hint'),
  verified: z.literal(false).describe('Only the server API (POST /v1/conversions) confirms money.'),
  accepted: z.boolean().describe('`false`: this order was hinted before; the first hint stands.'),
});
export type ConversionHintAccepted = z.infer<typeof ConversionHintAccepted>;
