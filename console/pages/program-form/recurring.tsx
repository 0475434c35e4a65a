import type { Json } from '../../draft.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { t } from '../../i18n/index.ts';
import { Field } from '../../ui.tsx';
import { type Form, Num, testid } from './fields.tsx';

type Mode = 'none' | 'months' | 'life';
const MODES: [Mode, MessageKey][] = [
  ['none', 'p_recurring_none'],
  ['months', 'p_recurring_months'],
  ['life', 'p_recurring_life'],
];
// What each choice writes: absent (first sale only), a number of months (12 to start), null (for life).
const VALUES: Record<Mode, Json | undefined> = { none: undefined, months: { months: 12 }, life: { months: null } };

/**
 * The program reward's `recurring` setting (recurring commissions): whether renewals of a referred
 * customer's subscription earn the advocate's reward again, for how many months, or for life.
 */
export function Recurring({ f, path }: { f: Form; path: string }) {
  const at = `${path}.recurring`;
  const value = f.get(at) as { months?: Json } | undefined;
  const mode: Mode = value === undefined ? 'none' : value.months === null ? 'life' : 'months';
  return (
    <>
      <Field label={t('p_recurring')} name={at} error={f.err(at)} hint={t('p_recurring_hint')}>
        {(p) => (
          <select
            {...p}
            data-testid={testid(at)}
            value={mode}
            onChange={(e) => f.set(at, VALUES[(e.currentTarget as HTMLSelectElement).value as Mode])}
          >
            {MODES.map(([m, key]) => (
              <option key={m} value={m}>
                {t(key)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {mode === 'months' && <Num f={f} path={`${at}.months`} label="p_recurring_months_n" />}
    </>
  );
}
