import type { PayoutRun } from '../../../shared/schemas/payout.ts';
import { formatMoney } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import type { Directory } from './names.ts';

/** What a run did, in words: the payouts it created, then each advocate it left and why. */
export function runSummary(run: PayoutRun, names: Directory): string {
  const l = locale();
  const created =
    run.created.length === 0
      ? t('pay_run_none')
      : t('pay_run_created', {
          n: run.created.length,
          list: run.created
            .map((p) => `${names.advocate(p.advocate_id)} ${formatMoney(l, p.amount, p.currency)}`)
            .join(', '),
        });
  const skipped = run.skipped.map((s) =>
    t('pay_run_skipped', {
      advocate: names.advocate(s.advocate_id),
      amount: formatMoney(l, s.amount, s.currency),
      reason: valueText('payout_skip', s.reason),
    }),
  );
  return [created, ...skipped].join(' ');
}
