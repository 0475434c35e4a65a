import { render } from 'preact';
import type { Merchant } from '../shared/schemas/merchant.ts';
import { App } from './App.tsx';
import { request } from './api.ts';
import { LOCALES, type Locale, negotiate, setLocale, t } from './i18n/index.ts';
import { interceptLinks } from './nav.ts';
import { verify } from './pages/SignIn.tsx';
import { clearCredential, linkFromHash, readCredential, storeCredential } from './session.ts';
import { applyTheme, readTheme } from './theme.ts';
import './styles.css';

function savedLocale(): Locale | null {
  try {
    const v = localStorage.getItem('vouch_console_locale');
    return (LOCALES as readonly string[]).includes(v ?? '') ? (v as Locale) : null;
  } catch {
    return null;
  }
}

async function boot() {
  applyTheme(readTheme());
  await setLocale(savedLocale() ?? negotiate(navigator.languages ?? [navigator.language]));
  let error: string | null = null;
  // A console link: used up at once, and dropped from the address bar and history.
  const link = linkFromHash(location.hash);
  if (link) {
    history.replaceState(null, '', location.pathname + location.search);
    try {
      const session = await request<{ token: string }>('POST', '/v1/console_sessions', {
        body: { link },
        credential: '',
      });
      storeCredential(session.token);
    } catch (err) {
      error = t('signin_failed', { message: err instanceof Error ? err.message : String(err) });
    }
  }
  let merchant: Merchant | null = null;
  const credential = readCredential();
  if (credential) {
    try {
      merchant = await verify(credential);
    } catch {
      clearCredential();
    }
  }
  const root = document.getElementById('app')!;
  interceptLinks(root);
  render(<App initialMerchant={merchant} initialError={error} />, root);
}

void boot();
