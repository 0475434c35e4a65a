import type { Merchant } from '../../shared/schemas/merchant.ts';
// The snippet a merchant pastes: README's "Embedding the widget" shows the same (one source for both).
import { widgetSnippet as snippet } from '../../shared/widget-snippet.ts';
import { ApiFailure, request } from '../api.ts';
import { locale, t } from '../i18n/index.ts';
import { Alert, CopyButton, LoadState, Page, useLoad } from '../ui.tsx';

export function cspLines(origin: string): string {
  return [`script-src 'self' ${origin}`, `connect-src 'self' ${origin}`, `img-src 'self' ${origin}`].join('\n');
}

/** The API call that adds `origin` to the allowed origins, keeping the ones there. */
function allowOriginCommand(origin: string, allowed: string[]): string {
  const body = JSON.stringify({ allowed_origins: [...allowed, origin] });
  return [
    `curl -X PATCH ${origin}/v1/merchant \\`,
    '  -H "Authorization: Bearer $VOUCH_SECRET_KEY" \\',
    "  -H 'Content-Type: application/json' \\",
    `  -d '${body}'`,
  ].join('\n');
}

/**
 * The preview runs on this console's origin. Unless the merchant allowed it, only the widget's
 * public config reaches it (worker/console/preview-origin.ts): it shows the widget, but signing up
 * and sharing are refused there. Said here, with the call that allows it, rather than left for the
 * merchant to find as refusals in the frame.
 */
function PreviewOriginWarning({ merchant, origin }: { merchant: Merchant; origin: string }) {
  if (merchant.allowed_origins.includes(origin)) return null;
  const command = allowOriginCommand(origin, merchant.allowed_origins);
  return (
    <Alert kind="info" testid="preview-origin-warning">
      <p>{t('preview_origin_missing', { origin })}</p>
      <p>{t('preview_origin_how', { origin })}</p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable <pre> must take keyboard focus to be scrolled (axe: scrollable-region-focusable) */}
      <pre tabIndex={0}>
        <code>{command}</code>
      </pre>
      <CopyButton text={command} testid="preview-origin-copy" />
    </Alert>
  );
}

export function Install() {
  const key = useLoad(() => request<{ key: string }>('GET', '/v1/keys/publishable'), []);
  const merchant = useLoad(() => request<Merchant>('GET', '/v1/merchant'), []);
  const origin = location.origin;
  const unavailable = key.error instanceof ApiFailure && key.error.body?.error?.code === 'publishable_key_unavailable';
  return (
    <Page title={t('install_title')} testid="page-install">
      {unavailable ? (
        <Alert kind="info">{t('pk_unavailable')}</Alert>
      ) : (
        <LoadState loading={key.loading} error={key.error} retry={key.reload} />
      )}
      {key.data && (
        <>
          <section class="card" aria-labelledby="snippet-h">
            <h2 id="snippet-h">{t('snippet')}</h2>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable <pre> must take keyboard focus to be scrolled (axe: scrollable-region-focusable) */}
            <pre data-testid="install-snippet" tabIndex={0}>
              <code>{snippet(origin, key.data.key)}</code>
            </pre>
            <CopyButton text={snippet(origin, key.data.key)} testid="install-copy" />
          </section>
          <section class="card" aria-labelledby="csp-h">
            <h2 id="csp-h">{t('csp_title')}</h2>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable <pre> must take keyboard focus to be scrolled (axe: scrollable-region-focusable) */}
            <pre data-testid="install-csp" tabIndex={0}>
              <code>{cspLines(origin)}</code>
            </pre>
            <CopyButton text={cspLines(origin)} testid="install-csp-copy" />
          </section>
          <section class="card" aria-labelledby="origins-h">
            <h2 id="origins-h">{t('allowed_origins')}</h2>
            {merchant.data &&
              (merchant.data.allowed_origins.length ? (
                <ul data-testid="install-origins">
                  {merchant.data.allowed_origins.map((o) => (
                    <li key={o}>
                      <code>{o}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('allowed_origins_none')}</p>
              ))}
          </section>
          <section class="card" aria-labelledby="preview-h">
            <h2 id="preview-h">{t('preview')}</h2>
            <p class="muted">{t('preview_desc')}</p>
            {merchant.data && <PreviewOriginWarning merchant={merchant.data} origin={origin} />}
            {/* Same origin (the config read allows it), scripts only: no forms, popups or top navigation. */}
            <iframe
              class="preview"
              title={t('preview_frame')}
              data-testid="install-preview"
              sandbox="allow-scripts allow-same-origin"
              referrerpolicy="no-referrer"
              src={`/console/preview#key=${encodeURIComponent(key.data.key)}&locale=${locale()}`}
            />
          </section>
        </>
      )}
    </Page>
  );
}
