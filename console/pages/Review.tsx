import { useState } from 'preact/hooks';
import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { Conversion } from '../../shared/schemas/conversion.ts';
import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import { actionKey, forgetAction, listAll, request } from '../api.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { href } from '../router.ts';
import { Alert, errorText, Field, LoadState, Page, Select, useLoad } from '../ui.tsx';
import { RewardTable } from './RewardRows.tsx';
import { Signals } from './Signals.tsx';

/** The held conversions with their advocates' names (one read per advocate, not per conversion). */
async function loadHeld(): Promise<{ items: Conversion[]; names: Map<string, string> }> {
  const { items } = await listAll<Conversion>('/v1/conversions', { status: 'held' });
  const ids = [...new Set(items.map((c) => c.advocate_id))];
  // A name that cannot be read leaves the id shown: the queue stays usable.
  const read = (id: string) => request<Advocate>('GET', `/v1/advocates/${id}`).catch(() => null);
  const advocates = await Promise.all(ids.map(read));
  const names = new Map<string, string>();
  advocates.forEach((a, i) => {
    if (a) names.set(ids[i]!, a.name ?? a.email ?? a.external_id);
  });
  return { items, names };
}

function HeldConversions() {
  const held = useLoad(loadHeld, []);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const l = locale();
  async function review(c: Conversion, decision: 'approve' | 'reject') {
    const name = `review:${c.id}:${decision}`;
    try {
      await request('POST', `/v1/conversions/${c.id}/review`, { body: { decision }, idempotencyKey: actionKey(name) });
      forgetAction(name);
      setMessage({ kind: 'ok', text: t('done') });
      held.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  }
  return (
    <section class="card" aria-labelledby="held-h">
      <h2 id="held-h">{t('held_title')}</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <LoadState loading={held.loading} error={held.error} retry={held.reload} />
      {held.data?.items.length === 0 && <p data-testid="held-empty">{t('held_none')}</p>}
      <ul class="cards" data-testid="held-list">
        {held.data?.items.map((c) => (
          <li key={c.id} class="card" data-testid={`held-${c.id}`}>
            <p>
              <strong>
                {c.amount !== null ? formatMoney(l, c.amount, c.currency) : valueText('conversion_type', c.type)}
              </strong>{' '}
              · {t('order')} {c.order_id ?? '—'} · {formatDateTime(l, c.occurred_at)} · {t('advocate')}{' '}
              <a href={href({ name: 'advocate', id: c.advocate_id })} data-testid={`held-advocate-${c.id}`}>
                {held.data?.names.get(c.advocate_id) ?? c.advocate_id}
              </a>
            </p>
            <Signals conversion={c} />
            <div class="row-actions">
              <button type="button" data-testid={`review-approve-${c.id}`} onClick={() => review(c, 'approve')}>
                {t('approve')}
              </button>
              <button
                type="button"
                class="danger"
                data-testid={`review-reject-${c.id}`}
                onClick={() => review(c, 'reject')}
              >
                {t('reject')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

const STATUSES: RewardStatus[] = ['pending', 'held', 'approved', 'paid', 'voided'];

function Rewards() {
  const [status, setStatus] = useState<RewardStatus>('approved');
  const rewards = useLoad(() => listAll<Reward>('/v1/rewards', { status }), [status]);
  return (
    <section class="card" aria-labelledby="rewards-h">
      <h2 id="rewards-h">{t('rewards_title')}</h2>
      <Field label={t('filter_status')} name="status">
        {(p) => {
          const options = STATUSES.map((s): [RewardStatus, string] => [s, valueText('reward_status', s)]);
          return <Select {...p} data-testid="rewards-status" value={status} options={options} onChange={setStatus} />;
        }}
      </Field>
      <LoadState loading={rewards.loading} error={rewards.error} retry={rewards.reload} />
      {rewards.data?.items.length === 0 && <p data-testid="rewards-empty">{t('rewards_none')}</p>}
      {rewards.data && rewards.data.items.length > 0 && (
        <RewardTable testid="rewards-table" rewards={rewards.data.items} onChange={rewards.reload} />
      )}
    </section>
  );
}

export function Review() {
  return (
    <Page title={t('review_title')} testid="page-review">
      <HeldConversions />
      <Rewards />
    </Page>
  );
}
