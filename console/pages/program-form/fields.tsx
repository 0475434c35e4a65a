import type { Json } from '../../draft.ts';
import { numberInput } from '../../draft.ts';
import { fromLocalInput, toLocalInput } from '../../format.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { t } from '../../i18n/index.ts';
import { Field } from '../../ui.tsx';

/** The program form's inputs: each reads and writes one path of the draft and shows that path's error. */
export interface Form {
  get: (path: string) => Json | undefined;
  set: (path: string, value: Json | undefined) => void;
  err: (path: string) => string | undefined;
}

export const testid = (path: string) => `program-${path.replace(/\./g, '-')}`;

export function Text({
  f,
  path,
  label,
  nullable,
  optional,
  type = 'text',
  hint,
  ltr,
}: {
  f: Form;
  path: string;
  label: MessageKey;
  nullable?: boolean;
  optional?: boolean;
  type?: 'text' | 'url';
  hint?: string;
  ltr?: boolean;
}) {
  const v = f.get(path);
  return (
    <Field label={t(label)} name={path} error={f.err(path)} hint={hint}>
      {(p) => (
        <input
          {...p}
          type={type as 'text'}
          class={ltr ? 'ltr' : undefined}
          data-testid={testid(path)}
          value={typeof v === 'string' || typeof v === 'number' ? String(v) : ''}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            f.set(path, value === '' && (nullable || optional) ? (nullable ? null : undefined) : value);
          }}
        />
      )}
    </Field>
  );
}

export function Num({
  f,
  path,
  label,
  nullable,
}: {
  f: Form;
  path: string;
  label: MessageKey;
  nullable?: boolean;
  optional?: boolean;
}) {
  const v = f.get(path);
  return (
    <Field label={t(label)} name={path} error={f.err(path)}>
      {(p) => (
        <input
          {...p}
          inputMode="decimal"
          data-testid={testid(path)}
          value={v === null || v === undefined ? '' : String(v)}
          // Empty: null where the schema allows it, else absent (the schema then says it is required).
          onInput={(e) =>
            f.set(path, numberInput((e.currentTarget as HTMLInputElement).value, nullable ? null : undefined))
          }
        />
      )}
    </Field>
  );
}

export function When({ f, path, label }: { f: Form; path: string; label: MessageKey }) {
  const v = f.get(path);
  return (
    <Field label={t(label)} name={path} error={f.err(path)}>
      {(p) => (
        <input
          {...p}
          type="datetime-local"
          data-testid={testid(path)}
          value={toLocalInput(typeof v === 'string' ? v : null)}
          onInput={(e) => f.set(path, fromLocalInput((e.currentTarget as HTMLInputElement).value))}
        />
      )}
    </Field>
  );
}

export function Check({ f, path, label }: { f: Form; path: string; label: MessageKey }) {
  return (
    <div class="check">
      <input
        id={testid(path)}
        type="checkbox"
        data-testid={testid(path)}
        checked={f.get(path) === true}
        onChange={(e) => f.set(path, (e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={testid(path)}>{t(label)}</label>
    </div>
  );
}

export function Choice({
  f,
  path,
  label,
  options,
}: {
  f: Form;
  path: string;
  label: MessageKey;
  options: [string, MessageKey][];
}) {
  return (
    <Field label={t(label)} name={path} error={f.err(path)}>
      {(p) => (
        <select
          {...p}
          data-testid={testid(path)}
          value={String(f.get(path) ?? '')}
          onChange={(e) => f.set(path, (e.currentTarget as HTMLSelectElement).value)}
        >
          {options.map(([v, k]) => (
            <option key={v} value={v}>
              {t(k)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
