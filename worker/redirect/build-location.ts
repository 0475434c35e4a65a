import { hostOf } from '../../shared/urls.ts';

const OURS = ['ref', 'vouch_click'];
// Parameters of ours that must not travel to the merchant.
const INTERNAL = ['via'];

export class UnsafeLocationError extends Error {}

/**
 * The Location of a referral redirect: the program's destination (already checked against the
 * allow-list), optionally with the deep-link path joined to its origin, the destination's own
 * query kept, the visitor's query forwarded, and our `ref` and `vouch_click` set last so nothing
 * in the request can override them. Built with the URL API only; the result is checked to stay
 * on the destination's host and to carry no control characters.
 */
export function buildLocation(destination: string, options: { deepPath?: string; visitorQuery: URLSearchParams; code: string; clickId: string }): string {
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
  if (url.protocol !== base.protocol || hostOf(url) !== hostOf(base) || /[\u0000-\u001F\u007F]/.test(location)) {
    throw new UnsafeLocationError(`refusing ${location}`);
  }
  return location;
}
