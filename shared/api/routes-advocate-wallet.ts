import * as z from 'zod';
import { Currency, Timestamp } from '../schemas/common.ts';
import { PayoutProvider, PayoutStatus } from '../schemas/payout.ts';
import { Identity } from '../schemas/widget.ts';
import type { RouteSpec } from './routes.ts';

/** POST /v1/public/wallet: the same signed identity as the session's. */
export const AdvocateWalletRequest = z.strictObject({
  identity: Identity,
  program_id: z.string().max(64).optional().describe('Default: the oldest running program.'),
});

const WalletPayout = z.object({
  id: z.string(),
  amount: z.number().int().describe('Minor units of `currency`.'),
  currency: Currency,
  status: PayoutStatus,
  created_at: Timestamp,
  paid_at: Timestamp.nullable(),
});

const WalletRewardCode = z.object({
  code: z.string(),
  reward_id: z.string(),
  discount: z
    .object({ type: z.enum(['percent', 'fixed_amount']), value: z.number().int(), currency: Currency.nullable() })
    .describe('`percent`: `value` percent off; `fixed_amount`: `value` minor units of `currency` off.'),
  expires_at: Timestamp.nullable(),
  used: z.boolean().describe('Redeemed at checkout already (codes are single-use).'),
});

const WalletPoints = z
  .object({
    balance: z.number().int().min(0),
    catalog: z.array(z.object({ id: z.string(), name: z.string(), cost: z.number().int() })),
  })
  .nullable()
  .describe('Null when the program has no points (no `points` reward and an empty catalog).');

const WalletPayoutDetails = z.object({
  method: PayoutProvider.nullable(),
  paypal_email: z.string().nullable().describe('Masked, e.g. `a***e@example.com`.'),
  stripe_onboarding_complete: z.boolean(),
});

/** What an advocate sees of their rewards: paid out history, reward codes, points, payout details. */
export const AdvocateWallet = z
  .object({
    object: z.literal('advocate_wallet'),
    program_id: z.string(),
    advocate_id: z.string(),
    payouts: z.array(WalletPayout).describe('Newest first, at most 50.'),
    reward_codes: z.array(WalletRewardCode).describe('Issued reward codes, newest first, at most 50.'),
    points: WalletPoints,
    payout_details: WalletPayoutDetails.describe('How this advocate is paid (method null until they give details).'),
  })
  .meta({ id: 'AdvocateWallet' });
export type AdvocateWallet = z.infer<typeof AdvocateWallet>;

const WALLET_DESCRIPTION =
  'Paid-out history (payouts: amount, currency, status, paid_at), reward codes (code, discount, expiry, used), ' +
  'the points balance and catalog when the program has points, and a summary of the payout details (method, ' +
  'masked PayPal email). Read only; nothing secret.';

/**
 * What advocates see of their rewards in the widget and the extension: paid-out history, reward codes,
 * points, payout details (issue 16).
 */
export const ADVOCATE_WALLET_ROUTES = [
  {
    method: 'post',
    path: '/v1/public/wallet',
    operationId: 'getWidgetWallet',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'The signed-in advocate\u2019s rewards',
    description:
      `${WALLET_DESCRIPTION} For an identity your server signed (or a widget token), like the session: a ` +
      'missing, wrong or stale identity is a 401 that reveals nothing; a customer who is not an advocate of the ' +
      'program is a 404 `not_enrolled`. Merchant\u2019s allowed origins only.',
    body: AdvocateWalletRequest,
    response: { status: 200, description: 'The wallet.', schema: AdvocateWallet },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/extension/wallet/rewards',
    operationId: 'getExtensionWalletRewards',
    tag: 'Extension',
    auth: 'advocate',
    summary: 'The rewards of an advocate token',
    description:
      `${WALLET_DESCRIPTION} Beside \`GET /v1/extension/wallet\` (unchanged). Revoked or unknown token: 401 ` +
      '`invalid_advocate_token`; suspended advocate: 403 `advocate_suspended`.',
    response: { status: 200, description: 'The wallet.', schema: AdvocateWallet },
    errors: [403],
  },
] as const satisfies readonly RouteSpec[];
