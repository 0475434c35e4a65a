import type { Messages } from './en.ts';

/**
 * The only English built into the bundle: what the launcher says before (or without) a catalog,
 * its name and the offer it names. The whole catalog, en.json like every other locale, is fetched
 * when another surface needs it. Same text as en.ts (i18n.test.ts checks).
 */
export const LAUNCHER: Partial<Messages> = {
  refer: 'Refer a friend',
  headline: 'Give {give}, get {get}',
  free_shipping: 'free shipping',
  free_product: 'a free {product}',
  trial: { one: 'a #-day free trial', other: 'a #-day free trial' },
  of_order: '{value} of their order',
  points: { one: '# point', other: '# points' },
  donation: '{amount} for {charity}',
};
