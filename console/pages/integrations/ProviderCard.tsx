import { useState } from 'preact/hooks';
import { type ConnectionProvider, INTEGRATION_EVENTS, type Integration } from '../../../shared/schemas/integration.ts';
import { request } from '../../api.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { Alert, CopyButton, errorText } from '../../ui.tsx';
import { ConnectForm } from './ConnectForm.tsx';
import { Connection } from './Connection.tsx';
import { PROVIDER_NAMES } from './providers.ts';

const STEPS: Record<ConnectionProvider, MessageKey[]> = {
  stripe: ['step_stripe_1', 'step_stripe_2', 'step_stripe_3', 'step_stripe_4', 'step_stripe_5', 'step_stripe_connect'],
  shopify: ['step_shopify_1', 'step_shopify_2', 'step_shopify_3', 'step_shopify_4'],
  paypal: ['step_paypal_1', 'step_paypal_2', 'step_paypal_3', 'step_paypal_4'],
  tremendous: ['step_tremendous_1', 'step_tremendous_2', 'step_tremendous_3', 'step_tremendous_4'],
};

/** What to paste at the provider: the webhook URL and the events to select, each copyable. */
function Endpoint({ provider, url }: { provider: ConnectionProvider; url: string }) {
  const events = INTEGRATION_EVENTS[provider];
  return (
    <>
      <h3>{t('int_webhook_url')}</h3>
      <p>
        <code dir="ltr" data-testid={`integration-url-${provider}`}>
          {url}
        </code>{' '}
        <CopyButton text={url} testid={`integration-url-copy-${provider}`} />
      </p>
      <h3>{t('int_events')}</h3>
      <ul class="muted" dir="ltr" data-testid={`integration-events-${provider}`}>
        {events.map((type) => (
          <li key={type}>
            <code>{type}</code>
          </li>
        ))}
      </ul>
      <p>
        <CopyButton text={events.join('\n')} testid={`integration-events-copy-${provider}`} />
      </p>
    </>
  );
}

function Steps({ provider, open }: { provider: ConnectionProvider; open: boolean }) {
  return (
    <details open={open}>
      <summary>{t('int_steps', { provider: PROVIDER_NAMES[provider] })}</summary>
      <ol>
        {STEPS[provider].map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ol>
    </details>
  );
}

/** One provider: how to connect it, its connection and activity, and its secrets' form. */
export function ProviderCard(props: {
  provider: ConnectionProvider;
  connection: Integration | null;
  predictedUrl: string;
  /** Signed in with a live key: a payout provider's environment starts at its live one. */
  live: boolean;
  reload: () => void;
}) {
  const { provider, connection, reload } = props;
  const name = PROVIDER_NAMES[provider];
  const [error, setError] = useState<string | null>(null);
  async function disconnect() {
    if (!confirm(t('int_confirm_disconnect', { provider: name }))) return;
    try {
      await request('DELETE', `/v1/integrations/${provider}`, { idempotencyKey: crypto.randomUUID() });
      setError(null);
      reload();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <li class="card" data-testid={`integration-${provider}`}>
      <h2>
        {name}{' '}
        <span class={`badge badge-${connection?.status ?? 'none'}`} data-testid={`integration-status-${provider}`}>
          {connection ? valueText('integration_status', connection.status) : t('int_not_connected')}
        </span>
      </h2>
      {error && <Alert>{error}</Alert>}
      <Steps provider={provider} open={connection === null} />
      <Endpoint provider={provider} url={connection?.webhook_url ?? props.predictedUrl} />
      {connection && <Connection connection={connection} reload={reload} />}
      {connection ? (
        <details>
          <summary>{t('int_rotate')}</summary>
          <ConnectForm provider={provider} live={props.live} connected onConnected={reload} />
        </details>
      ) : (
        <ConnectForm provider={provider} live={props.live} connected={false} onConnected={reload} />
      )}
      {connection && (
        <div class="row-actions">
          <button type="button" class="danger" data-testid={`integration-disconnect-${provider}`} onClick={disconnect}>
            {t('int_disconnect')}
          </button>
        </div>
      )}
    </li>
  );
}
