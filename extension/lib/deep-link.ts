import { matchesSites } from './sites.ts';

/**
 * A deep link to the page the advocate is on: `{link}/{path}{search}`. The Worker's redirect
 * (`/r/{code}/{path}`) sends the friend to that page of the merchant's site. The fragment is
 * dropped (often app state, never needed to land on the page). Null when the page is not one of
 * the merchant's sites: a referral link must not point anywhere else.
 */
export function deepLink(link: string, sites: readonly string[], pageUrl: string): string | null {
  if (!matchesSites(pageUrl, sites)) return null;
  const url = new URL(pageUrl);
  const base = link.replace(/\/+$/, '');
  const path = url.pathname.replace(/^\/+/, '');
  return path || url.search ? `${base}/${path}${url.search}` : base;
}
