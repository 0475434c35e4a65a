import { useEffect, useState } from 'preact/hooks';
import type { Advocate } from '../../shared/schemas/advocate.ts';
import { request, type List } from '../api.ts';
import { formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import { href } from '../router.ts';
import { Field, LoadState, Page, Select, errorText, Alert, useLoad } from '../ui.tsx';
import { loadPrograms } from './shared.ts';

/** Client-side search: the API lists advocates per program, page by page, with no query filter. */
/** How many more pages (of 100) a submitted search lists before it filters. */
const SEARCH_PAGES = 20;

export function matches(a: Advocate, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [a.name, a.email, a.external_id, a.id, ...a.codes].some((v) => v?.toLowerCase().includes(q));
}

export function Advocates() {
  const programs = useLoad(loadPrograms, []);
  const [programId, setProgramId] = useState('');
  const [pages, setPages] = useState<{ items: Advocate[]; cursor: string | null; more: boolean }>({
    items: [],
    cursor: null,
    more: false,
  });
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!programId && programs.data?.[0]) setProgramId(programs.data[0].id);
  }, [programs.data]);
  /** `max` pages on from the last one listed (from the first with `reset`), added to the list. */
  async function load(reset: boolean, max = 1) {
    setBusy(true);
    setError(null);
    try {
      let cursor = reset ? null : pages.cursor;
      for (let i = 0; i < max; i++) {
        const query = { limit: 100, starting_after: cursor ?? undefined };
        const page = await request<List<Advocate>>('GET', `/v1/programs/${programId}/advocates`, { query });
        const fresh = reset && i === 0;
        const next = { cursor: page.next_cursor, more: page.has_more };
        setPages((p) => ({ items: [...(fresh ? [] : p.items), ...page.data], ...next }));
        if (!page.has_more) break;
        cursor = page.next_cursor;
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  // Typing filters what is listed; submitting (Enter, or the button) first lists the rest, so
  // the search covers every advocate of the program (up to SEARCH_PAGES pages more).
  function search(e: Event) {
    e.preventDefault();
    if (pages.more && !busy) void load(false, SEARCH_PAGES);
  }
  useEffect(() => {
    if (programId) void load(true);
  }, [programId]);
  const shown = pages.items.filter((a) => matches(a, query));
  return (
    <Page title={t('advocates_title')} testid="page-advocates">
      <LoadState loading={programs.loading} error={programs.error} retry={programs.reload} />
      {programs.data && programs.data.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a search <form> keeps its submit; role=search names it a landmark
        <form class="filters" role="search" onSubmit={search} data-testid="advocates-search-form">
          <Field label={t('program')} name="program">
            {(p) => (
              <Select
                {...p}
                data-testid="advocates-program"
                value={programId}
                options={programs.data!.map((x) => [x.id, x.name])}
                onChange={setProgramId}
              />
            )}
          </Field>
          <Field label={t('search')} name="q" hint={t('search_hint')}>
            {(p) => (
              <input
                {...p}
                type="search"
                data-testid="advocates-search"
                value={query}
                onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <button type="submit" class="secondary search-submit" data-testid="advocates-search-submit" disabled={busy}>
            {t('search')}
          </button>
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
        <button
          type="button"
          class="secondary"
          data-testid="advocates-more"
          disabled={busy}
          onClick={() => load(false)}
        >
          {busy ? t('loading') : t('load_more')}
        </button>
      )}
    </Page>
  );
}
