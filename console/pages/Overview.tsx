import { useEffect, useState } from 'preact/hooks';
import type { Leaderboard, Stats } from '../../shared/schemas/stats.ts';
import { request } from '../api.ts';
import { formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { Field, LoadState, Page, Select, TableHead, useLoad } from '../ui.tsx';
import { Charts, FunnelCard } from './overview/charts.tsx';
import { Derived, Filtered } from './overview/figures.tsx';
import { RangeFields, rangeQuery, useRange } from './overview/range.tsx';
import { loadPrograms } from './shared.ts';

function Leaders({ programId }: { programId: string }) {
  const board = useLoad(
    () => request<Leaderboard>('GET', `/v1/programs/${programId}/leaderboard`, { query: { limit: 5 } }),
    [programId],
  );
  if (!board.data) return <LoadState loading={board.loading} error={board.error} />;
  return (
    <section class="card" aria-labelledby="leaders-h">
      <h2 id="leaders-h">{t('leaderboard_title')}</h2>
      <table data-testid="leaderboard">
        <TableHead cols={['rank', 'name', 'codes', 'm_conversions']} />
        <tbody>
          {board.data.entries.map((e) => (
            <tr key={e.advocate_id}>
              <td>{formatNumber(locale(), e.rank)}</td>
              <th scope="row">
                <a href={href({ name: 'advocate', id: e.advocate_id })}>{e.name ?? e.advocate_id}</a>
              </th>
              <td>{e.code ?? '—'}</td>
              <td>{formatNumber(locale(), e.conversions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Overview() {
  const programs = useLoad(loadPrograms, []);
  const [programId, setProgramId] = useState('');
  const range = useRange();
  const { days, interval } = range;
  useEffect(() => {
    if (!programId && programs.data?.[0]) setProgramId(programs.data[0].id);
  }, [programs.data]);
  const stats = useLoad(
    async () =>
      programId
        ? request<Stats>('GET', `/v1/programs/${programId}/stats`, { query: rangeQuery(Number(days), interval) })
        : undefined,
    [programId, days, interval],
  );
  const tot = stats.data?.totals;
  return (
    <Page title={t('overview_title')} testid="page-overview">
      <LoadState loading={programs.loading} error={programs.error} retry={programs.reload} />
      {programs.data?.length === 0 && (
        <p>
          {t('no_programs')} <a href={href({ name: 'program_new' })}>{t('create_first')}</a>
        </p>
      )}
      {programs.data && programs.data.length > 0 && (
        // Applied as they change: a group of fields, not a form with nothing to submit.
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would take the form fieldsets' border and padding
        <div class="filters" role="group" aria-labelledby="page-title">
          <Field label={t('program')} name="program">
            {(p) => (
              <Select
                {...p}
                data-testid="overview-program"
                value={programId}
                options={programs.data!.map((x) => [x.id, x.name])}
                onChange={setProgramId}
              />
            )}
          </Field>
          <RangeFields range={range} />
        </div>
      )}
      {programId && <LoadState loading={stats.loading} error={stats.error} retry={stats.reload} />}
      {stats.data && tot && (
        <>
          <FunnelCard totals={tot} />
          <Charts stats={stats.data} />
          <div class="grid-2">
            <Filtered totals={tot} />
            <Derived stats={stats.data} />
          </div>
          <Leaders programId={programId} />
        </>
      )}
    </Page>
  );
}
