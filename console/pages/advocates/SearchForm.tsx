import type { Program } from '../../../shared/schemas/program.ts';
import { t } from '../../i18n/index.ts';
import { Field, Select } from '../../ui.tsx';

type State<T> = [T, (value: T) => void];

/** The program picker and the search box: typing filters, submitting lists the rest first (Advocates.tsx). */
export function SearchForm({
  programs,
  program: [programId, setProgramId],
  query: [query, setQuery],
  busy,
  onSubmit,
}: {
  programs: Program[];
  program: State<string>;
  query: State<string>;
  busy: boolean;
  onSubmit: (e: Event) => void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a search <form> keeps its submit; role=search names it a landmark
    <form class="filters" role="search" onSubmit={onSubmit} data-testid="advocates-search-form">
      <Field label={t('program')} name="program">
        {(p) => (
          <Select
            {...p}
            data-testid="advocates-program"
            value={programId}
            options={programs.map((x) => [x.id, x.name])}
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
  );
}
