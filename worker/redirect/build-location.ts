import { hostOf } from '../../shared/urls.ts';

const OURS = ['ref', 'vouch_click'];
// Parameters of ours that must not travel to the merchant.
const INTERNAL = ['via'];

class UnsafeLocationError extends Error {}

/**
 * The Location of a referral redirect: the program's destination (already checked against the
 * allow-list), optionally with the deep-link path joined to its origin, the destination's own
 * query kept, the visitor's query forwarded, and our `ref` and `vouch_click` set last so nothing
 * in the request can override them. Built with the URL API only; the result is checked to stay
 * on the destination's host and to carry no control characters.
 */
export function buildLocation(
  destination: string,
  options: { deepPath?: string; visitorQuery: URLSearchParams; code: string; clickId: string },
): string {
  const fast =
    options.deepPath || options.visitorQuery.size > 0 ? null : fastLocation(destination, options.code, options.clickId);
  if (fast) return fast;
  const base = new URL(destination);
  const url = new URL(base.toString());
  if (options.deepPath) {
    // The pathname setter cannot change scheme or host, whatever the path holds ("//evil", "\\", "..").
    url.pathname = `/${options.deepPath.replace(/^[/\\]+/, '')}`;
    url.search = '';
  }
  options.visitorQuery.forEach((value, name) => {
    if (!OURS.includes(name) && !INTERNAL.includes(name)) url.searchParams.append(name, value);
  });
  for (const name of OURS) url.searchParams.delete(name);
  url.searchParams.set('ref', options.code);
  url.searchParams.set('vouch_click', options.clickId);
  url.hash = options.deepPath ? '' : base.hash;

  const location = url.toString();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in the Location is what is refused
  if (url.protocol !== base.protocol || hostOf(url) !== hostOf(base) || /[\u0000-\u001F\u007F]/.test(location)) {
    throw new UnsafeLocationError(`refusing ${location}`);
  }
  return location;
}

// The common case (no deep path, no visitor query) without re-parsing: the destination was
// serialised by the URL API already, and codes and click ids are [A-Za-z0-9_.-] only (kept as is in a query).
const SAFE_TOKEN = /^[A-Za-z0-9_.-]*$/;
const prefixes = new Map<string, { prefix: string; hash: string } | null>();

function fastLocation(destination: string, code: string, clickId: string): string | null {
  if (!SAFE_TOKEN.test(code) || !SAFE_TOKEN.test(clickId)) return null;
  let entry = prefixes.get(destination);
  if (entry === undefined) {
    const url = new URL(destination);
    const ok = !url.searchParams.has('ref') && !url.searchParams.has('vouch_click') && url.toString() === destination;
    const hash = url.hash;
    url.hash = '';
    entry = ok ? { prefix: url.toString(), hash } : null;
    if (prefixes.size > 1000) prefixes.clear();
    prefixes.set(destination, entry);
  }
  if (!entry) return null;
  const sep = entry.prefix.includes('?') ? (entry.prefix.endsWith('?') || entry.prefix.endsWith('&') ? '' : '&') : '?';
  return `${entry.prefix}${sep}ref=${code}&vouch_click=${clickId}${entry.hash}`;
}
