import { useState } from 'preact/hooks';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookEndpointCreate,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
} from '../../shared/schemas/webhook.ts';
import { actionKey, ApiFailure, forgetAction, listAll, request, type List } from '../api.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { Alert, CopyButton, Field, LoadState, Page, errorText, useLoad } from '../ui.tsx';
import { apiErrorToFields } from '../validation.ts';
import { safeParseLocalized } from '../localized.ts';

function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const log = useLoad(
    () =>
      request<List<WebhookDeliveryAttempt>>('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`, {
        query: { limit: 50 },
      }),
    [endpoint.id],
  );
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const l = locale();
  async function resend(deliveryId: string) {
    const name = `resend:${endpoint.id}:${deliveryId}`;
    try {
      await request('POST', `/v1/webhook_endpoints/${endpoint.id}/deliveries/${deliveryId}/resend`, {
        body: {},
        idempotencyKey: actionKey(name),
      });
      forgetAction(name);
      setMessage({ kind: 'ok', text: t('done') });
      setTimeout(log.reload, 1000);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  }
  return (
    <details data-testid={`deliveries-${endpoint.id}`}>
      <summary>{t('deliveries')}</summary>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <LoadState loading={log.loading} error={log.error} retry={log.reload} />
      {log.data?.data.length === 0 && <p>{t('no_deliveries')}</p>}
      {log.data && log.data.data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('events')}</th>
                <th scope="col">{t('attempt')}</th>
                <th scope="col">{t('outcome')}</th>
                <th scope="col">{t('response')}</th>
                <th scope="col">{t('duration_ms')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.data.map((a) => (
                <tr key={`${a.delivery_id}-${a.attempt}`}>
                  <td>{formatDateTime(l, a.attempted_at)}</td>
                  <td>
                    <code>{a.event_type}</code>
                  </td>
                  <td>{formatNumber(l, a.attempt)}</td>
                  <td>{valueText('delivery_outcome', a.outcome)}</td>
                  <td>{a.response_status ?? a.error ?? '—'}</td>
                  <td>{formatNumber(l, a.duration_ms)}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      data-testid={`resend-${a.delivery_id}`}
                      onClick={() => resend(a.delivery_id)}
                    >
                      {t('resend')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

function CreateEndpoint({ onCreated }: { onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<string[]>(['reward.approved']);
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: Event) {
    e.preventDefault();
    const body = { url, events, ...(description.trim() ? { description } : {}) };
    const checked = safeParseLocalized(WebhookEndpointCreate, body);
    if (!checked.success) {
      setErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0] ?? ''), i.message])));
      return;
    }
    try {
      const created = await request<WebhookEndpointCreated>('POST', '/v1/webhook_endpoints', {
        body,
        idempotencyKey: crypto.randomUUID(),
      });
      setErrors({});
      onCreated(created.secret);
    } catch (err) {
      setErrors(err instanceof ApiFailure ? apiErrorToFields(err.body, errorText(err)) : { '': errorText(err) });
    }
  }
  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="webhook-form">
      <h2>{t('create_endpoint')}</h2>
      {errors[''] && <Alert>{errors['']}</Alert>}
      <Field label={t('endpoint_url')} name="url" error={errors.url}>
        {(p) => (
          <input
            {...p}
            type="url"
            data-testid="webhook-url"
            value={url}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>{t('events')}</legend>
        {errors.events && <p class="error">{errors.events}</p>}
        <div class="checks">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <div class="check" key={type}>
              <input
                id={`ev-${type}`}
                type="checkbox"
                data-testid={`webhook-event-${type}`}
                checked={events.includes(type)}
                onChange={(e) =>
                  setEvents((list) =>
                    (e.currentTarget as HTMLInputElement).checked ? [...list, type] : list.filter((x) => x !== type),
                  )
                }
              />
              <label for={`ev-${type}`}>
                <code>{type}</code>
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <Field label={t('description')} name="description" error={errors.description}>
        {(p) => (
          <input
            {...p}
            data-testid="webhook-description"
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <button type="submit" data-testid="webhook-create">
        {t('create_endpoint')}
      </button>
    </form>
  );
}

export function Webhooks() {
  const endpoints = useLoad(() => listAll<WebhookEndpoint>('/v1/webhook_endpoints'), []);
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function change(ep: WebhookEndpoint, action: 'enable' | 'disable' | 'delete') {
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
          <li class="card" key={ep.id} data-testid={`webhook-${ep.id}`}>
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
