import { useState } from 'preact/hooks';
import {
  type ConnectionProvider,
  PaypalConnect,
  ShopifyConnect,
  StripeConnect,
  TremendousConnect,
} from '../../../shared/schemas/integration.ts';
import { ApiFailure, request } from '../../api.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { t } from '../../i18n/index.ts';
import { safeParseLocalized } from '../../localized.ts';
import { Alert, errorText, Field } from '../../ui.tsx';
import { apiErrorToFields } from '../../validation.ts';
import { PROVIDER_NAMES } from './providers.ts';

interface FieldSpec {
  name: string;
  label: MessageKey;
  hint: MessageKey;
  /** Said when the value breaks the shared schema's rule for it (the rule's own words, translated). */
  invalid: MessageKey;
  optional?: true;
  /** Not a secret (the shop domain): a text input. Secrets are password inputs the browser does not keep. */
  plain?: true;
  /** A choice among the schema's values (the environment), each with its label: sandbox first, live last. */
  options?: readonly (readonly [string, MessageKey])[];
}

/** Ids PayPal and Tremendous show in their dashboards: not secrets, text inputs. */
const idField = (name: string, label: MessageKey, hint: MessageKey, invalid: MessageKey): FieldSpec => ({
  name,
  label,
  hint,
  invalid,
  plain: true,
});
const environment = (hint: MessageKey, live: readonly [string, MessageKey]): FieldSpec => ({
  name: 'environment',
  label: 'f_environment',
  hint,
  invalid: 'v_required',
  options: [['sandbox', 'int_env_sandbox'], live],
});

const FIELDS: Record<ConnectionProvider, FieldSpec[]> = {
  stripe: [
    { name: 'webhook_secret', label: 'f_webhook_secret', hint: 'fh_webhook_secret', invalid: 'v_webhook_secret' },
    { name: 'api_key', label: 'f_api_key', hint: 'fh_api_key', invalid: 'v_api_key', optional: true },
  ],
  shopify: [
    { name: 'shop_domain', label: 'f_shop_domain', hint: 'fh_shop_domain', invalid: 'v_shop_domain', plain: true },
    { name: 'api_secret', label: 'f_api_secret', hint: 'fh_api_secret', invalid: 'v_api_secret' },
    {
      name: 'access_token',
      label: 'f_access_token',
      hint: 'fh_access_token',
      invalid: 'v_access_token',
      optional: true,
    },
  ],
  paypal: [
    idField('client_id', 'f_pp_client_id', 'fh_pp_client_id', 'v_pp_credential'),
    { name: 'client_secret', label: 'f_pp_client_secret', hint: 'fh_pp_client_secret', invalid: 'v_pp_credential' },
    idField('webhook_id', 'f_pp_webhook_id', 'fh_pp_webhook_id', 'v_pp_webhook_id'),
    environment('fh_pp_environment', ['live', 'int_env_live']),
  ],
  tremendous: [
    { name: 'api_key', label: 'f_tr_api_key', hint: 'fh_tr_api_key', invalid: 'v_api_secret' },
    { name: 'webhook_private_key', label: 'f_tr_webhook_key', hint: 'fh_tr_webhook_key', invalid: 'v_api_secret' },
    idField('funding_source_id', 'f_tr_funding', 'fh_tr_funding', 'v_tr_id'),
    idField('campaign_id', 'f_tr_campaign', 'fh_tr_campaign', 'v_tr_id'),
    environment('fh_tr_environment', ['production', 'int_env_production']),
  ],
};
const SCHEMAS = {
  stripe: StripeConnect,
  shopify: ShopifyConnect,
  paypal: PaypalConnect,
  tremendous: TremendousConnect,
} as const;

/**
 * What a field holds before it is touched: the rest empty, the environment the one matching the signed-in
 * key's mode (a live merchant does not pay into a sandbox by leaving the default).
 */
