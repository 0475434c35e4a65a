import { useEffect, useState } from 'preact/hooks';
import type { Advocate } from '../../../../shared/schemas/advocate.ts';
import { request, type List } from '../api.ts';
import { formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { href } from '../router.ts';
import { Field, LoadState, Page, Select, errorText, Alert, useLoad } from '../ui.tsx';
import { loadPrograms } from './shared.ts';

/** Client-side search: the API lists advocates per program, page by page, with no query filter. */
export function matches(a: Advocate, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [a.name, a.email, a.external_id, a.id, ...a.codes].some((v) => v?.toLowerCase().includes(q));
}

export function Advocates() {
  const programs = useLoad(loadPrograms, []);
  const [programId, setProgramId] = useState('');
  const [pages, setPages] = useState<{ items: Advocate[]; cursor: string | null; more: boolean }>({ items: [], cursor: null, more: false });
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!programId && programs.data?.[0]) setProgramId(programs.data[0].id);
  }, [programs.data]);
  async function load(reset: boolean) {
    setBusy(true);
    setError(null);
    try {
      const page = await request<List<Advocate>>('GET', `/v1/programs/${programId}/advocates`, { query: { limit: 100, starting_after: reset ? undefined : (pages.cursor ?? undefined) } });
      setPages((p) => ({ items: [...(reset ? [] : p.items), ...page.data], cursor: page.next_cursor, more: page.has_more }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    if (programId) void load(true);
  }, [programId]);
  const shown = pages.items.filter((a) => matches(a, query));
  return (
    <Page title={t('advocates_title')} testid="page-advocates">
      <LoadState loading={programs.loading} error={programs.error} retry={programs.reload} />
      {programs.data && programs.data.length > 0 && (
        <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label={t('program')} name="program">
            {(p) => <Select {...p} data-testid="advocates-program" value={programId} options={programs.data!.map((x) => [x.id, x.name])} onChange={setProgramId} />}
          </Field>
          <Field label={t('search')} name="q" hint={t('search_hint')}>
            {(p) => <input {...p} type="search" data-testid="advocates-search" value={query} onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
        </form>
      )}
      {error !== null && <Alert>{errorText(error)}</Alert>}
      <p class="muted" role="status" data-testid="advocates-count">
        {t('loaded_count', { n: formatNumber(locale(), pages.items.length) })}
      </p>
      {shown.length === 0 && !busy ? (
        <p data-testid="advocates-empty">{t('no_advocates')}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="advocates-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('email')}</th>
                <th scope="col">{t('codes')}</th>
                <th scope="col">{t('external_id')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id} data-testid={`advocate-row-${a.id}`}>
                  <th scope="row">
                    <a href={href({ name: 'advocate', id: a.id })}>{a.name ?? a.id}</a>
                  </th>
                  <td>{a.email ?? '—'}</td>
                  <td>{a.codes.join(', ')}</td>
                  <td>{a.external_id}</td>
                  <td>{valueText('advocate_status', a.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.more && (
        <button type="button" class="secondary" data-testid="advocates-more" disabled={busy} onClick={() => load(false)}>
          {busy ? t('loading') : t('load_more')}
        </button>
      )}
    </Page>
  );
}
