/**
 * The widget snippet a merchant pastes, in one place: README's "Embedding the widget" shows it
 * for `https://<worker>` (shared/widget-snippet.test.ts checks README against this) and the
 * console's Install page fills in its own origin and key. One external tag and no inline script:
 * the loader itself creates the `vouch(...)` command queue, so a strict Content-Security-Policy
 * (`script-src 'self' <worker>`, no 'unsafe-inline', no nonce) runs it without a violation.
 */
export function widgetSnippet(workerOrigin: string, publishableKey: string): string {
  return `<script async src="${workerOrigin}/widget/loader.js" data-key="${publishableKey}"></script>`;
}
