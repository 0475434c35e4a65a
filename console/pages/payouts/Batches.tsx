import { useState } from 'preact/hooks';
import type { Payout, PayoutStatus } from '../../../shared/schemas/payout.ts';
import { listAll } from '../../api.ts';
import { t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { Field, LoadState, Select, useLoad } from '../../ui.tsx';
import type { Directory } from './names.ts';
import { PayoutTable } from './PayoutTable.tsx';

const STATUSES: PayoutStatus[] = ['pending', 'processing', 'paid', 'failed'];

interface SectionProps {
  names: Directory;
  version: number;
  onChange: () => void;
}

/** Every payout, newest first, filtered by status. */
export function Batches({ names, version, onChange }: SectionProps) {
  const [status, setStatus] = useState<PayoutStatus | ''>('');
  const payouts = useLoad(() => listAll<Payout>('/v1/payouts', { status: status || undefined }), [status, version]);
  const items = payouts.data?.items;
  return (
    <section class="card" aria-labelledby="payouts-batches-h">
      <h2 id="payouts-batches-h">{t('pay_batches')}</h2>
      <div class="filters">
        <Field label={t('status')} name="payout-status">
          {(p) => (
            <Select<PayoutStatus | ''>
              {...p}
              data-testid="payouts-status-filter"
              value={status}
              options={[
                ['', t('pay_all_statuses')],
                ...STATUSES.map((s) => [s, valueText('payout_status', s)] as [PayoutStatus, string]),
              ]}
              onChange={setStatus}
            />
          )}
        </Field>
      </div>
      <LoadState loading={payouts.loading && !items} error={payouts.error} retry={payouts.reload} />
      {items && items.length === 0 && <p data-testid="payouts-batches-empty">{t('pay_batches_empty')}</p>}
      {items && items.length > 0 && (
        <PayoutTable payouts={items} names={names} onChange={onChange} testid="payouts-batches" />
      )}
    </section>
  );
}

/** Failed payouts with the provider's (or your) reason, each with Retry once the cause is fixed. */
export function Failures({ names, version, onChange }: SectionProps) {
  const failed = useLoad(() => listAll<Payout>('/v1/payouts', { status: 'failed' }), [version]);
  const items = failed.data?.items;
  return (
    <section class="card" aria-labelledby="payouts-failures-h">
      <h2 id="payouts-failures-h">{t('pay_failures')}</h2>
      <p class="muted">{t('pay_failures_intro')}</p>
      <LoadState loading={failed.loading && !items} error={failed.error} retry={failed.reload} />
      {items && items.length === 0 && <p data-testid="payouts-failures-empty">{t('pay_failures_empty')}</p>}
      {items && items.length > 0 && (
        <PayoutTable payouts={items} names={names} onChange={onChange} testid="payouts-failures" />
      )}
    </section>
  );
}
