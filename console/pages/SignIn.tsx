import { useState } from 'preact/hooks';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import { request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { looksLikeSecretKey } from '../session.ts';
import { Alert, errorText, Field, Page } from '../ui.tsx';

/** Checks the credential with one read before keeping it. */
export async function verify(credential: string): Promise<Merchant> {
  return request<Merchant>('GET', '/v1/merchant', { credential });
}

export function SignIn({
  onSignedIn,
  initialError,
}: {
  onSignedIn: (credential: string, merchant: Merchant) => void;
  initialError?: string | null;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const value = key.trim();
    if (!looksLikeSecretKey(value)) {
      setError(t('signin_bad_key'));
      return;
    }
    setBusy(true);
    try {
      onSignedIn(value, await verify(value));
    } catch (err) {
      setError(t('signin_failed', { message: errorText(err) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" class="signin">
      <Page title={t('signin_title')} testid="page-signin">
        <form onSubmit={submit} noValidate class="card form" data-testid="signin-form">
          {error && <Alert testid="signin-error">{error}</Alert>}
          <Field label={t('signin_key')} name="key" hint={t('signin_key_hint')} error={undefined}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                spellcheck={false}
                data-testid="signin-key"
                value={key}
                onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <button type="submit" data-testid="signin-submit" disabled={busy}>
            {t('signin_submit')}
          </button>
          <p class="muted">{t('signin_link_hint')}</p>
        </form>
      </Page>
    </main>
  );
}
