import {
  AFFILIATE_PARAMS,
  classifyToken,
  PATH_CODE_PARAMS,
  PATH_USER_PARAMS,
  REF_PARAMS,
  REF_PATH,
  REF_PATH_ANY,
  REF_PATH_WORDS,
} from './tokens.ts';

export interface LinkClass {
  /** The absolute URL (URL-normalised). */
  href: string;
  /** `{vouchOrigin}/r/{code}`: one of ours, certain. */
  vouch: boolean;
  /** How much the URL alone says it is a referral link (0-1); the finder adds context. */
  strength: number;
}

// Cheap test before URL parsing: most links on a page are navigation.
const MAYBE = new RegExp(`[?&](?:${[...REF_PARAMS, ...AFFILIATE_PARAMS].join('|')})=|${REF_PATH_ANY.source}`, 'i');

function decode(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Whether a URL (as written) may be a referral link at all: a referral parameter or an invite/referral path. */
function maybeReferral(raw: string): boolean {
  return MAYBE.test(raw) || (raw.includes('%') && MAYBE.test(decode(raw)));
}
const VOUCH_PATH = /^\/r\/([A-Za-z0-9_-]{3,32})(?:\/|$)/;
// Values that name a place on the site or a traffic source, not a person: ?ref=nav, /refer/terms.
const PLACE = new RegExp(
  '^(?:terms|faq|help|how-it-works|program|programme|rules|friends?|info|about|rewards?|dashboard|' +
    'history|status|settings|conditions|policy|login|signin|signup|register|new|list|accept|landing|index|' +
    'home|nav|navbar|footer|header|menu|sidebar|banner|email|newsletter|share|social|twitter|facebook|' +
    'instagram|linkedin|reddit|tw|fb|ig|search|top|main|master|github|producthunt|hn|hackernews|rss|blog|' +
    'docs|homepage|hero|cta|button|btn|link|card|grid|widget|popup|modal|toolbar|related|recommended|' +
    'similar|trending|featured|sticky|topnav|breadcrumb|pagination|ext|extension|app|ios|android|web|' +
    'mobile|desktop|badge|embed|api|sitemap|organic|direct|referral|affiliate|partner|campaign|promo|ads?|' +
    'cpc|ppc)$',
  'i',
);
// Hosts where the shape means something else (subreddits are /r/name).
const OTHER_MEANING = /(?:^|\.)(?:reddit\.com|redd\.it)$/i;

function isVouchLink(url: URL, vouchOrigins: ReadonlySet<string>): boolean {
  return vouchOrigins.has(url.origin) && VOUCH_PATH.test(url.pathname);
}

/**
 * How much a value taken from a URL looks like a person's code rather than a word or a slug. `word`: what
 * a parameter that is a plain word (?ref=cleanhomelab) is worth here; 0 unless the page says why it is there.
 */
function valueStrength(raw: string, inPath: boolean, word = 0): number {
  const value = decode(raw);
  if (!value || value.length > 40 || PLACE.test(value)) return 0;
  const token = classifyToken(value);
  if (token.code) return token.shape === 'lower-digits' ? 0.45 : 0.55;
  // Handles and slugs (/invite/janedoe, /invite/sam-r7kq) are common referral values, but so are
  // traffic tags: they count only with a label nearby. A parameter that is a plain word (?ref=nav,
  // ?ref=grid, ?ref=producthunt) is a traffic tag far more often than a person, unless the link is
  // labelled as a referral link or the page says its outbound links are affiliate links.
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/.test(value)) return /\d/.test(value) ? 0.45 : inPath ? 0.3 : word;
  return 0;
}

const PARAM_VALUES = new RegExp(`[?&](?:${[...REF_PARAMS, ...AFFILIATE_PARAMS].join('|')})=([^&#]*)`, 'gi');

/**
 * A referral parameter whose value is a plain word that is not a traffic tag (?ref=cleanhomelab, not
 * ?ref=grid): only context (a label, an affiliate disclosure) decides what it is. String work only: no
 * URL parsing for the hundreds of ?ref=grid links of a listing page.
 */
