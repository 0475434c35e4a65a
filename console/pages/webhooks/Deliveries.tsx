import { useState } from 'preact/hooks';
import type { WebhookDeliveryAttempt, WebhookEndpoint } from '../../../shared/schemas/webhook.ts';
import { actionKey, forgetAction, type List, request } from '../../api.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { Alert, errorText, LoadState, TableHead, useLoad } from '../../ui.tsx';

function DeliveryTable({ attempts, onResend }: { attempts: WebhookDeliveryAttempt[]; onResend: (id: string) => void }) {
  const l = locale();
  return (
    <div class="table-wrap">
      <table>
        <TableHead cols={['when', 'events', 'attempt', 'outcome', 'response', 'duration_ms', 'actions']} />
        <tbody>
          {attempts.map((a) => (
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
                  onClick={() => onResend(a.delivery_id)}
                >
                  {t('resend')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An endpoint's recent delivery attempts, each delivery with a resend. */
export function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const log = useLoad(
    () =>
      request<List<WebhookDeliveryAttempt>>('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`, {
        query: { limit: 50 },
      }),
    [endpoint.id],
  );
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
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
      {log.data && log.data.data.length > 0 && <DeliveryTable attempts={log.data.data} onResend={resend} />}
    </details>
  );
}
