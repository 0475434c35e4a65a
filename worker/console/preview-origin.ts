import type { Context } from 'hono';

/**
 * The console's Install page previews the widget in an iframe on the Worker's own origin, which is
 * on no merchant's allow-list. Only pages this Worker serves can be that origin (the console and
 * its preview, under a strict CSP), and only the widget's config read is let through: it is the
 * public configuration any shop page shows anyway. Sessions, enrollment and events from the
 * preview stay refused, so a preview never counts an impression or enrolls anybody.
 * A same-origin GET carries no Origin header; `Sec-Fetch-Site` (which scripts cannot set) says it.
 */
export function isConsolePreviewRead(c: Context): boolean {
  if (c.req.method !== 'GET' || c.req.path !== '/v1/public/config') return false;
  const origin = c.req.header('origin');
  if (origin) return origin === new URL(c.req.url).origin;
  return c.req.header('sec-fetch-site') === 'same-origin';
}
