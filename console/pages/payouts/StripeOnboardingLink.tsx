import { useState } from 'preact/hooks';
import { request } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { Alert, CopyButton, errorText, Field } from '../../ui.tsx';

/** What the console shows of the answer (shared/schemas/payout.ts StripeOnboarding). */
interface OnboardingLink {
  url: string;
  expires_at: string;
}

/**
 * A Stripe Connect onboarding link to send the advocate (Stripe's hosted page, valid minutes): the
 * return URL is where Stripe sends them back, on one of the merchant's allowed hosts.
 */
export function StripeOnboardingLink({ id, onCreated }: { id: string; onCreated: () => void }) {
  const [returnUrl, setReturnUrl] = useState('');
  const [link, setLink] = useState<OnboardingLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const body = { return_url: returnUrl.trim() };
      setLink(await request<OnboardingLink>('POST', `/v1/advocates/${id}/payout_details/stripe_onboarding`, { body }));
      setError(null);
      onCreated();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details>
      <summary>{t('pay_stripe_link')}</summary>
      <form class="form" onSubmit={submit} data-testid="payout-stripe-form">
        <Field label={t('pay_return_url')} name="payout-return-url" hint={t('pay_return_url_hint')}>
          {(p) => (
            <input
              {...p}
              type="url"
              dir="ltr"
              class="ltr"
              required
              value={returnUrl}
              onInput={(e) => setReturnUrl((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {t('pay_stripe_create')}
        </button>
        {error && <Alert>{error}</Alert>}
        {link && (
          <p data-testid="payout-stripe-link">
            <code dir="ltr">{link.url}</code> <CopyButton text={link.url} testid="payout-stripe-copy" />{' '}
            <span class="muted">{t('pay_stripe_expires', { when: formatDateTime(locale(), link.expires_at) })}</span>
          </p>
        )}
      </form>
    </details>
  );
}
