import { isId } from '../../shared/ids.ts';
import type { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Receipt } from '../integrations/receive-event.ts';
import { integrationStore } from '../storage/integrations.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/** Provider payloads outgrow API bodies (an order with many line items, much metadata): their own cap. */
export const MAX_HOOK_BYTES = 256 * 1024;

const NAMES: Record<IntegrationProvider, string> = { stripe: 'Stripe', shopify: 'Shopify' };

const integrationNotFound = (provider: IntegrationProvider) =>
  new ApiError(
    'not_found_error',
    'integration_not_found',
    `${NAMES[provider]} is not connected for this merchant in this mode (PUT /v1/integrations/${provider}).`,
  );

/**
 * The tenant a hook URL (`/hooks/{provider}/{merchant}/{mode}`) names and its connection; a malformed
 * path, no connection or a disconnected one are all simply not found (404 `integration_not_found`).
 * `acceptDisconnected`: a disconnected connection answers too (its sealed secret is kept), for what a
 * provider sends after a disconnection (Shopify's privacy topics); a deleted one is still not found.
 */
export async function hookConnection(
  env: StoreEnv,
  provider: IntegrationProvider,
  merchantId: string,
  mode: string,
  acceptDisconnected = false,
) {
  if (!isId('merchant', merchantId) || (mode !== 'test' && mode !== 'live')) throw integrationNotFound(provider);
  const tenant: Tenant = { merchantId, mode };
  const record = await integrationStore(env).get(tenant, provider);
  if (!record || (record.status !== 'connected' && !acceptDisconnected)) throw integrationNotFound(provider);
  return { tenant, record };
}

/** 400 `invalid_signature`: nothing was read or written past the check. */
export function invalidSignature(message: string): ApiError {
  return new ApiError('invalid_request_error', 'invalid_signature', message);
}

/** The receipt to answer, or 409 while another delivery of the same event is applied (the provider retries). */
export function answerOf(receipt: Receipt) {
  if (receipt.kind === 'in_progress') {
    throw new ApiError('conflict_error', 'event_in_progress', 'This event is being applied by another delivery.', {
      headers: { 'Retry-After': '5' },
    });
  }
  return receipt.receipt;
}
