import type { ConnectionProvider } from '../../../shared/schemas/integration.ts';

/** The checkouts orders come in from, then the payout providers rewards go out through (issue 16). */
export const PROVIDERS = ['stripe', 'shopify', 'paypal', 'tremendous'] as const satisfies readonly ConnectionProvider[];

/** Product names: the same in every language. */
export const PROVIDER_NAMES: Record<ConnectionProvider, string> = {
  stripe: 'Stripe',
  shopify: 'Shopify',
  paypal: 'PayPal',
  tremendous: 'Tremendous',
};

/** Coupon sync concerns the checkouts only: a payout provider's credential pays, it creates no codes. */
export const CHECKOUTS: readonly ConnectionProvider[] = ['stripe', 'shopify'];
