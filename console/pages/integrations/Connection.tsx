import type { Integration, IntegrationEvent } from '../../../shared/schemas/integration.ts';
import { formatDateTime } from '../../format.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { Alert, TableHead } from '../../ui.tsx';
import { Facts } from '../advocate/cards.tsx';
import { CHECKOUTS } from './providers.ts';

/** The last events the provider delivered, newest first, as the Worker recorded them. */
function RecentEvents({ provider, events }: { provider: string; events: IntegrationEvent[] }) {
  const l = locale();
  if (events.length === 0) return <p data-testid={`integration-no-events-${provider}`}>{t('int_no_events')}</p>;
  return (
    <div class="table-wrap">
      <table data-testid={`integration-recent-${provider}`}>
        <TableHead cols={['when', 'int_type', 'outcome', 'int_detail']} />
        <tbody>
          {events.map((e) => (
            <tr key={`${e.id}-${e.received_at}`}>
              <td>{formatDateTime(l, e.received_at)}</td>
              <td>
                <code>{e.type}</code>
              </td>
              <td>{valueText('integration_outcome', e.outcome)}</td>
              <td>{e.detail ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A connection's facts (since when, a checkout's coupon sync, last event and error) and its recent events. */
export function Connection({ connection: c, reload }: { connection: Integration; reload: () => void }) {
  const l = locale();
  return (
    <>
      <Facts
        testid={`integration-facts-${c.provider}`}
        rows={[
          ['int_connected_since', formatDateTime(l, c.connected_at)],
          ...(c.shop_domain ? [['f_shop_domain', c.shop_domain] as [MessageKey, string]] : []),
          ...(CHECKOUTS.includes(c.provider)
            ? [['int_coupon_sync', t(c.coupon_sync ? 'int_coupon_on' : 'int_coupon_off')] as [MessageKey, string]]
            : []),
          ['int_last_event', c.last_event_at ? formatDateTime(l, c.last_event_at) : t('none')],
        ]}
      />
      {c.last_error && (
        <Alert testid={`integration-error-${c.provider}`}>
          {t('int_last_error', { when: formatDateTime(l, c.last_error.at) })} {c.last_error.message}
        </Alert>
      )}
      <div class="page-head">
        <h3>{t('int_recent')}</h3>
        <button type="button" class="secondary" data-testid={`integration-refresh-${c.provider}`} onClick={reload}>
          {t('int_refresh')}
        </button>
      </div>
      <RecentEvents provider={c.provider} events={c.recent_events} />
    </>
  );
}
