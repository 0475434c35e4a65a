import type { Payout, PayoutDetails } from '../../../shared/schemas/payout.ts';
import { listAll, request } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { LoadState, useLoad } from '../../ui.tsx';
import { Facts } from '../advocate/cards.tsx';
import { DetailsForm } from './DetailsForm.tsx';
import { type Directory, loadDirectory, providerName } from './names.ts';
import { PayoutTable } from './PayoutTable.tsx';
import { StripeOnboardingLink } from './StripeOnboardingLink.tsx';

function onboarding(d: PayoutDetails): string {
  if (!d.stripe_account_id) return t('pay_stripe_none');
  return t(d.stripe_onboarding_complete ? 'pay_stripe_complete' : 'pay_stripe_incomplete');
}

function DetailsCard({ id }: { id: string }) {
  const details = useLoad(() => request<PayoutDetails>('GET', `/v1/advocates/${id}/payout_details`), [id]);
  const d = details.data;
  const l = locale();
  return (
    <section class="card" aria-labelledby="adv-payout-details-h">
      <h2 id="adv-payout-details-h">{t('pay_details')}</h2>
      <LoadState loading={details.loading && !d} error={details.error} retry={details.reload} />
      {d && (
        <>
          {d.method === null && <p data-testid="payout-details-empty">{t('pay_details_empty')}</p>}
          <Facts
            testid="payout-details"
            rows={[
              ['pay_method', d.method ? providerName(d.method) : '—'],
              ['pay_paypal_email', d.paypal_email ?? '—'],
              ['pay_stripe_account', d.stripe_account_id ?? '—'],
              ['pay_stripe_onboarding', onboarding(d)],
              ['pay_country', d.country ?? '—'],
              ['pay_tax_form', valueText('tax_form', d.tax_form)],
              ['pay_updated', formatDateTime(l, d.updated_at)],
            ]}
          />
          <details>
            <summary data-testid="payout-details-edit">{t('pay_details_edit')}</summary>
            <DetailsForm id={id} details={d} onSaved={details.reload} />
          </details>
          <StripeOnboardingLink id={id} onCreated={details.reload} />
        </>
      )}
    </section>
  );
}

function History({ id, names }: { id: string; names: Directory }) {
  const payouts = useLoad(() => listAll<Payout>('/v1/payouts', { advocate_id: id }), [id]);
  const items = payouts.data?.items;
  return (
    <section class="card" aria-labelledby="adv-payouts-h">
      <h2 id="adv-payouts-h">{t('pay_history')}</h2>
      <LoadState loading={payouts.loading && !items} error={payouts.error} retry={payouts.reload} />
      {items && items.length === 0 && <p data-testid="advocate-payouts-empty">{t('pay_history_empty')}</p>}
      {items && items.length > 0 && (
        <PayoutTable
          payouts={items}
          names={names}
          withAdvocate={false}
          onChange={payouts.reload}
          testid="advocate-payouts"
        />
      )}
    </section>
  );
}

/** The advocate page's payout part (its own chunk): how they are paid, and what they were paid. */
export function AdvocatePayouts({ id }: { id: string }) {
  const names = useLoad(() => loadDirectory(false), []);
  return (
    <>
      <DetailsCard id={id} />
      <LoadState loading={names.loading && !names.data} error={names.error} retry={names.reload} />
      {names.data && <History id={id} names={names.data} />}
    </>
  );
}
