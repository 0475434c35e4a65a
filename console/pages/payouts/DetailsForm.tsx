import { useState } from 'preact/hooks';
import {
  type PayoutDetails,
  PayoutDetailsUpdate,
  type PayoutProvider,
  TaxFormStatus,
} from '../../../shared/schemas/payout.ts';
import { ApiFailure, request } from '../../api.ts';
import { t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { safeParseLocalized } from '../../localized.ts';
import { Alert, errorText, Field, Select } from '../../ui.tsx';
import { apiErrorToFields, issuesToFields } from '../../validation.ts';
import { providerName } from './names.ts';

const METHODS: PayoutProvider[] = ['paypal', 'stripe_connect', 'tremendous', 'manual'];

interface Values {
  method: PayoutProvider | '';
  paypal_email: string;
  country: string;
  tax_form: PayoutDetails['tax_form'];
}

/** Only what changed is sent (the API replaces the fields it gets); an empty email keeps the stored one. */
function changes(d: PayoutDetails, v: Values): Record<string, string> {
  const out: Record<string, string> = {};
  if (v.method && v.method !== d.method) out.method = v.method;
  if (v.paypal_email.trim()) out.paypal_email = v.paypal_email.trim();
  const country = v.country.trim().toUpperCase();
  if (country && country !== d.country) out.country = country;
  if (v.tax_form !== d.tax_form) out.tax_form = v.tax_form;
  return out;
}

function TextField(props: {
  name: 'paypal_email' | 'country';
  value: string;
  error?: string;
  hint: string;
  onValue: (v: string) => void;
}) {
  return (
    <Field
      label={t(props.name === 'country' ? 'pay_country' : 'pay_paypal_email')}
      name={`payout-${props.name}`}
      hint={props.hint}
      error={props.error}
    >
      {(p) => (
        <input
          {...p}
          {...(props.name === 'country' ? { type: 'text' as const } : { type: 'email' as const })}
          dir="ltr"
          class="ltr"
          autocomplete="off"
          maxLength={props.name === 'country' ? 2 : 254}
          data-testid={`payout-details-${props.name}`}
          value={props.value}
          onInput={(e) => props.onValue((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

/** The merchant sets an advocate's payout details (the tax form flag only they set), checked by the API's schema. */
export function DetailsForm({ id, details: d, onSaved }: { id: string; details: PayoutDetails; onSaved: () => void }) {
  const [v, setV] = useState<Values>({
    method: d.method ?? '',
    paypal_email: '',
    country: d.country ?? '',
    tax_form: d.tax_form,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Values>) => setV((cur) => ({ ...cur, ...patch }));
  async function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    const body = changes(d, v);
    const checked = safeParseLocalized(PayoutDetailsUpdate, body);
    if (!checked.success) return setErrors(issuesToFields(checked.error.issues));
    setErrors({});
    setBusy(true);
    try {
      await request('PUT', `/v1/advocates/${id}/payout_details`, { body, idempotencyKey: crypto.randomUUID() });
      set({ paypal_email: '' });
      setSaved(true);
      onSaved();
    } catch (err) {
      setErrors(err instanceof ApiFailure ? apiErrorToFields(err.body, errorText(err)) : { '': errorText(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="form" onSubmit={submit} noValidate data-testid="payout-details-form">
      {errors[''] && <Alert>{errors['']}</Alert>}
      <Field label={t('pay_method')} name="payout-method" error={errors.method}>
        {(p) => (
          <Select<PayoutProvider | ''>
            {...p}
            data-testid="payout-details-method"
            value={v.method}
            options={[['', '—'], ...METHODS.map((m) => [m, providerName(m)] as [PayoutProvider, string])]}
            onChange={(method) => set({ method })}
          />
        )}
      </Field>
      <TextField
        name="paypal_email"
        value={v.paypal_email}
        error={errors.paypal_email}
        hint={d.paypal_email ? t('pay_email_keep', { email: d.paypal_email }) : t('pay_email_hint')}
        onValue={(paypal_email) => set({ paypal_email })}
      />
      <TextField
        name="country"
        value={v.country}
        error={errors.country}
        hint={t('pay_country_hint')}
        onValue={(country) => set({ country })}
      />
      <Field label={t('pay_tax_form')} name="payout-tax_form" error={errors.tax_form}>
        {(p) => (
          <Select<PayoutDetails['tax_form']>
            {...p}
            data-testid="payout-details-tax_form"
            value={v.tax_form}
            options={TaxFormStatus.options.map((f) => [f, valueText('tax_form', f)])}
            onChange={(tax_form) => set({ tax_form })}
          />
        )}
      </Field>
      <button type="submit" disabled={busy} data-testid="payout-details-save">
        {busy ? t('saving') : t('save')}
      </button>
      {saved && <Alert kind="ok">{t('saved')}</Alert>}
    </form>
  );
}
