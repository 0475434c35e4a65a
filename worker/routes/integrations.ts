import {
  ConnectionProvider,
  PaypalConnect,
  ShopifyConnect,
  StripeConnect,
  TremendousConnect,
} from '../../shared/schemas/integration.ts';
import { ApiError } from '../errors/api-error.ts';
import {
  connectPaypal,
  connectShopify,
  connectStripe,
  connectTremendous,
  disconnectIntegration,
} from '../integrations/connect-integration.ts';
import { queueTenantCodesLater } from '../integrations/coupon-sync/queue-codes.ts';
import { integrationView, listIntegrations } from '../integrations/integration-view.ts';
import { linkBase } from '../lib/links.ts';
import { parseBody } from '../lib/validate.ts';
import { secretApi } from './secret-api.ts';

/** /v1/integrations: the merchant's checkout and payout provider connections (secrets in, never out). */
export const integrations = secretApi();

integrations.get('/', async (c) => {
  const data = await listIntegrations(c.env, c.get('auth').tenant, linkBase(c));
  return c.json({ object: 'list' as const, data, has_more: false, next_cursor: null });
});

integrations.put('/stripe', async (c) => {
  const input = await parseBody(c, StripeConnect);
  const { tenant } = c.get('auth');
  const record = await connectStripe(c.env, tenant, input, Date.now());
  if (input.api_key) queueTenantCodesLater(c.env, c.executionCtx, tenant, 'stripe');
  return c.json(await integrationView(c.env, tenant, record, linkBase(c)));
});

integrations.put('/shopify', async (c) => {
  const input = await parseBody(c, ShopifyConnect);
  const { tenant } = c.get('auth');
  const record = await connectShopify(c.env, tenant, input, Date.now());
  if (input.access_token) queueTenantCodesLater(c.env, c.executionCtx, tenant, 'shopify');
  return c.json(await integrationView(c.env, tenant, record, linkBase(c)));
});

integrations.put('/paypal', async (c) => {
  const input = await parseBody(c, PaypalConnect);
  const { tenant } = c.get('auth');
  const record = await connectPaypal(c.env, tenant, input, Date.now());
  return c.json(await integrationView(c.env, tenant, record, linkBase(c)));
});

integrations.put('/tremendous', async (c) => {
  const input = await parseBody(c, TremendousConnect);
  const { tenant } = c.get('auth');
  const record = await connectTremendous(c.env, tenant, input, Date.now());
  return c.json(await integrationView(c.env, tenant, record, linkBase(c)));
});

integrations.delete('/:provider', async (c) => {
  const parsed = ConnectionProvider.safeParse(c.req.param('provider'));
  const { tenant } = c.get('auth');
  if (!parsed.success || !(await disconnectIntegration(c.env, tenant, parsed.data))) {
    throw new ApiError(
      'not_found_error',
      'integration_not_found',
      parsed.success
        ? `No ${parsed.data} connection in ${tenant.mode} mode.`
        : 'No such integration: the providers are `stripe`, `shopify`, `paypal` and `tremendous`.',
      { param: 'provider' },
    );
  }
  return c.json({ object: 'integration' as const, provider: parsed.data, deleted: true as const });
});
