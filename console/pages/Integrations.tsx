import type { ConnectionProvider, Integration } from '../../shared/schemas/integration.ts';
import type { ApiKey, Merchant } from '../../shared/schemas/merchant.ts';
import { type List, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { LoadState, Page, useLoad } from '../ui.tsx';
import { ProviderCard } from './integrations/ProviderCard.tsx';
import { PROVIDERS } from './integrations/providers.ts';

/**
 * The connections, and where each provider would send this merchant's events before it is
 * connected: the API answers the URL only for a connection, but Stripe asks for the URL before it
 * reveals the signing secret. The Worker serves the console, so its origin receives the hooks too;
 * the mode is the signed-in credential's (this mode's keys list it).
 */
async function loadIntegrations() {
  const [connections, merchant, keys] = await Promise.all([
    request<List<Integration>>('GET', '/v1/integrations'),
    request<Merchant>('GET', '/v1/merchant'),
    request<List<ApiKey>>('GET', '/v1/keys'),
  ]);
  const mode = keys.data[0]?.mode ?? 'test';
  const hookUrl = (provider: ConnectionProvider) =>
    `${location.origin}/hooks/${provider}/${encodeURIComponent(merchant.id)}/${mode}`;
  return { connections: connections.data, hookUrl, live: mode === 'live' };
}

/**
 * Stripe and Shopify (orders in), PayPal and Tremendous (payouts out): connect (secrets in, never
 * shown again), then watch what arrives.
 */
export function Integrations() {
  const state = useLoad(loadIntegrations, []);
  const data = state.data;
  return (
    <Page title={t('integrations_title')} testid="page-integrations">
      <p>{t('int_intro')}</p>
      <p>{t('int_intro_payouts')}</p>
      <LoadState loading={state.loading && !data} error={state.error} retry={state.reload} />
      {data && (
        <ul class="cards" data-testid="integration-list">
          {PROVIDERS.map((provider) => (
            <ProviderCard
              key={provider}
              provider={provider}
              connection={data.connections.find((c) => c.provider === provider) ?? null}
              predictedUrl={data.hookUrl(provider)}
              live={data.live}
              reload={state.reload}
            />
          ))}
        </ul>
      )}
    </Page>
  );
}
