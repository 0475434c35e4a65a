import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { Conversion } from '../../shared/schemas/conversion.ts';
import type { Balance, Reward } from '../../shared/schemas/reward.ts';
import type { Stats } from '../../shared/schemas/stats.ts';
import { listAll, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { href } from '../router.ts';
import { LoadState, Page, useLoad } from '../ui.tsx';
import { BalanceCard, ConversionsCard, Facts, StatsCard } from './advocate/cards.tsx';
import { RewardTable } from './RewardRows.tsx';

// Payout details and history load with their own chunk (zod validates the details form): the
// first view stays as small as before.
const payoutsPart = () => import('./payouts/AdvocatePayouts.tsx');

function PayoutsPart({ id }: { id: string }) {
  const mod = useLoad(payoutsPart, []);
  return mod.data ? <mod.data.AdvocatePayouts id={id} /> : <LoadState loading={mod.loading} error={mod.error} />;
}

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
  const a = advocate.data;
  return (
    <Page title={t('advocate_title', { name: a?.name ?? id })} testid="page-advocate">
      <p>
        <a href={href({ name: 'advocates' })}>{t('back')}</a>
      </p>
      <LoadState loading={advocate.loading} error={advocate.error} retry={advocate.reload} />
      {a && (
        <Facts
          testid="advocate-facts"
          rows={[
            ['email', a.email ?? '—'],
            ['codes', a.codes.join(', ')],
            ['external_id', a.external_id],
            ['status', valueText('advocate_status', a.status)],
          ]}
        />
      )}
      <StatsCard stats={stats} />
      <BalanceCard balance={balance} />
      <PayoutsPart id={id} />
      <ConversionsCard conversions={conversions} />
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
