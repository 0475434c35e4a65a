/**
 * The English catalog, the source of every key: built to en.json and fetched on demand like every
 * other locale (no strings are built into the bundle: the launcher waits for its catalog).
 * `{name}` is replaced by a value; in plural messages `#` is the count formatted for the locale
 * and the form is chosen with Intl.PluralRules (categories: zero, one, two, few, many, other).
 */
export const en = {
  refer: 'Refer a friend',
  headline: 'Give {give}, get {get}',
  intro: 'Share your link with friends. They get {give} and you get {get} when they buy.',
  close: 'Close',
  how: 'How it works',
  step1: 'Share your personal link or code.',
  step2: 'Your friend gets {give} on their first order.',
  step3: 'You get {get} for each friend who buys.',
  terms: 'Terms',
  link: 'Your link',
  code: 'Your code',
  copy_link: 'Copy link',
  copy_code: 'Copy code',
  copied: 'Copied',
  share: 'Share',
  share_more: 'More options',
  share_msg: 'Get {give} at {shop} with my link:',
  new_tab: 'opens in a new tab',
  via_email: 'Email',
  via_sms: 'SMS',
  qr_alt: 'QR code of your referral link',
  progress: 'Your progress',
  clicks: { one: '# click', other: '# clicks' },
  friends: { one: '# friend joined', other: '# friends joined' },
  pending: 'Pending rewards',
  earned: 'Rewards earned',
  next_tier: { one: '# more friend to reach {tier}', other: '# more friends to reach {tier}' },
  points: { one: '# point', other: '# points' },
  join: 'Join and get my link',
  signin: 'Sign in to get your link',
  email: 'Email address',
  email_missing: 'Enter your email address.',
  email_invalid: 'Enter an email address like name@example.com.',
  already: 'You have already joined. Sign in to see your link.',
  failed: 'Something went wrong. Please try again.',
  loading: 'Loading…',
  off: '{value} off',
  free_shipping: 'free shipping',
  free_product: 'a free {product}',
  trial: { one: 'a #-day free trial', other: 'a #-day free trial' },
  of_order: '{value} of their order',
  donation: '{amount} for {charity}',
  greeting: '{name} gave you {give}',
  greeting_anon: 'A friend gave you {give}',
  use_code: 'Use code {code} at checkout',
  dismiss: 'Dismiss',
  thanks: 'Thanks for your order!',
  thanks_share: 'Give your friends {give} and get {get}.',
};

export type MessageKey = keyof typeof en;
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Messages = { [K in MessageKey]: (typeof en)[K] extends string ? string : Plural };
