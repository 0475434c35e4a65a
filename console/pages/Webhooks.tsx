import { useState } from 'preact/hooks';
import type { WebhookEndpoint } from '../../shared/schemas/webhook.ts';
import { listAll, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { Alert, CopyButton, errorText, LoadState, Page, useLoad } from '../ui.tsx';
import { CreateEndpoint } from './webhooks/CreateEndpoint.tsx';
import { Deliveries } from './webhooks/Deliveries.tsx';

type Change = 'enable' | 'disable' | 'delete';

function EndpointCard({ ep, change }: { ep: WebhookEndpoint; change: (ep: WebhookEndpoint, action: Change) => void }) {
  return (
    <li class="card" data-testid={`webhook-${ep.id}`}>
      <p>
        <strong>{ep.url}</strong> ·{' '}
        <span class={`badge badge-${ep.status}`}>{valueText('endpoint_status', ep.status)}</span>
      </p>
      <p class="muted">
        {ep.events.join(', ')}
        {ep.description ? ` · ${ep.description}` : ''}
      </p>
      <div class="row-actions">
        <button
          type="button"
          class="secondary"
          data-testid={`webhook-toggle-${ep.id}`}
          onClick={() => change(ep, ep.status === 'enabled' ? 'disable' : 'enable')}
        >
          {t(ep.status === 'enabled' ? 'disable' : 'enable')}
        </button>
        <button
          type="button"
          class="danger"
          data-testid={`webhook-delete-${ep.id}`}
          onClick={() => change(ep, 'delete')}
        >
          {t('delete')}
        </button>
      </div>
      <Deliveries endpoint={ep} />
    </li>
  );
}

export function Webhooks() {
  const endpoints = useLoad(() => listAll<WebhookEndpoint>('/v1/webhook_endpoints'), []);
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function change(ep: WebhookEndpoint, action: Change) {
    if (action === 'delete' && !confirm(t('confirm_delete'))) return;
    try {
      if (action === 'delete') await request('DELETE', `/v1/webhook_endpoints/${ep.id}`);
      else
        await request('PATCH', `/v1/webhook_endpoints/${ep.id}`, {
          body: { status: action === 'enable' ? 'enabled' : 'disabled' },
          idempotencyKey: crypto.randomUUID(),
        });
      setMessage(null);
      endpoints.reload();
    } catch (err) {
      setMessage(errorText(err));
    }
  }
  return (
    <Page title={t('webhooks_title')} testid="page-webhooks">
      {secret && (
        <Alert kind="info" testid="webhook-secret">
          <p>{t('secret_once')}</p>
          <code data-testid="webhook-secret-value">{secret}</code>{' '}
          <CopyButton text={secret} testid="webhook-secret-copy" />
        </Alert>
      )}
      {message && <Alert>{message}</Alert>}
      <LoadState loading={endpoints.loading} error={endpoints.error} retry={endpoints.reload} />
      {endpoints.data?.items.length === 0 && <p>{t('no_endpoints')}</p>}
      <ul class="cards" data-testid="webhook-list">
        {endpoints.data?.items.map((ep) => (
          <EndpointCard key={ep.id} ep={ep} change={change} />
        ))}
      </ul>
      <CreateEndpoint
        onCreated={(s) => {
          setSecret(s);
          endpoints.reload();
        }}
      />
    </Page>
  );
}
