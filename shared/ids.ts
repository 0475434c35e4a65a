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

export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${ID_PREFIXES[kind]}_${BODY}$`);
}

export function isId(kind: IdKind, value: string): boolean {
  return idPattern(kind).test(value);
}