function fieldValue(f: FieldSpec, values: Record<string, string>, live: boolean): string {
  const options = f.options ?? [];
  return values[f.name] ?? options[live ? options.length - 1 : 0]?.[0] ?? '';
}

/** The filled fields, trimmed (a pasted secret often carries a newline); empty optional ones left out. */
function bodyOf(fields: FieldSpec[], values: Record<string, string>, live: boolean): Record<string, string> {
  const entries = fields.map((f) => [f.name, fieldValue(f, values, live).trim()] as const);
  return Object.fromEntries(entries.filter(([, v]) => v !== ''));
}

/** Client-side check with the API's own schema: one clear, translated message per field. */
function problems(provider: ConnectionProvider, body: Record<string, string>): Record<string, string> {
  const checked = safeParseLocalized(SCHEMAS[provider], body);
  if (checked.success) return {};
  const out: Record<string, string> = {};
  for (const issue of checked.error.issues) {
    const name = String(issue.path[0] ?? '');
    const spec = FIELDS[provider].find((f) => f.name === name);
    if (name in out) continue;
    out[name] = !spec ? issue.message : body[name] === undefined ? t('v_required') : t(spec.invalid);
  }
  return out;
}

/** One labelled input; a secret is a password input the browser neither autocompletes nor offers to keep. */
function ConnectField(props: {
  provider: ConnectionProvider;
  spec: FieldSpec;
  value: string;
  error: string | undefined;
  onValue: (value: string) => void;
}) {
  const { provider, spec: f } = props;
  const onValue = (ev: Event) => props.onValue((ev.currentTarget as HTMLInputElement | HTMLSelectElement).value);
  const testid = `integration-${provider}-${f.name}`;
  if (f.options)
    return (
      <Field label={t(f.label)} name={`${provider}-${f.name}`} hint={t(f.hint)} error={props.error}>
        {(p) => (
          <select {...p} data-testid={testid} value={props.value} onChange={onValue}>
            {f.options?.map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  return (
    <Field label={t(f.label)} name={`${provider}-${f.name}`} hint={t(f.hint)} error={props.error}>
      {(p) => (
        <input
          {...p}
          {...(f.plain
            ? { type: 'text' as const, autocomplete: 'off' }
            : { type: 'password' as const, autocomplete: 'new-password' })}
          spellcheck={false}
          dir="ltr"
          required={!f.optional}
          data-testid={testid}
          value={props.value}
          onInput={onValue}
        />
      )}
    </Field>
  );
}

/** Connects the provider, or replaces its secrets (`connected`): they go to the API once, then are forgotten here. */
export function ConnectForm(props: {
  provider: ConnectionProvider;
  live: boolean;
  connected: boolean;
  onConnected: () => void;
}) {
  const { provider } = props;
  const fields = FIELDS[provider];
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const body = bodyOf(fields, values, props.live);
    const found = problems(provider, body);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await request('PUT', `/v1/integrations/${provider}`, { body, idempotencyKey: crypto.randomUUID() });
      setValues({});
      props.onConnected();
    } catch (err) {
      setErrors(err instanceof ApiFailure ? apiErrorToFields(err.body, errorText(err)) : { '': errorText(err) });
    } finally {
      setBusy(false);
    }
  }
  const action = t(props.connected ? 'int_replace' : 'int_connect', { provider: PROVIDER_NAMES[provider] });
  return (
    <form class="form" onSubmit={submit} noValidate data-testid={`integration-form-${provider}`}>
      {errors[''] && <Alert>{errors['']}</Alert>}
      <p class="muted">{t('int_secrets_hidden')}</p>
      {fields.map((f) => (
        <ConnectField
          key={f.name}
          provider={provider}
          spec={f}
          value={fieldValue(f, values, props.live)}
          error={errors[f.name]}
          onValue={(value) => setValues((v) => ({ ...v, [f.name]: value }))}
        />
      ))}
      <button type="submit" disabled={busy} data-testid={`integration-connect-${provider}`}>
        {busy ? t('saving') : action}
      </button>
    </form>
  );
}
