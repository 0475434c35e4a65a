import type { Merchant } from '../../shared/schemas/merchant.ts';
// The snippet a merchant pastes: README's "Embedding the widget" shows the same (one source for both).
import { widgetSnippet as snippet } from '../../shared/widget-snippet.ts';
import { ApiFailure, request } from '../api.ts';
import { locale, t } from '../i18n/index.ts';
import { Alert, CopyButton, LoadState, Page, useLoad } from '../ui.tsx';

function cspLines(origin: string): string {
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

/** A block of code to copy, scrolled sideways when long. */
function Code({ text, testid }: { text: string; testid?: string }) {
  return (
    // A scrollable <pre> must take keyboard focus to be scrolled (axe: scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
    <pre data-testid={testid} tabIndex={0}>
      <code>{text}</code>
    </pre>
  );
}

/** A card with one block of code and its copy button. */
function CodeCard(props: { id: string; title: string; text: string; testid: string; copyTestid: string }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <Code text={props.text} testid={props.testid} />
      <CopyButton text={props.text} testid={props.copyTestid} />
    </section>
  );
}

function AllowedOrigins({ merchant }: { merchant: Merchant | undefined }) {
  return (
    <section class="card" aria-labelledby="origins-h">
      <h2 id="origins-h">{t('allowed_origins')}</h2>
      {merchant &&
        (merchant.allowed_origins.length ? (
          <ul data-testid="install-origins">
            {merchant.allowed_origins.map((o) => (
              <li key={o}>
                <code>{o}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('allowed_origins_none')}</p>
        ))}
    </section>
  );
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
      <Code text={command} />
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
          <CodeCard
            id="snippet-h"
            title={t('snippet')}
            text={snippet(origin, key.data.key)}
            testid="install-snippet"
            copyTestid="install-copy"
          />
          <CodeCard
            id="csp-h"
            title={t('csp_title')}
            text={cspLines(origin)}
            testid="install-csp"
            copyTestid="install-csp-copy"
          />
          <AllowedOrigins merchant={merchant.data} />
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
