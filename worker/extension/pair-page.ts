/**
 * GET /pair: where a merchant's pairing link (`/pair#vpl_…`) lands. The extension's content script
 * (matching exactly this path on the API origin) reads the fragment, which browsers never send to
 * a server, hands it to the extension (which asks the user in its own window before connecting),
 * and updates `#vouch-pair`'s `data-state` and `#vouch-pair-status`. The page itself runs no script.
 */
export const PAIR_PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export const PAIR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Connect your Vouch extension</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { max-width: 32rem; padding: 2rem; line-height: 1.5; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  ol { padding-left: 1.25rem; }
  [data-state="confirm-in-extension"] .waiting, [data-state="connected"] .waiting, \
[data-state="cancelled"] .waiting { display: none; }
  #vouch-pair-status:empty { display: none; }
  #vouch-pair-status { padding: .75rem 1rem; border-radius: .5rem; border: 1px solid currentColor; }
</style>
</head>
<body>
<main id="vouch-pair" data-state="waiting" aria-live="polite">
  <h1 class="waiting">Connecting your Vouch extension\u2026</h1>
  <p id="vouch-pair-status"></p>
  <div class="waiting">
    <p>If the Vouch extension is installed in this browser, it picks this link up by itself \
and asks you to confirm in its own window.</p>
    <p>Nothing happening? Then:</p>
    <ol>
      <li>Install the Vouch extension, or switch to the browser where it is installed.</li>
      <li>Copy this page\u2019s whole address from the address bar, including the part after <code>#</code>.</li>
      <li>Open the extension, choose \u201cPaste a pairing link\u201d and paste it.</li>
    </ol>
    <p>The link works once and expires after 24 hours; ask the shop for a new one if it has.</p>
  </div>
</main>
</body>
</html>
`;
