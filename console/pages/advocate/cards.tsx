import type { Conversion } from '../../../shared/schemas/conversion.ts';
import type { Balance } from '../../../shared/schemas/reward.ts';
import type { Stats } from '../../../shared/schemas/stats.ts';
import { formatAmounts, formatDateTime, formatMoney, formatNumber } from '../../format.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { LoadState, TableHead } from '../../ui.tsx';
import { Signals } from '../Signals.tsx';

interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/** Named figures as a definition list. */
export function Facts({ testid, rows }: { testid: string; rows: [MessageKey, string][] }) {
  return (
    <dl class="facts" data-testid={testid}>
      {rows.map(([name, value]) => (
        <div key={name}>
          <dt>{t(name)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StatsCard({ stats }: { stats: Loaded<Stats> }) {
  const l = locale();
  const tot = stats.data?.totals;
  return (
    <section class="card" aria-labelledby="adv-stats-h">
      <h2 id="adv-stats-h">{t('funnel_title')}</h2>
      <LoadState loading={stats.loading} error={stats.error} />
      {tot && (
        <Facts
          testid="advocate-stats"
          rows={[
            ['m_clicks', formatNumber(l, tot.clicks)],
            ['m_click_conversions', formatNumber(l, tot.conversions + tot.signups - tot.code_only_conversions)],
            ['m_code_only', formatNumber(l, tot.code_only_conversions)],
            ['m_revenue', formatAmounts(l, tot.referred_revenue, t('p_points'))],
            ['m_reward_cost', formatAmounts(l, tot.reward_cost, t('p_points'))],
          ]}
        />
      )}
    </section>
  );
}

export function BalanceCard({ balance }: { balance: Loaded<Balance> }) {
  const l = locale();
  return (
    <section class="card" aria-labelledby="adv-balance-h">
      <h2 id="adv-balance-h">{t('balance')}</h2>
      <LoadState loading={balance.loading} error={balance.error} />
      {balance.data && (
        <table data-testid="advocate-balance">
          <TableHead cols={['p_currency', 'b_pending', 'b_held', 'b_approved', 'b_paid']} />
          <tbody>
            {balance.data.lines.map((line) => (
              <tr key={line.unit}>
                <th scope="row">{line.unit}</th>
                {([line.pending, line.held, line.approved, line.paid] as number[]).map((v, i) => (
                  <td key={i}>{formatMoney(l, v, line.unit, t('p_points'))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ConversionsCard({ conversions }: { conversions: Loaded<Conversion[]> }) {
  const l = locale();
  return (
    <section class="card" aria-labelledby="adv-conv-h">
      <h2 id="adv-conv-h">
        {t('conversions')} · {t('fraud_signals')}
      </h2>
      <LoadState loading={conversions.loading} error={conversions.error} />
      <ul class="cards" data-testid="advocate-conversions">
        {conversions.data?.map((c) => (
          <li key={c.id} class="card">
            <p>
              <strong>
                {c.amount !== null ? formatMoney(l, c.amount, c.currency) : valueText('conversion_type', c.type)}
              </strong>{' '}
              · {valueText('conversion_status', c.status)} · {formatDateTime(l, c.occurred_at)}
            </p>
            <Signals conversion={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}
