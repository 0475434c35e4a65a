import {
  PointsBalance,
  PointsQuery,
  PointsRedeemBody,
  PointsRedemption,
  PublicPoints,
  PublicPointsRedeem,
  PublicPointsRequest,
} from '../schemas/points.ts';
import type { RouteSpec } from './routes.ts';

const ExternalId = 'Your customer id (1-128 characters), URL-encoded: the advocate\u2019s `external_id`.';
const REDEEM_RULES =
  'Idempotent on `redemption_id`: the same id again answers the same redemption (and finishes giving it when a ' +
  'failure interrupted it: the points are never taken twice nor the item given twice). Exact under any ' +
  'concurrency: the balance never goes below zero. Points are spent oldest first. Not enough points: 409 ' +
  '`insufficient_points`, nothing taken; an item not in the catalog: 404 `item_not_found`. A `store_credit` ' +
  'item credits the customer\u2019s store credit, a `reward_code` item issues a single-use code, an `item` is ' +
  'for you to fulfil: the `points.changed` event (kind `redeem`) carries the redemption.';

/** Points ledgers and catalog redemptions (issue 16). */
export const POINTS_ROUTES = [
  {
    method: 'get',
    path: '/v1/points/{external_id}',
    operationId: 'getPoints',
    tag: 'Points',
    auth: 'secret',
    summary: 'Get a customer\u2019s points in a program',
    description:
      'The balance, the points due to expire (soonest first) and the ledger, newest first, paged with ' +
      '`starting_after`. Points past the program\u2019s `points.expire_after_days` are expired first (an `expire` ' +
      'entry each). A customer with no points gets 0 and an empty ledger.',
    params: { external_id: ExternalId },
    query: PointsQuery,
    response: { status: 200, description: 'Balance and a page of the ledger.', schema: PointsBalance },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/points/{external_id}/redeem',
    operationId: 'redeemPoints',
    tag: 'Points',
    auth: 'secret',
    summary: 'Redeem points for a catalog item',
    description:
      'Spends the item\u2019s cost from the customer\u2019s points in the program named by `program_id` ' +
      `(in the body). ${REDEEM_RULES}`,
    params: { external_id: ExternalId },
    body: PointsRedeemBody,
    response: { status: 200, description: 'The redemption and what it gave.', schema: PointsRedemption },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/public/points',
    operationId: 'getWidgetPoints',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'The signed-in customer\u2019s points and the catalog',
    description:
      'For an identity your server signed (or a widget token), as for `/v1/public/session`: the customer\u2019s ' +
      'points in the program (the oldest running one when none is named), what expires soon, the latest entries ' +
      'and the catalog. A bad identity is a 401 that reveals nothing. Merchant\u2019s allowed origins only.',
    body: PublicPointsRequest,
    response: { status: 200, description: 'Balance and catalog.', schema: PublicPoints },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/public/points/redeem',
    operationId: 'redeemWidgetPoints',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'The signed-in customer redeems points',
    description: `For a signed identity, as \`POST /v1/points/{external_id}/redeem\`. ${REDEEM_RULES}`,
    body: PublicPointsRedeem,
    response: { status: 200, description: 'The redemption and what it gave.', schema: PointsRedemption },
    errors: [403, 404, 409],
  },
] as const satisfies readonly RouteSpec[];
