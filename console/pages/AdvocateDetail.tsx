import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { Conversion } from '../../shared/schemas/conversion.ts';
import type { Balance, Reward } from '../../shared/schemas/reward.ts';
import type { Stats } from '../../shared/schemas/stats.ts';
import { listAll, request } from '../api.ts';
import { formatAmounts, formatDateTime, formatMoney, formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { href } from '../router.ts';
import { LoadState, Page, useLoad } from '../ui.tsx';
import { RewardTable } from './RewardRows.tsx';
import { Signals } from './Signals.tsx';

export function AdvocateDetail({ id }: { id: string }) {
  const advocate = useLoad(() => request<Advocate>('GET', `/v1/advocates/${id}`), [id]);
  const stats = useLoad(() => request<Stats>('GET', `/v1/advocates/${id}/stats`, { query: { interval: 'day' } }), [id]);
  const balance = useLoad(() => request<Balance>('GET', `/v1/advocates/${id}/balance`), [id]);
  const rewards = useLoad(() => listAll<Reward>('/v1/rewards', { advocate_id: id }), [id]);
  // No advocate filter on the conversion list: its pages are filtered here.
  const conversions = useLoad(
    async () => (await listAll<Conversion>('/v1/conversions', {}, 1000)).items.filter((c) => c.advocate_id === id),
    [id],
  );
  const l = locale();
  const a = advocate.data;
  const tot = stats.data?.totals;
  return (
    <Page title={t('advocate_title', { name: a?.name ?? id })} testid="page-advocate">
      <p>
        <a href={href({ name: 'advocates' })}>{t('back')}</a>
      </p>
      <LoadState loading={advocate.loading} error={advocate.error} retry={advocate.reload} />
      {a && (
        <dl class="facts" data-testid="advocate-facts">
          <div>
            <dt>{t('email')}</dt>
            <dd>{a.email ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('codes')}</dt>
            <dd>{a.codes.join(', ')}</dd>
          </div>
          <div>
            <dt>{t('external_id')}</dt>
            <dd>{a.external_id}</dd>
          </div>
          <div>
            <dt>{t('status')}</dt>
            <dd>{valueText('advocate_status', a.status)}</dd>
          </div>
        </dl>
      )}
      <section class="card" aria-labelledby="adv-stats-h">
        <h2 id="adv-stats-h">{t('funnel_title')}</h2>
        <LoadState loading={stats.loading} error={stats.error} />
        {tot && (
          <dl class="facts" data-testid="advocate-stats">
            <div>
              <dt>{t('m_clicks')}</dt>
              <dd>{formatNumber(l, tot.clicks)}</dd>
            </div>
            <div>
              <dt>{t('m_click_conversions')}</dt>
              <dd>{formatNumber(l, tot.conversions + tot.signups - tot.code_only_conversions)}</dd>
            </div>
            <div>
              <dt>{t('m_code_only')}</dt>
              <dd>{formatNumber(l, tot.code_only_conversions)}</dd>
            </div>
            <div>
              <dt>{t('m_revenue')}</dt>
              <dd>{formatAmounts(l, tot.referred_revenue, t('p_points'))}</dd>
            </div>
            <div>
              <dt>{t('m_reward_cost')}</dt>
              <dd>{formatAmounts(l, tot.reward_cost, t('p_points'))}</dd>
            </div>
          </dl>
        )}
      </section>
      <section class="card" aria-labelledby="adv-balance-h">
        <h2 id="adv-balance-h">{t('balance')}</h2>
        <LoadState loading={balance.loading} error={balance.error} />
        {balance.data && (
          <table data-testid="advocate-balance">
            <thead>
              <tr>
                <th scope="col">{t('p_currency')}</th>
                <th scope="col">{t('b_pending')}</th>
                <th scope="col">{t('b_held')}</th>
                <th scope="col">{t('b_approved')}</th>
                <th scope="col">{t('b_paid')}</th>
              </tr>
            </thead>
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
      <section class="card" aria-labelledby="adv-rewards-h">
        <h2 id="adv-rewards-h">{t('rewards')}</h2>
        <LoadState loading={rewards.loading} error={rewards.error} />
        {rewards.data && (
          <RewardTable testid="advocate-rewards" rewards={rewards.data.items} onChange={rewards.reload} />
        )}
      </section>
    </Page>
  );
}
