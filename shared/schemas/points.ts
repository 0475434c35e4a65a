import * as z from 'zod';
import { listOf, PaginationQuery, Timestamp } from './common.ts';
import { Program } from './program.ts';
import { Identity } from './widget.ts';

/** One change of a customer's points. */
export const PointsEntry = z
  .object({
    id: z.string().describe('`pte_…`, time-sortable.'),
    object: z.literal('points_entry'),
    kind: z
      .enum(['earn', 'revoke', 'redeem', 'restore', 'expire'])
      .describe(
        '`earn`: a `points` reward approved; `revoke`: that reward voided or refunded after approval; `redeem`: ' +
          'spent on a catalog item; `restore`: that redemption cancelled; `expire`: unspent points past the ' +
          'program\u2019s `points.expire_after_days`.',
      ),
    points: z.number().int().describe('Signed change of the balance.'),
    reference: z.string().describe('The reward id (earn, revoke), the redemption id (redeem, restore), or the lot.'),
    balance_after: z.number().int().min(0),
    owed: z.number().int().min(0).describe('On a revoke: points already spent that could not be taken back.'),
    created_at: Timestamp,
  })
  .meta({ id: 'PointsEntry' });
export type PointsEntry = z.infer<typeof PointsEntry>;

export const PointsBalance = z
  .object({
    object: z.literal('points_balance'),
    external_id: z.string(),
    program_id: z.string(),
    balance: z.number().int().min(0),
    expiring: z
      .array(z.object({ points: z.number().int().min(1), expires_at: Timestamp }))
      .describe('Points that will expire, soonest first (empty when points never expire).'),
    ledger: listOf(PointsEntry).describe('Entries, newest first.'),
  })
  .meta({ id: 'PointsBalance' });
export type PointsBalance = z.infer<typeof PointsBalance>;

const ProgramIdField = z.string().trim().min(1).max(64).describe('The program whose points (`prog_…`).');

/** GET /v1/points/{external_id}: whose ledger, and a page of it. */
export const PointsQuery = PaginationQuery.extend({ program_id: ProgramIdField });

export const PointsRedeemBody = z.strictObject({
  program_id: ProgramIdField,
  item_id: z.string().max(40).describe('The catalog item\u2019s id.'),
  redemption_id: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .describe('Your id for this redemption: the same id again answers the same redemption.'),
});

export const PointsRedemption = z
  .object({
    id: z.string().describe('Your `redemption_id`.'),
    object: z.literal('points_redemption'),
    external_id: z.string(),
    program_id: z.string(),
    item_id: z.string(),
    item_name: z.string(),
    cost: z.number().int(),
    balance_after: z.number().int().min(0),
    given: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('reward_code'), code: z.string(), expires_at: Timestamp.nullable() }),
        z.object({ type: z.literal('store_credit'), amount: z.number().int(), currency: z.string() }),
        z.object({ type: z.literal('item'), name: z.string() }),
      ])
      .describe('What the customer got.'),
    created_at: Timestamp,
  })
  .meta({ id: 'PointsRedemption' });
export type PointsRedemption = z.infer<typeof PointsRedemption>;

/** A `points.changed` event's data. */
export const PointsChange = z
  .object({
    object: z.literal('points_change'),
    external_id: z.string(),
    program_id: z.string(),
    entry: PointsEntry,
    redemption: PointsRedemption.nullable().describe('On a `redeem`: what was redeemed (fulfil named items from it).'),
  })
  .meta({ id: 'PointsChange' });
export type PointsChange = z.infer<typeof PointsChange>;

/** A catalog item as the widget shows it (the program's `points.catalog`). */
const CatalogItem = Program.shape.points.shape.catalog.element;

/** POST /v1/public/points: the signed-in customer's points and the catalog. */
export const PublicPointsRequest = z.strictObject({
  identity: Identity,
  program_id: z.string().max(64).optional().describe('Default: the oldest running program.'),
});

export const PublicPoints = z
  .object({
    object: z.literal('public_points'),
    program_id: z.string(),
    balance: z.number().int().min(0),
    expiring: PointsBalance.shape.expiring,
    catalog: z.array(CatalogItem).describe('What the points buy, in the program\u2019s order.'),
    recent: z.array(PointsEntry).max(10).describe('The latest ledger entries, newest first (at most 10).'),
  })
  .meta({ id: 'PublicPoints' });
export type PublicPoints = z.infer<typeof PublicPoints>;

/** POST /v1/public/points/redeem: the signed-in customer redeems a catalog item. */
export const PublicPointsRedeem = z.strictObject({
  identity: Identity,
  program_id: z.string().max(64).optional().describe('Default: the oldest running program.'),
  item_id: PointsRedeemBody.shape.item_id,
  redemption_id: PointsRedeemBody.shape.redemption_id,
});
