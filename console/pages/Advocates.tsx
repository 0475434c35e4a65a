import { useEffect, useState } from 'preact/hooks';
import type { Advocate } from '../../shared/schemas/advocate.ts';
import { formatNumber } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { Alert, errorText, LoadState, Page, useLoad } from '../ui.tsx';
import { AdvocateTable } from './advocates/AdvocateTable.tsx';
import { SearchForm } from './advocates/SearchForm.tsx';
import { useAdvocatePages } from './advocates/useAdvocatePages.ts';
import { loadPrograms } from './shared.ts';

/** Client-side search: the API lists advocates per program, page by page, with no query filter. */
/** How many more pages (of 100) a submitted search lists before it filters. */
const SEARCH_PAGES = 20;

function matches(a: Advocate, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [a.name, a.email, a.external_id, a.id, ...a.codes].some((v) => v?.toLowerCase().includes(q));
}

export function Advocates() {
  const programs = useLoad(loadPrograms, []);
  const [programId, setProgramId] = useState('');
  const [query, setQuery] = useState('');
  const { pages, busy, error, load } = useAdvocatePages(programId);
  useEffect(() => {
    if (!programId && programs.data?.[0]) setProgramId(programs.data[0].id);
  }, [programs.data]);
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
        <SearchForm
          programs={programs.data}
          program={[programId, setProgramId]}
          query={[query, setQuery]}
          busy={busy}
          onSubmit={search}
        />
      )}
      {error !== null && <Alert>{errorText(error)}</Alert>}
      <p class="muted" role="status" data-testid="advocates-count">
        {t('loaded_count', { n: formatNumber(locale(), pages.items.length) })}
      </p>
      {shown.length === 0 && !busy ? (
        <p data-testid="advocates-empty">{t('no_advocates')}</p>
      ) : (
        <AdvocateTable advocates={shown} />
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
