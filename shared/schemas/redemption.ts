import * as z from 'zod';
import { Currency, Livemode, MinorUnits, Timestamp } from './common.ts';

const Customer = z
  .strictObject({
    external_id: z.string().trim().min(1).max(128).optional().describe('Your customer id.'),
    email: z.email().max(254).optional(),
  })
  .refine((c) => c.external_id !== undefined || c.email !== undefined, { message: 'Send external_id or email.' })
  .describe('Who is buying: at least one of external_id and email.');

const Order = z.strictObject({
  amount: MinorUnits.describe('Order total before the discount, minor units.'),
  currency: Currency,
});

export const RejectionCode = z
  .enum([
    'code_not_found',
    'code_disabled',
    'code_expired',
    'advocate_suspended',
    'program_inactive',
    'program_not_started',
    'program_ended',
    'usage_limit_reached',
    'already_redeemed_by_customer',
    'self_referral',
    'not_new_customer',
    'min_order_not_met',
    'currency_mismatch',
    'reservation_not_found',
  ])
  .describe('Why a code cannot be used.');
export type RejectionCode = z.infer<typeof RejectionCode>;

export const Discount = z.object({
  type: z.enum(['percent', 'fixed_amount', 'free_shipping', 'free_product', 'trial_days']),
  value: z.number().nullable(),
  amount_off: z.number().int().describe('Minor units taken off this order (0 for shipping, product and trial offers).'),
});

export const ValidateCode = z.strictObject({
  customer: Customer,
  order: Order,
  reserve: z
    .strictObject({ ttl_seconds: z.number().int().min(1).max(3600) })
    .optional()
    .describe('Hold one use for this customer.'),
});

export const Validation = z
  .union([
    z.object({
      valid: z.literal(true),
      code: z.string(),
      program_id: z.string(),
      discount: Discount,
      reservation: z.object({ id: z.string(), expires_at: Timestamp }).optional(),
    }),
    z.object({
      valid: z.literal(false),
      code: z.string(),
      reason: z.object({ code: RejectionCode, message: z.string() }),
    }),
  ])
  .meta({ id: 'Validation' });
export type Validation = z.infer<typeof Validation>;

export const RedemptionCreate = z.strictObject({
  code: z.string().max(64),
  order_id: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .describe('Your order id: redeeming the same order again returns the same redemption.'),
  customer: Customer,
  order: Order,
  reservation_id: z.string().max(64).optional(),
});

export const Redemption = z
  .object({
    id: z.string().describe('`red_…`'),
    object: z.literal('redemption'),
    livemode: Livemode,
    code: z.string(),
    program_id: z.string(),
    advocate_id: z.string(),
    order_id: z.string(),
    order: z.object({ amount: z.number().int(), currency: z.string() }),
    discount: Discount,
    status: z.enum(['redeemed', 'partially_reversed', 'reversed']),
    reversed_amount: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Redemption' });
export type Redemption = z.infer<typeof Redemption>;

export const RedemptionReverse = z.strictObject({
  amount: MinorUnits.min(1).optional().describe('Refunded part of the order; omit for a full reversal.'),
});
