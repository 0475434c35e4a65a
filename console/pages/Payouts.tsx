import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { LoadState, Page, useLoad } from '../ui.tsx';
import { Batches, Failures } from './payouts/Batches.tsx';
import { ManualFiles } from './payouts/ManualFiles.tsx';
import { loadDirectory } from './payouts/names.ts';
import { Upcoming } from './payouts/Upcoming.tsx';

/**
 * Cash payouts: what the next run would pay (and Pay now), every payout by status, the failures
 * to retry, manual payouts' files and the yearly tax report. A write anywhere reloads every section
 * (a run moves lines from upcoming to batches; a failure returns rewards to upcoming).
 */
export function Payouts() {
  const names = useLoad(loadDirectory, []);
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const n = names.data;
  return (
    <Page title={t('payouts_title')} testid="page-payouts">
      <p>{t('pay_intro')}</p>
      <LoadState loading={names.loading && !n} error={names.error} retry={names.reload} />
      {n && (
        <>
          <Upcoming names={n} version={version} onChange={changed} />
          <Failures names={n} version={version} onChange={changed} />
          <Batches names={n} version={version} onChange={changed} />
          <ManualFiles onChange={changed} />
        </>
      )}
    </Page>
  );
}
