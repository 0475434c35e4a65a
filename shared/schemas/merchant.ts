import * as z from 'zod';
import { normalizeHost, normalizeOrigin } from '../urls.ts';
import { DisplayText, Timestamp } from './common.ts';

/** A string stored in canonical form, or an issue with `message` when it has none. */
function canonical(maxLength: number, normalize: (value: string) => string | null, message: string) {
  return z
    .string()
    .max(maxLength)
    .transform((value, ctx) => {
      const out = normalize(value);
      if (out === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return out;
    });
}

const AllowedOrigin = canonical(
  300,
  normalizeOrigin,
  'Must be an origin like https://shop.example (http only for localhost).',
).describe('A site allowed to use your publishable key, e.g. `https://shop.example`.');

const AllowedHost = canonical(
  260,
  normalizeHost,
  'Must be a host name like shop.example (optionally with :port).',
).describe('A host referral links may send visitors to, e.g. `shop.example`.');

const LinkDomain = AllowedHost.describe(
  'A host you route to the Worker, where links are `https://{host}/{code}` (e.g. `go.shop.example`).',
);

export const MerchantCreate = z.strictObject({
  name: DisplayText(120).describe('Your business name, shown to advocates.'),
  allowed_origins: z
    .array(AllowedOrigin)
    .max(20)
    .default([])
    .describe('Sites where the widget (publishable key) may run.'),
  allowed_hosts: z.array(AllowedHost).min(1).max(20).describe('Hosts that program destinations may point to.'),
  link_domains: z
    .array(LinkDomain)
    .max(5)
    .default([])
    .describe('Your own short-link domains (each used by one merchant only).'),
});

export const MerchantUpdate = z
  .strictObject({
    name: DisplayText(120),
    allowed_origins: z.array(AllowedOrigin).max(20),
    allowed_hosts: z.array(AllowedHost).min(1).max(20),
    link_domains: z.array(LinkDomain).max(5),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one field to change.' });
export type MerchantUpdate = z.infer<typeof MerchantUpdate>;
export type MerchantCreate = z.infer<typeof MerchantCreate>;

export const Merchant = z
  .object({
    id: z.string().describe('`mer_...`'),
    object: z.literal('merchant'),
    name: z.string(),
    allowed_origins: z.array(z.string()),
    allowed_hosts: z.array(z.string()),
    link_domains: z.array(z.string()).describe('Short-link domains routed to the Worker: `https://{domain}/{code}`.'),
    created_at: Timestamp,
  })
  .meta({ id: 'Merchant' });
export type Merchant = z.infer<typeof Merchant>;

export const KeyType = z
  .enum(['secret', 'publishable'])
  .describe('`secret` (sk_) for servers, `publishable` (pk_) for browsers.');
export const KeyMode = z.enum(['test', 'live']).describe('Test and live data are fully separate.');

export const ApiKey = z
  .object({
    id: z.string().describe('`key_...`'),
    object: z.literal('api_key'),
    type: KeyType,
    mode: KeyMode,
    last4: z.string().describe('Last four characters, to tell keys apart.'),
    created_at: Timestamp,
    revoked_at: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** A key as returned once at creation: the only time the full secret is shown. */
export const NewApiKey = ApiKey.extend({ key: z.string().describe('The full key. Shown once; store it now.') }).meta({
  id: 'NewApiKey',
});
export type NewApiKey = z.infer<typeof NewApiKey>;

export const MerchantCreated = z
  .object({
    merchant: Merchant,
    keys: z.object({ secret: NewApiKey, publishable: NewApiKey }).describe('A test-mode key pair.'),
  })
  .meta({ id: 'MerchantCreated' });
export type MerchantCreated = z.infer<typeof MerchantCreated>;

export const KeyCreate = z.strictObject({ type: KeyType, mode: KeyMode });
export const KeyRoll = z.strictObject({ type: KeyType.describe('Which key of this mode to replace.') });
