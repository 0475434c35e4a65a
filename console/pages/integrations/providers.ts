import type { IntegrationProvider } from '../../../shared/schemas/integration.ts';

export const PROVIDERS = ['stripe', 'shopify'] as const satisfies readonly IntegrationProvider[];

/** Product names: the same in every language. */
export const PROVIDER_NAMES: Record<IntegrationProvider, string> = { stripe: 'Stripe', shopify: 'Shopify' };
