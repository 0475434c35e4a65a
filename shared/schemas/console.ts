import * as z from 'zod';
import { idPattern } from '../ids.ts';
import { Timestamp } from './common.ts';
import { KeyMode } from './merchant.ts';

/**
 * The merchant console (issue 8): short-lived sign-in links and the sessions they open. A session
 * acts as the merchant's secret key of one mode, for 8 hours, and only its hash is stored.
 */
export const ConsoleLinkCreate = z.strictObject({
  merchant_id: z
    .string()
    .regex(idPattern('merchant'), 'Must be a merchant id, mer_….')
    .optional()
    .describe('Required with the admin token; with a secret key it must be that key\u2019s merchant (or omitted).'),
  mode: KeyMode.optional().describe(
    'With the admin token: which mode the console opens in (default `test`). With a secret key: the key\u2019s mode.',
  ),
});

export const ConsoleLink = z
  .object({
    object: z.literal('console_link'),
    url: z.string().describe('`{origin}/console#link=csl_…`: open it within 15 minutes; it works once.'),
    expires_at: Timestamp,
  })
  .meta({ id: 'ConsoleLink' });

export const ConsoleSessionCreate = z.strictObject({
  link: z.string().max(100).describe('The `csl_…` token from a console link (the part after `#link=`).'),
});

export const ConsoleSession = z
  .object({
    object: z.literal('console_session'),
    token: z
      .string()
      .describe('`cst_…`: send as `Authorization: Bearer cst_…`; it acts as the secret key of its mode. Shown once.'),
    merchant_id: z.string(),
    livemode: z.boolean(),
    expires_at: Timestamp,
  })
  .meta({ id: 'ConsoleSession' });

export const ConsoleSessionRevoked = z.object({ object: z.literal('console_session'), revoked: z.boolean() });

export const PublishableKey = z
  .object({
    object: z.literal('publishable_key'),
    key: z
      .string()
      .describe('The active publishable key of this mode (`pk_…`): public by design, it goes in the widget snippet.'),
    mode: KeyMode,
  })
  .meta({ id: 'PublishableKey' });
