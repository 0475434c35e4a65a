import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Merchant } from '../shared/schemas/merchant.ts';
import { request, whenUnauthorized } from './api.ts';
import { Nav, Preferences, TopBar } from './frame.tsx';
import { type Locale, setLocale, t } from './i18n/index.ts';
import { navigate, onNavigate } from './nav.ts';
import { AdvocateDetail } from './pages/AdvocateDetail.tsx';
import { Advocates } from './pages/Advocates.tsx';
import { Exports } from './pages/Exports.tsx';
import { Install } from './pages/Install.tsx';
import { Overview } from './pages/Overview.tsx';
import { Programs } from './pages/Programs.tsx';
import { Review } from './pages/Review.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { href, parseRoute, type Route, section } from './router.ts';
import { clearCredential, readCredential, storeCredential } from './session.ts';
import { LoadState, Page, useLoad } from './ui.tsx';

// The pages that validate with the shared zod schemas load on first use: zod stays out of the
// first view's bundle.
const formPages = () => import('./pages/ProgramForm.tsx');
const webhookPage = () => import('./pages/Webhooks.tsx');
const integrationsPage = () => import('./pages/Integrations.tsx');
const payoutsPage = () => import('./pages/Payouts.tsx');

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
    case 'integrations':
      return <Lazy load={integrationsPage} render={(m) => <m.Integrations />} />;
    case 'payouts':
      return <Lazy load={payoutsPage} render={(m) => <m.Payouts />} />;
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

/** Switches the console's language, remembered on this browser, and renders the app again in it. */
function useLocaleChange() {
  const [, setLocaleTick] = useState(0);
  return async (l: Locale) => {
    await setLocale(l);
    try {
      localStorage.setItem('vouch_console_locale', l);
    } catch {
      /* this page only */
    }
    setLocaleTick((n) => n + 1);
  };
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
  const changeLocale = useLocaleChange();
  useEffect(() => onNavigate(() => setRoute(parseRoute(location.pathname))), []);
  useEffect(() => whenUnauthorized(() => setMerchant(null)), []);
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
      <TopBar merchant={merchant} onLocale={changeLocale} onSignOut={signOut} />
      <div class="layout">
        <Nav current={current} />
        <main id="main" tabIndex={-1}>
          <Content route={route} />
        </main>
      </div>
    </>
  );
}
