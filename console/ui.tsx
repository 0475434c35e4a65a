import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from './api.ts';
import type { MessageKey } from './i18n/en.ts';
import { t } from './i18n/index.ts';
import { hasNavigated } from './nav.ts';

/** Loads on mount and when `deps` change; `reload()` for after a write. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return error.body?.error?.message ?? `HTTP ${error.status}`;
  return t('error_network');
}

function Loading() {
  return (
    <p class="muted" role="status" data-testid="loading">
      {t('loading')}
    </p>
  );
}

export function Alert({
  children,
  kind = 'error',
  testid,
}: {
  children: ComponentChildren;
  kind?: 'error' | 'ok' | 'info';
  testid?: string;
}) {
  return (
    <div
      class={`alert alert-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testid ?? `alert-${kind}`}
    >
      {children}
    </div>
  );
}

export function LoadState({ loading, error, retry }: { loading: boolean; error: unknown; retry?: () => void }) {
  if (loading) return <Loading />;
  if (!error) return null;
  // An endpoint this Worker does not serve yet (e.g. stats before analytics ship).
  if (error instanceof ApiFailure && error.body?.error?.code === 'route_not_found')
    return <Alert kind="info">{t('not_available')}</Alert>;
  return (
    <Alert>
      {errorText(error)}{' '}
      {retry && (
        <button type="button" class="link" onClick={retry}>
          {t('retry')}
        </button>
      )}
    </Alert>
  );
}

let fieldIds = 0;
export function useId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++fieldIds}`);
  return id;
}

/** A labelled control with its hint and error, wired with aria-describedby / aria-invalid. */
export function Field(props: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: (p: {
    id: string;
    'aria-invalid'?: 'true';
    'aria-describedby'?: string;
    name: string;
  }) => ComponentChildren;
}) {
  const id = useId('f');
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.children({
        id,
        name: props.name,
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${id}-err`} data-testid={`error-${props.name}`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Select<V extends string>(props: {
  value: V;
  options: [V, string][];
  onChange: (v: V) => void;
  id?: string;
  name?: string;
  'data-testid'?: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}) {
  const { value, options, onChange, ...rest } = props;
  return (
    <select {...rest} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as V)}>
      {options.map(([v, label]) => (
        <option value={v} key={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

export function CopyButton({ text, testid }: { text: string; testid: string }) {
  const [done, setDone] = useState(false);
  return (
    <span class="copy">
      <button
        type="button"
        data-testid={testid}
        onClick={async () => {
          await navigator.clipboard.writeText(text).catch(() => {});
          setDone(true);
          setTimeout(() => setDone(false), 2000);
        }}
      >
        {t('copy')}
      </button>
      <span role="status" class="muted">
        {done ? t('copied') : ''}
      </span>
    </span>
  );
}

export function Page({
  title,
  children,
  testid,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  testid: string;
  actions?: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${title} · ${t('app_title')}`;
  }, [title]);
  useEffect(() => {
    // After a route change focus moves to the new page's heading, so screen readers announce it;
    // a page as loaded keeps the browser's own start (Tab reaches the skip link first), and a
    // new title (another language) leaves focus where it is.
    if (hasNavigated()) document.getElementById('page-title')?.focus();
  }, []);
  return (
    <section data-testid={testid} aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A table's column headings, each a message. */
export function TableHead({ cols }: { cols: MessageKey[] }) {
  return (
    <thead>
      <tr>
        {cols.map((key) => (
          <th scope="col" key={key}>
            {t(key)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
