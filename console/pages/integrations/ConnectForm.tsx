import { useState } from 'preact/hooks';
import { type IntegrationProvider, ShopifyConnect, StripeConnect } from '../../../shared/schemas/integration.ts';
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
}

const FIELDS: Record<IntegrationProvider, FieldSpec[]> = {
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
};
const SCHEMAS = { stripe: StripeConnect, shopify: ShopifyConnect } as const;

/** The filled fields, trimmed (a pasted secret often carries a newline); empty optional ones left out. */
function bodyOf(fields: FieldSpec[], values: Record<string, string>): Record<string, string> {
  const entries = fields.map((f) => [f.name, (values[f.name] ?? '').trim()] as const);
  return Object.fromEntries(entries.filter(([, v]) => v !== ''));
}

/** Client-side check with the API's own schema: one clear, translated message per field. */
function problems(provider: IntegrationProvider, body: Record<string, string>): Record<string, string> {
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
  provider: IntegrationProvider;
  spec: FieldSpec;
  value: string;
  error: string | undefined;
  onValue: (value: string) => void;
}) {
  const { provider, spec: f } = props;
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
          data-testid={`integration-${provider}-${f.name}`}
          value={props.value}
          onInput={(ev) => props.onValue((ev.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

/** Connects the provider, or replaces its secrets (`connected`): they go to the API once, then are forgotten here. */
export function ConnectForm(props: { provider: IntegrationProvider; connected: boolean; onConnected: () => void }) {
  const { provider } = props;
  const fields = FIELDS[provider];
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const body = bodyOf(fields, values);
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
          value={values[f.name] ?? ''}
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
