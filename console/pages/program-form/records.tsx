import { type Json, renameKey } from '../../draft.ts';
import { t } from '../../i18n/index.ts';
import { Field } from '../../ui.tsx';
import { Choice, type Form, Text, testid, When } from './fields.tsx';

/** Editable key → value records: per-locale widget copy and metadata. */
export function Records({ f, path, kind }: { f: Form; path: string; kind: 'copy' | 'metadata' }) {
  const record = (f.get(path) as Record<string, Json> | undefined) ?? {};
  const keys = Object.keys(record);
  return (
    <fieldset data-testid={testid(path)}>
      <legend>{t(kind === 'copy' ? 'p_copy' : 'p_metadata')}</legend>
      {f.err(path) && <p class="error">{f.err(path)}</p>}
      {keys.map((key, i) => (
        <div key={i} class={kind === 'copy' ? 'nested' : 'row'}>
          <Field
            label={t(kind === 'copy' ? 'p_locale' : 'p_key')}
            name={`${path}.${key}`}
            error={kind === 'copy' ? undefined : f.err(`${path}.${key}`)}
          >
            {(p) => (
              <input
                {...p}
                data-testid={`${testid(path)}-key-${i}`}
                value={key}
                onChange={(e) => f.set(path, renameKey(record, key, (e.currentTarget as HTMLInputElement).value))}
              />
            )}
          </Field>
          {kind === 'copy' ? (
            <>
              <Text f={f} path={`${path}.${key}.headline`} label="p_headline" optional />
              <Text f={f} path={`${path}.${key}.description`} label="p_description" optional />
              <Text f={f} path={`${path}.${key}.terms`} label="p_terms" optional />
            </>
          ) : (
            <Text f={f} path={`${path}.${key}`} label="p_value" />
          )}
          <button type="button" class="secondary" onClick={() => f.set(`${path}.${key}`, undefined)}>
            {t('remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        data-testid={`${testid(path)}-add`}
        onClick={() => {
          let n = keys.length + 1;
          const fresh =
            kind === 'copy'
              ? (['en', 'ms', 'id', 'fa', 'th', 'hu'].find((l) => !(l in record)) ?? `x${n}`)
              : `key_${n}`;
          while (fresh in record) n++;
          f.set(path, { ...record, [fresh]: kind === 'copy' ? {} : '' });
        }}
      >
        {t(kind === 'copy' ? 'p_add_locale' : 'p_add_metadata')}
      </button>
    </fieldset>
  );
}

export function Contest({ f }: { f: Form }) {
  const on = f.get('contest') !== null && f.get('contest') !== undefined;
  const now = new Date();
  return (
    <fieldset data-testid="program-contest">
      <legend>{t('p_contest')}</legend>
      <div class="check">
        <input
          id="contest-on"
          type="checkbox"
          data-testid="program-contest-on"
          checked={on}
          onChange={(e) =>
            f.set(
              'contest',
              (e.currentTarget as HTMLInputElement).checked
                ? {
                    name: '',
                    prize: '',
                    starts_at: `${now.toISOString().slice(0, 16)}:00Z`,
                    ends_at: `${new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 16)}:00Z`,
                    by: 'conversions',
                  }
                : null,
            )
          }
        />
        <label for="contest-on">{t('p_contest_on')}</label>
      </div>
      {on && (
        <>
          <Text f={f} path="contest.name" label="p_name" />
          <Text f={f} path="contest.prize" label="p_prize" />
          <When f={f} path="contest.starts_at" label="p_starts_at" />
          <When f={f} path="contest.ends_at" label="p_ends_at" />
          <Choice
            f={f}
            path="contest.by"
            label="p_by"
            options={[
              ['conversions', 'by_conversions'],
              ['revenue', 'by_revenue'],
            ]}
          />
        </>
      )}
    </fieldset>
  );
}
