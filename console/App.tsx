import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Merchant } from '../shared/schemas/merchant.ts';
import { request, whenUnauthorized } from './api.ts';
import { LOCALE_NAMES, LOCALES, locale, setLocale, t, type Locale } from './i18n/index.ts';
import type { MessageKey } from './i18n/en.ts';
import { navigate, onNavigate } from './nav.ts';
import { AdvocateDetail } from './pages/AdvocateDetail.tsx';
import { Advocates } from './pages/Advocates.tsx';
import { Exports } from './pages/Exports.tsx';
import { Install } from './pages/Install.tsx';
import { Overview } from './pages/Overview.tsx';
import { Programs } from './pages/Programs.tsx';
import { Review } from './pages/Review.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { href, parseRoute, section, type Route } from './router.ts';
import { clearCredential, readCredential, storeCredential } from './session.ts';
import { applyTheme, readTheme, type Theme } from './theme.ts';
import { LoadState, Page, Select, useLoad } from './ui.tsx';

const NAV: [Route, MessageKey][] = [
  [{ name: 'overview' }, 'nav_overview'],
  [{ name: 'programs' }, 'nav_programs'],
  [{ name: 'advocates' }, 'nav_advocates'],
  [{ name: 'review' }, 'nav_review'],
  [{ name: 'webhooks' }, 'nav_webhooks'],
  [{ name: 'install' }, 'nav_install'],
  [{ name: 'exports' }, 'nav_exports'],
];

// The pages that validate with the shared zod schemas load on first use: zod stays out of the
// first view's bundle.
const formPages = () => import('./pages/ProgramForm.tsx');
const webhookPage = () => import('./pages/Webhooks.tsx');

function Lazy<M>({ load, render }: { load: () => Promise<M>; render: (m: M) => JSX.Element }) {
  const mod = useLoad(load, []);
  return mod.data ? render(mod.data) : <LoadState loading={mod.loading} error={mod.error} />;
}

function Content({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return <Overview />;
    case 'programs':
      return <Programs />;
    case 'program_new':
      return <Lazy load={formPages} render={(m) => <m.ProgramForm />} />;
    case 'program_edit':
      return <Lazy load={formPages} render={(m) => <m.ProgramEdit id={route.id} />} />;
    case 'advocates':
      return <Advocates />;
    case 'advocate':
      return <AdvocateDetail id={route.id} />;
    case 'review':
      return <Review />;
    case 'webhooks':
      return <Lazy load={webhookPage} render={(m) => <m.Webhooks />} />;
    case 'install':
      return <Install />;
    case 'exports':
      return <Exports />;
    default:
      return (
        <Page title={t('not_found')} testid="page-not-found">
          <a href={href({ name: 'overview' })}>{t('nav_overview')}</a>
        </Page>
      );
  }
}

function Preferences({ onLocale }: { onLocale: (l: Locale) => void }) {
  const [theme, setTheme] = useState<Theme>(readTheme());
  return (
    <div class="prefs">
      <label>
        <span>{t('language')}</span>
        <Select
          data-testid="locale-picker"
          value={locale()}
          options={LOCALES.map((l) => [l, LOCALE_NAMES[l]])}
          onChange={onLocale}
        />
      </label>
      <label>
        <span>{t('theme')}</span>
        <Select
          data-testid="theme-toggle"
          value={theme}
          options={[
            ['auto', t('theme_auto')],
            ['light', t('theme_light')],
            ['dark', t('theme_dark')],
          ]}
          onChange={(v) => {
            setTheme(v);
            applyTheme(v);
          }}
        />
      </label>
    </div>
  );
}

export function App({
  initialMerchant,
  initialError,
}: {
  initialMerchant: Merchant | null;
  initialError: string | null;
}) {
  const [merchant, setMerchant] = useState<Merchant | null>(initialMerchant);
  const [route, setRoute] = useState<Route>(parseRoute(location.pathname));
  const [, setLocaleTick] = useState(0);
  useEffect(() => onNavigate(() => setRoute(parseRoute(location.pathname))), []);
  useEffect(() => whenUnauthorized(() => setMerchant(null)), []);
  const changeLocale = async (l: Locale) => {
    await setLocale(l);
    try {
      localStorage.setItem('vouch_console_locale', l);
    } catch {
      /* this page only */
    }
    setLocaleTick((n) => n + 1);
  };
  const credential = readCredential() ?? '';
  const mode = credential.startsWith('sk_test_') ? 'test' : credential.startsWith('sk_live_') ? 'live' : null;
  async function signOut() {
    const credential = readCredential();
    // A session is revoked on the server too; a secret key just leaves this tab.
    if (credential?.startsWith('cst_')) await request('DELETE', '/v1/console_sessions/current').catch(() => {});
    clearCredential();
    setMerchant(null);
    navigate(href({ name: 'overview' }));
  }
  if (!merchant) {
    return (
      <>
        <header class="topbar">
          <strong>{t('app_title')}</strong>
          <Preferences onLocale={changeLocale} />
        </header>
        <SignIn
          initialError={initialError}
          onSignedIn={(credential, m) => {
            storeCredential(credential);
            // Signing in is a change of page: focus goes to the new page's heading (announced),
            // not back to the top of the document where the sign-in button was.
            navigate(location.pathname + location.search);
            setMerchant(m);
          }}
        />
      </>
    );
  }
  const current = section(route);
  return (
    <>
      <a class="skip" href="#main">
        {t('skip')}
      </a>
      <header class="topbar">
        <strong>
          {t('app_title')} · <span data-testid="merchant-name">{merchant.name}</span>
        </strong>
        {mode && <span class={`badge badge-${mode}`}>{t(mode === 'test' ? 'mode_test' : 'mode_live')}</span>}
        <Preferences onLocale={changeLocale} />
        <button type="button" class="secondary" data-testid="sign-out" onClick={signOut}>
          {t('sign_out')}
        </button>
      </header>
      <div class="layout">
        <nav aria-label={t('nav_label')} data-testid="nav">
          <ul>
            {NAV.map(([r, key]) => (
              <li key={r.name}>
                <a href={href(r)} data-testid={`nav-${r.name}`} aria-current={current === r.name ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Content route={route} />
        </main>
      </div>
    </>
  );
}
