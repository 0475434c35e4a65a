import * as z from 'zod';
import { Timestamp } from './common.ts';
import { RefereeOffer, ReferrerReward } from './program.ts';
import { AdvocateStats, Identity } from './widget.ts';

/**
 * The advocate browser extension's contract with the Worker (issue 7).
 *
 * Pairing is device-flow style: the extension starts a pairing and shows its `user_code`; the
 * advocate types that code into the widget panel while identified on the merchant's site (or the
 * merchant's server issues a pairing link); the extension's poll then receives an advocate token
 * (`vat_…`) scoped to that one advocate. Tokens are stored hashed, revocable, and only ever held by
 * the extension's background (never by a page or a content script).
 */

/** 8 Crockford base32 characters shown as `ABCD-EFGH`; typed case-insensitively, with or without the dash. */
export const USER_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}$/i;
const UserCode = z
  .string()
  .trim()
  .regex(USER_CODE_PATTERN, 'Must be the 8-character code the extension shows, like ABCD-EFGH.')
  .describe('The code the extension shows, like `ABCD-EFGH`.');

/**
 * A user code as stored and compared: upper case, no dash or spaces, and the Crockford look-alikes
 * read as the digits they stand for (I and L as 1, O as 0), so a code typed from memory still matches.
 */
export function normalizeUserCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

const DeviceCode = z
  .string()
  .regex(/^vdc_[A-Za-z0-9_-]{32,64}$/, 'Must be the `device_code` from POST /v1/extension/pairings.');
export const AdvocateTokenValue = z
  .string()
  .regex(/^vat_[A-Za-z0-9_-]{32,64}$/, 'Must be an advocate token (`vat_…`).');
export const PairingLinkToken = z
  .string()
  .regex(/^vpl_[A-Za-z0-9_-]{32,64}$/, 'Must be the token of a pairing link (`vpl_…`).');

/** POST /v1/extension/pairings (no key; rate limited per IP): start a pairing. */
export const PairingStart = z.strictObject({
  client: z.enum(['chrome', 'firefox', 'other']).default('other').describe('Shown to the advocate when they confirm.'),
});
export type PairingStart = z.infer<typeof PairingStart>;

export const Pairing = z
  .object({
    object: z.literal('pairing'),
    device_code: z.string().describe('Secret: the extension polls with it. Never shown to the user.'),
    user_code: z.string().describe('Shown by the extension; the advocate confirms it in the widget panel.'),
    expires_at: Timestamp.describe('10 minutes after the start; the code is single-use.'),
    interval: z.number().int().describe('Seconds to wait between polls.'),
  })
  .meta({ id: 'Pairing' });
export type Pairing = z.infer<typeof Pairing>;

/** POST /v1/public/pairings/confirm (publishable key + a signed identity): the widget confirms a code. */
export const PairingConfirm = z.strictObject({
  identity: Identity,
  user_code: UserCode,
  program_id: z.string().max(64).optional().describe('Default: the oldest running program.'),
});
export type PairingConfirm = z.infer<typeof PairingConfirm>;

export const PairingConfirmation = z.object({
  object: z.literal('pairing_confirmation'),
  status: z.literal('confirmed'),
  client: z.enum(['chrome', 'firefox', 'other']),
});
export type PairingConfirmation = z.infer<typeof PairingConfirmation>;

/** POST /v1/advocates/{id}/pairing_links (secret key): a single-use link the merchant sends the advocate. */
export const PairingLinkCreate = z.strictObject({
  program_id: z.string().max(64).optional().describe('Default: the advocate\u2019s program.'),
});
export const PairingLink = z
  .object({
    object: z.literal('pairing_link'),
    url: z.string().describe('Open it in a browser with the extension, or paste it into the extension.'),
    token: z.string().describe('`vpl_…`, single use, the part after `#` in `url`.'),
    expires_at: Timestamp.describe('24 hours after creation.'),
  })
  .meta({ id: 'PairingLink' });
export type PairingLink = z.infer<typeof PairingLink>;

/** POST /v1/extension/tokens (no key): exchange a confirmed pairing or a pairing link for a token. */
export const TokenExchange = z
  .union([z.strictObject({ device_code: DeviceCode }), z.strictObject({ pairing_link: PairingLinkToken })])
  // `type` for JSON Schema readers (OpenAPI) that look at it before `anyOf`; the type is unchanged.
  .meta({
    type: 'object',
    description: 'Either `{device_code}` of a pairing or `{pairing_link}`, the `vpl_…` of a pairing link.',
  });
export type TokenExchange = z.infer<typeof TokenExchange>;

/**
 * DELETE /v1/extension/tokens/current (the token itself) and DELETE /v1/advocates/{id}/extension_tokens (secret key).
 */
export const AdvocateTokensRevoked = z.object({
  object: z.literal('advocate_token_revocation'),
  revoked: z
    .number()
    .int()
    .describe('Tokens revoked by this call: 0 when they were already revoked (revoking again is not an error).'),
});
export type AdvocateTokensRevoked = z.infer<typeof AdvocateTokensRevoked>;

/** What a wallet entry shows: one advocate of one merchant's program. */
export const WalletEntry = z
  .object({
    object: z.literal('wallet_entry'),
    merchant: z.object({
      name: z.string(),
      sites: z
        .array(z.string())
        .describe(
          'Origins of the merchant\u2019s site (its allowed widget origins and ' +
            'destination hosts): the badge and deep links use them.',
        ),
    }),
    program: z.object({
      id: z.string(),
      name: z.string(),
      referee_offer: RefereeOffer,
      referrer_reward: ReferrerReward,
    }),
    advocate: z.object({
      id: z.string(),
      first_name: z.string().nullable(),
      code: z.string(),
      link: z.string().describe('The share link; a deep link appends the page path: `{link}/{path}`.'),
      stats: AdvocateStats,
    }),
    livemode: z.boolean(),
    fetched_at: Timestamp,
  })
  .meta({ id: 'WalletEntry' });
export type WalletEntry = z.infer<typeof WalletEntry>;

/**
 * The exchange's answer: pending until the advocate confirms, then
 * the token (once; a retry within 60 s answers the same).
 */
export const TokenExchangeResult = z
  .discriminatedUnion('status', [
    z.object({ object: z.literal('pairing_status'), status: z.literal('pending'), interval: z.number().int() }),
    z.object({
      object: z.literal('pairing_status'),
      status: z.literal('paired'),
      token: z.string().describe('`vat_…`: keep it in extension storage.'),
      entry: WalletEntry,
    }),
  ])
  .meta({ id: 'TokenExchangeResult' });
export type TokenExchangeResult = z.infer<typeof TokenExchangeResult>;

/** POST /v1/extension/recognize (no key; rate limited per IP): is this a Vouch code or link? */
export const RecognizeInput = z.strictObject({
  candidates: z.array(z.string().trim().min(1).max(2048)).min(1).max(50).describe('Codes or URLs found on a page.'),
});
export const Recognition = z
  .object({
    object: z.literal('recognition'),
    results: z.array(
      z.object({
        candidate: z.string(),
        recognized: z.boolean(),
        code: z.string().nullable().describe('The canonical code when recognized.'),
        merchant_name: z.string().nullable(),
        program_name: z.string().nullable(),
        referee_offer: RefereeOffer.nullable(),
      }),
    ),
  })
  .meta({ id: 'Recognition' });
export type Recognition = z.infer<typeof Recognition>;
