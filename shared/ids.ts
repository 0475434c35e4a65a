/**
 * The one registry of object id prefixes. Ids are `<prefix>_<10 chars time><16 chars random>`
 * in Crockford base32: they sort by creation time, and 80 random bits make guessing useless.
 */
export const ID_PREFIXES = {
  merchant: 'mer',
  api_key: 'key',
  program: 'prog',
  advocate: 'adv',
  click: 'clk',
  conversion: 'conv',
  redemption: 'red',
  reservation: 'res',
  referral: 'ref',
  reward: 'rwd',
  event: 'evt',
  webhook_endpoint: 'we',
  credit_entry: 'cre',
  payout: 'po',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY = `[${CROCKFORD}]{26}`;

/**
 * A click id is either kind: the stored kind (`clk_` + 26, made before click tokens, whose records
 * live out their window) or a signed click token (`clk_` + base64url payload + `.` + base64url
 * signature: worker/redirect/click-token.ts), at most MAX_CLICK_ID_LENGTH characters.
 */
export const MAX_CLICK_ID_LENGTH = 320;
const CLICK_TOKEN = '[A-Za-z0-9_-]{60,293}\\.[A-Za-z0-9_-]{22}';

// Compiled once: the redirect checks every click token it signs against it.
const CLICK_ID = new RegExp(`^clk_(?:${BODY}|${CLICK_TOKEN})$`);

export function idPattern(kind: IdKind): RegExp {
  if (kind === 'click') return CLICK_ID;
  return new RegExp(`^${ID_PREFIXES[kind]}_${BODY}$`);
}

export function isId(kind: IdKind, value: string): boolean {
  return idPattern(kind).test(value);
}

const STORED_CLICK = new RegExp(`^clk_${BODY}$`);

/** A click id of the stored kind (read from Redis), not a token. */
export function isStoredClickId(value: string): boolean {
  return STORED_CLICK.test(value);
}
