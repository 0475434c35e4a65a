import { classifyToken, REF_PARAMS, REF_PATH } from './tokens.ts';

export interface LinkClass {
  /** The absolute URL (URL-normalised). */
  href: string;
  /** `{vouchOrigin}/r/{code}`: one of ours, certain. */
  vouch: boolean;
  /** How much the URL alone says it is a referral link (0-1); the finder adds context. */
  strength: number;
}

// Cheap test before URL parsing: most links on a page are navigation.
const MAYBE = new RegExp(`[?&](?:${REF_PARAMS.join('|')})=|${REF_PATH.source}`, 'i');
const VOUCH_PATH = /^\/r\/([A-Za-z0-9_-]{3,32})(?:\/|$)/;
// Values that name a place on the site or a traffic source, not a person: ?ref=nav, /refer/terms.
const PLACE =
  /^(?:terms|faq|help|how-it-works|program|programme|rules|friends?|info|about|rewards?|dashboard|history|status|settings|conditions|policy|login|signin|signup|register|new|list|accept|landing|index|home|nav|navbar|footer|header|menu|sidebar|banner|email|newsletter|share|social|twitter|facebook|instagram|linkedin|reddit|tw|fb|ig|search|top|main|master|github|producthunt|hn|hackernews|rss|blog|docs)$/i;
// Hosts where the shape means something else (subreddits are /r/name).
const OTHER_MEANING = /(?:^|\.)(?:reddit\.com|redd\.it)$/i;

export function isVouchLink(url: URL, vouchOrigins: ReadonlySet<string>): boolean {
  return vouchOrigins.has(url.origin) && VOUCH_PATH.test(url.pathname);
}

/** How much a value taken from a URL looks like a person's code rather than a word or a slug. */
function valueStrength(raw: string, inPath: boolean): number {
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    // A malformed escape: judge the raw text.
  }
  if (!value || value.length > 40 || PLACE.test(value)) return 0;
  const token = classifyToken(value);
  if (token.code) return token.shape === 'lower-digits' ? 0.45 : 0.55;
  // Handles and slugs (/invite/janedoe, /invite/sam-r7kq) are common referral values, but so are
  // traffic tags: they count only with a label nearby. A parameter that is a plain word (?ref=nav,
  // ?ref=grid, ?ref=producthunt) is a traffic tag far more often than a person.
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/.test(value)) return /\d/.test(value) ? 0.45 : inPath ? 0.3 : 0;
  return 0;
}

/**
 * `labelled`: the page calls this URL a referral or invite link ("Tautan referal: https://…/ajak/BUDI2024"):
 * then a code-like last path segment is enough, whatever the site names its referral path.
 */
export function classifyLink(raw: string, base: string, vouchOrigins: ReadonlySet<string>, labelled = false): LinkClass | null {
  if (!labelled && !MAYBE.test(raw) && !(vouchOrigins.size && raw.includes('/r/'))) return null;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (isVouchLink(url, vouchOrigins)) return { href: url.href, vouch: true, strength: 1 };
  let strength = 0;
  for (const name of REF_PARAMS) {
    const value = url.searchParams.get(name);
    if (value) strength = Math.max(strength, valueStrength(value, false));
  }
  const path = REF_PATH.exec(url.pathname);
  if (path && !OTHER_MEANING.test(url.hostname)) strength = Math.max(strength, valueStrength(path[1]!, true));
  if (!strength && labelled) {
    const last = classifyToken(url.pathname.split('/').pop() ?? '');
    if (last.code && last.shape !== 'lower-digits') strength = 0.3;
  }
  return strength > 0 ? { href: url.href, vouch: false, strength } : null;
}

/** URLs written out in text (the page shows them, not links to them). */
export const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`{}|\\^\u3000-\u303f\uff01-\uff5e]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\/(?:r|invite|refer|referral|join)\/[^\s<>"'`{}|\\^\u3000-\u303f]+/gi;

/** Strips what ends a sentence rather than the URL. */
export function trimUrl(raw: string): string {
  return raw.replace(/[.,;:!?)\]}»”’'"]+$/, '');
}

export function normalizeOrigins(origins: readonly string[] | undefined): Set<string> {
  const set = new Set<string>();
  for (const origin of origins ?? []) {
    try {
      set.add(new URL(origin).origin);
    } catch {
      // Not a URL: nothing can match it.
    }
  }
  return set;
}
