import { useState } from 'preact/hooks';
import type { Merchant } from '../shared/schemas/merchant.ts';
import type { MessageKey } from './i18n/en.ts';
import { LOCALE_NAMES, LOCALES, type Locale, locale, t } from './i18n/index.ts';
import { href, type Route } from './router.ts';
import { readCredential } from './session.ts';
import { applyTheme, readTheme, type Theme } from './theme.ts';
import { Select } from './ui.tsx';

// The console's frame around a page: the top bar (merchant, mode, preferences, sign-out) and the sections' nav.

const NAV: [Route, MessageKey][] = [
  [{ name: 'overview' }, 'nav_overview'],
  [{ name: 'programs' }, 'nav_programs'],
  [{ name: 'advocates' }, 'nav_advocates'],
  [{ name: 'review' }, 'nav_review'],
  [{ name: 'webhooks' }, 'nav_webhooks'],
  [{ name: 'integrations' }, 'nav_integrations'],
  [{ name: 'payouts' }, 'nav_payouts'],
  [{ name: 'install' }, 'nav_install'],
  [{ name: 'exports' }, 'nav_exports'],
];

export function Preferences({ onLocale }: { onLocale: (l: Locale) => void }) {
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

export function TopBar({
  merchant,
  onLocale,
  onSignOut,
}: {
  merchant: Merchant;
  onLocale: (l: Locale) => void;
  onSignOut: () => void;
}) {
  const credential = readCredential() ?? '';
  const mode = credential.startsWith('sk_test_') ? 'test' : credential.startsWith('sk_live_') ? 'live' : null;
  return (
    <header class="topbar">
      <strong>
        {t('app_title')} · <span data-testid="merchant-name">{merchant.name}</span>
      </strong>
      {mode && <span class={`badge badge-${mode}`}>{t(mode === 'test' ? 'mode_test' : 'mode_live')}</span>}
      <Preferences onLocale={onLocale} />
      <button type="button" class="secondary" data-testid="sign-out" onClick={onSignOut}>
        {t('sign_out')}
      </button>
    </header>
  );
}

export function Nav({ current }: { current: string }) {
  return (
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
  );
}