export function wordParam(raw: string): boolean {
  if (!raw.includes('=')) return false;
  PARAM_VALUES.lastIndex = 0;
  for (let m = PARAM_VALUES.exec(raw); m; m = PARAM_VALUES.exec(raw)) {
    const value = decode(m[1]!);
    if (/^[A-Za-z][A-Za-z._-]{2,39}$/.test(value) && !PLACE.test(value)) return true;
  }
  return false;
}

/** Another site than the page's: a subdomain of either counts as the same site. */
function outbound(url: URL, base: string): boolean {
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return true;
  }
  const a = url.hostname.replace(/^www\./, '');
  const b = host.replace(/^www\./, '');
  return a !== b && !a.endsWith(`.${b}`) && !b.endsWith(`.${a}`);
}

export interface LinkContext {
  /**
   * The page calls this URL a referral or invite link ("Tautan referal: https://…/ajak/BUDI2024"): then a
   * code-like last path segment is enough, whatever the site names its referral path, and a referral
   * parameter may be a plain word (?ref=janedoe).
   */
  labelled?: boolean;
  /**
   * The page discloses affiliate links ("we may earn a commission"): a referral parameter on a link to
   * another site is the publisher's affiliate tag even when it is a plain word (?ref=cleanhomelab).
   */
  affiliate?: boolean;
}

export function classifyLink(
  raw: string,
  base: string,
  vouchOrigins: ReadonlySet<string>,
  labelled: boolean | LinkContext = false,
): LinkClass | null {
  const ctx: LinkContext = typeof labelled === 'boolean' ? { labelled } : labelled;
  if (!ctx.labelled && !maybeReferral(raw) && !(vouchOrigins.size && raw.includes('/r/'))) return null;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (isVouchLink(url, vouchOrigins)) return { href: url.href, vouch: true, strength: 1 };
  const word = ctx.labelled ? 0.3 : ctx.affiliate && outbound(url, base) ? 0.5 : 0;
  let strength = 0;
  for (const name of REF_PARAMS) {
    const value = url.searchParams.get(name);
    if (value) strength = Math.max(strength, valueStrength(value, false, word));
  }
  // ?aff=, ?partner=: only context says it is a person's tag rather than a traffic source.
  if (ctx.labelled || ctx.affiliate) {
    for (const name of AFFILIATE_PARAMS) {
      const value = url.searchParams.get(name);
      if (value) strength = Math.max(strength, valueStrength(value, false, word));
    }
  }
  const pathname = decode(url.pathname);
  const referralPath = !OTHER_MEANING.test(url.hostname);
  const path = referralPath ? REF_PATH.exec(pathname) : null;
  if (path) strength = Math.max(strength, valueStrength(path[1]!, true));
  // /invite?code=X: a bare `code` parameter is a referral code on an invite or referral page only.
  if (url.search && ((referralPath && REF_PATH_ANY.test(pathname)) || ctx.labelled)) {
    for (const name of PATH_CODE_PARAMS) {
      const value = url.searchParams.get(name);
      // One- and two-letter names (?c=, ?rc=) are too common elsewhere: on a referral path only.
      if (name.length <= 2 && !(referralPath && REF_PATH_ANY.test(pathname))) continue;
      if (value && classifyToken(decode(value)).code) strength = Math.max(strength, valueStrength(value, false));
    }
    // /r?u=gearhead_77: the inviting user's handle, worth what it would be as a path segment.
    if (referralPath && REF_PATH_ANY.test(pathname)) {
      for (const name of PATH_USER_PARAMS) {
        const value = url.searchParams.get(name);
        if (value) strength = Math.max(strength, valueStrength(value, true));
      }
    }
  }
  if (!strength && ctx.labelled) {
    const last = classifyToken(url.pathname.split('/').pop() ?? '');
    if (last.code && last.shape !== 'lower-digits') strength = 0.3;
  }
  return strength > 0 ? { href: url.href, vouch: false, strength } : null;
}

/** URLs written out in text (the page shows them, not links to them). */
export const TEXT_URL = new RegExp(
  `\\bhttps?:\\/\\/[^\\s<>"'\`{}|\\\\^\\u3000-\\u303f\\uff01-\\uff5e]+|` +
    `\\b(?:[a-z0-9-]+\\.)+[a-z]{2,}\\/(?:${REF_PATH_WORDS.join('|')})[/?][^\\s<>"'\`{}|\\\\^\\u3000-\\u303f]+`,
  'gi',
);

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
