import { parseCode } from '../../shared/codes.ts';
import { sendEvents } from '../events/send-events.ts';
import { config } from '../lib/config.ts';
import { hashSecret, hashSecrets } from '../lib/hash-secret.ts';
import { newId } from '../lib/ids.ts';
import { shareLinkFor } from '../lib/links.ts';
import { DEDUPE_SECONDS } from '../storage/clicks.ts';
import { linkStore } from '../storage/links.ts';
import type { FilteredEvent } from '../storage/raw-event.ts';
import { buildLocation } from './build-location.ts';
import {
  type CookieClick,
  decodeCookie,
  peekVerifiedCookie,
  rememberSignedCookie,
  setCookieHeader,
} from './click-cookie.ts';
import { type FilterReason, filterReason, filterReasonOf } from './detect-bot.ts';
import { friendlyPage } from './friendly-page.ts';
import { cached, claimRefresh, releaseRefresh, remember } from './link-cache.ts';
import { clickEvent, signNewClick } from './new-click.ts';
import { previewPage } from './preview-page.ts';
import { qrSvg } from './qr.ts';
import { readCookieFrom } from './read-cookie.ts';
import { type LinkView, type LiveLink, linkView } from './resolve-link.ts';
import { warmAnswer } from './warm-answers.ts';

const NO_STORE = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex', 'Referrer-Policy': 'origin' };

/**
 * The redirect runs outside the router: it is the hot path, and a plain (request, env, ctx)
 * handler costs less per hit than the framework's context. The Hono sub-app (routes/redirect.ts)
 * only delegates, so the route still shows in the app's route list.
 */
interface RedirectContext {
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  /** request.url, and where its path starts (the entry point found it). */
  href: string;
  pathStart: number;
  /** The parsed URL, made only when a hit needs more than the plain path (urlOf). */
  parsed?: URL;
  /** '/r/' on the Vouch domain; '/' on a merchant's own link domain. */
  prefix: string;
  /** On a link domain, only this merchant's codes resolve. */
  merchantId?: string;
}

function urlOf(c: RedirectContext): URL {
  c.parsed ??= new URL(c.href);
  return c.parsed;
}

// A path of these characters only is the same before and after URL parsing (no dot segments, no escapes).
const PLAIN_PATH = /^[A-Za-z0-9_/-]*$/;

/** The path, without parsing the URL when it has no query and nothing to normalise (a new visitor's hit). */
function pathnameOf(c: RedirectContext): string {
  const { href, pathStart } = c;
  if (!c.parsed && pathStart >= 0 && !href.includes('?', pathStart) && !href.includes('#', pathStart)) {
    const path = href.slice(pathStart);
    if (PLAIN_PATH.test(path)) return path;
  }
  return urlOf(c).pathname;
}

/** The visitor's query; the shared empty one when the URL has none (never written to: buildLocation reads it). */
function queryOf(c: RedirectContext): URLSearchParams {
  return c.href.includes('?', c.pathStart) ? urlOf(c).searchParams : NO_QUERY;
}

// Tuning knobs from env (tests and benches shorten them): parsed once per bindings, by lib/config.ts.
const linkFreshMs = (env: Env) => config(env).LINK_CACHE_FRESH_MS;

function page(
  c: RedirectContext,
  kind: 'missing' | 'gone' | 'unavailable' | 'error',
  status: 404 | 410 | 503,
  extra: Record<string, string> = {},
) {
  const { html, lang } = friendlyPage(kind, c.request.headers.get('accept-language'));
  return new Response(c.request.method === 'HEAD' ? null : html, {
    status,
    headers: {
      ...NO_STORE,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': lang,
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      ...extra,
    },
  });
}

function redirectTo(location: string, cookies: string[] = []) {
  if (cookies.length === 0) {
    return new Response(null, {
      status: 302,
      headers: {
        'Cache-Control': NO_STORE['Cache-Control'],
        'X-Robots-Tag': NO_STORE['X-Robots-Tag'],
        'Referrer-Policy': NO_STORE['Referrer-Policy'],
        Location: location,
      },
    });
  }
  // Kept as a Headers object: as [name, value] pairs (cheaper in a Node micro-benchmark) a new visitor cost
  // 119-141 µs more than a returning one in workerd, against 107-117 µs with this (bench CPU phase, A/B runs).
  const headers = new Headers({ ...NO_STORE, Location: location });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 302, headers });
}

/**
 * Cached view (0 round trips), else one read; with Redis down, a stale view if there is one. A stale
 * view is refreshed by the first request that finds it so; others meanwhile answer from it (link-cache.ts).
 */
async function lookup(c: RedirectContext, code: string): Promise<LinkView | null> {
  const now = Date.now();
  const hit = cached(code, now, linkFreshMs(c.env));
  if (hit?.fresh) return hit.view;
  if (hit && !claimRefresh(code, now)) return hit.view;
  try {
    // The redirect's lane: 300 ms, no retry (a struggling Redis costs a visitor little).
    const view = linkView(code, await linkStore(c.env, 'redirect').resolve(code));
    remember(code, view);
    return view;
  } catch (err) {
    console.error(
      'link lookup failed',
      code,
      err instanceof Error ? `${err.name}: ${err.message.slice(0, 120)}` : String(err),
    );
    return hit ? hit.view : null;
  } finally {
    if (hit) releaseRefresh(code);
  }
}

/**
 * A hit that is not a click (a bot, a prefetch, an unfurler, a scanner, HEAD), as a raw event the queue
 * consumer counts under its reason: sent after the response, with no Redis command here. On a link
 * nobody owns now (unknown or gone), it has no tenant (counted per day), so its mode means nothing.
 */
function sendFiltered(c: RedirectContext, link: LiveLink | null, reason: FilterReason, now: number): void {
  const event: FilteredEvent = {
    v: 1,
    type: 'filtered',
    id: newId('event', now),
    at: now,
    merchant_id: link ? link.tenant.merchantId : null,
    mode: link ? link.tenant.mode : 'live',
    reason,
    program_id: link ? link.programId : null,
    advocate_id: link ? link.advocateId : null,
    code: link ? link.code : null,
  };
  sendEvents(c.env, c.ctx, [event]);
}

/** The code of `/r/{code}[.svg][/deep/path]`, whether a QR code is wanted, and the deep path. */
function readPath(c: RedirectContext): { code: string; wantsQr: boolean; deepPath: string } | null {
  const [first = '', ...rest] = pathnameOf(c).slice(c.prefix.length).split('/');
  let raw: string;
  try {
    raw = decodeURIComponent(first);
  } catch {
    return null;
  }
  const wantsQr = /\.svg$/i.test(raw);
  const code = parseCode(wantsQr ? raw.slice(0, -4) : raw);
  return code ? { code, wantsQr, deepPath: rest.join('/') } : null;
}

async function handle(c: RedirectContext): Promise<Response> {
  const path = readPath(c);
  if (!path) return page(c, 'missing', 404);
  const { code, deepPath } = path;
  const now = Date.now();
  let view = await lookup(c, code);
  if (!view) return page(c, 'error', 503, { 'Retry-After': '5' });
  const owner = view.kind === 'live' ? view.tenant.merchantId : view.merchantId;
  if (c.merchantId && owner !== c.merchantId) view = { kind: 'missing', code, fallback: null };

  if (path.wantsQr) {
    if (view.kind !== 'live')
      return page(c, view.kind === 'gone' ? 'gone' : 'missing', view.kind === 'gone' ? 410 : 404);
    return new Response(qrSvg(`${shareLinkFor(c.env, urlOf(c), code)}?via=qr`), {
      headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=3600', 'X-Robots-Tag': 'noindex' },
    });
  }

  const reason = filterReason(c.request);
  if (view.kind !== 'live') {
    if (reason) sendFiltered(c, null, reason, now);
    if (view.fallback) return redirectTo(view.fallback);
    return view.kind === 'gone'
      ? page(c, 'gone', 410)
      : page(c, view.kind === 'missing' ? 'missing' : 'unavailable', 404);
  }
  if (reason) return filteredHit(c, view, reason, deepPath, now);
  return personVisit(c, view, deepPath, now);
}

/** Not a person (a bot, a prefetch, an unfurler, a scanner): counted by reason, no click. */
function filteredHit(c: RedirectContext, view: LiveLink, reason: FilterReason, deepPath: string, now: number) {
  sendFiltered(c, view, reason, now);
  if (reason === 'unfurler' && c.request.method === 'GET') {
    const html = previewPage(view, shareLinkFor(c.env, urlOf(c), view.code));
    return new Response(html, { headers: { ...NO_STORE, 'Content-Type': 'text/html; charset=utf-8' } });
  }
  // Redirected like anyone, but with no click: nothing to credit, nothing counted as a click.
  const location = buildLocation(view.destination, {
    deepPath,
    visitorQuery: queryOf(c),
    code: view.code,
    clickId: '',
  });
  const bare = new URL(location);
  bare.searchParams.delete('vouch_click');
  return redirectTo(bare.toString());
}

/** A person: the same click again within the hour, or a new click (its token) sent as a raw event. */
async function personVisit(c: RedirectContext, view: LiveLink, deepPath: string, now: number) {
  const code = view.code;
  const visitorQuery = queryOf(c);
  // During a HASH_SECRET rotation a cookie signed with the previous secret still counts.
  const cookie = readCookieFrom(c.request.headers.get('cookie'), `vouch_${view.programId}`);
  const earlier: CookieClick | null = cookie ? await decodeCookie(hashSecrets(c.env), cookie) : null;
  const windowMs = view.windowDays * 86400_000;
  const earlierValid = earlier !== null && now - earlier.issuedAt < windowMs;
  // The same visitor on the same code within the hour: the same click, and nothing to record.
  if (earlierValid && earlier.code === code && now - earlier.issuedAt < DEDUPE_SECONDS * 1000) {
    return redirectTo(buildLocation(view.destination, { deepPath, visitorQuery, code, clickId: earlier.clickId }));
  }
  const click = await signNewClick(c.env, c.request, view, { deepPath, visitorQuery }, now);
  const keepEarlier = view.model === 'first_click' && earlierValid;
  const attributed = keepEarlier ? earlier!.clickId : click.id;
  const location = buildLocation(view.destination, { deepPath, visitorQuery, code, clickId: attributed });
  sendEvents(c.env, c.ctx, [clickEvent(c.request, view, click, attributed, location)]);
  if (keepEarlier) return redirectTo(location);
  rememberSignedCookie(click.secret, click.id, { code, issuedAt: now });
  return redirectTo(location, [setCookieHeader(view.programId, click.id, view.windowDays * 86400)]);
}

/** What the entry point already read from the request (each read crosses into the runtime). */
export interface RequestFacts {
  url: string;
  method: string;
  /** Where the path starts in `url`. */
  pathStart: number;
}

/** GET|HEAD /r/{code}, /r/{code}/{deep/path}, /r/{code}.svg */
export function handleRedirect(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  on: { prefix: string; merchantId?: string } = { prefix: '/r/' },
  facts?: RequestFacts,
): Response | Promise<Response> {
  const known = facts ?? factsOf(request);
  try {
    const warm = warmReturningVisitor(request, env, on, known);
    if (warm) return warm;
  } catch {
    /* anything unusual takes the full path below */
  }
  return handleFully(request, env, ctx, on, known);
}

function factsOf(request: Request): RequestFacts {
  const url = request.url;
  return { url, method: request.method, pathStart: url.indexOf('/', url.indexOf('//') + 2) };
}

/**
 * The commonest repeat: a person who already has this link's click in their cookie, on a link
 * this isolate knows. Answered synchronously with nothing to record (the full path would do
 * the same, only slower); anything else returns null and takes the full path.
 */
function warmReturningVisitor(
  request: Request,
  env: Env,
  on: { prefix: string; merchantId?: string },
  facts: RequestFacts,
): Response | null {
  const { url, method, pathStart: start } = facts;
  if (method !== 'GET' || start < 0) return null;
  if (url.includes('?', start) || url.includes('#', start)) return null;
  const rest = url.slice(start + on.prefix.length);
  if (!url.startsWith(on.prefix, start) || rest.includes('/') || rest.includes('%') || /\.svg$/i.test(rest))
    return null;
  const code = parseCode(rest);
  if (!code) return null;
  const now = Date.now();
  const hit = cached(code, now, linkFreshMs(env));
  if (!hit?.fresh || hit.view.kind !== 'live') return null;
  const view = hit.view;
  if (on.merchantId && view.tenant.merchantId !== on.merchantId) return null;
  const headers = request.headers;
  if (filterReasonOf(method, headers) !== null) return null;
  const cookie = readCookieFrom(headers.get('cookie'), `vouch_${view.programId}`);
  const earlier = peekVerifiedCookie(hashSecret(env), cookie);
  if (
    !earlier ||
    earlier.code !== code ||
    now - earlier.issuedAt >= Math.min(DEDUPE_SECONDS * 1000, view.windowDays * 86400_000)
  )
    return null;
  // The cookie names the code and click, the destination is checked: the Location is determined.
  return warmAnswer(cookie!, view.destination, () =>
    redirectTo(buildLocation(view.destination, { visitorQuery: NO_QUERY, code, clickId: earlier.clickId })),
  );
}

const NO_QUERY = new URLSearchParams();

async function handleFully(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  on: { prefix: string; merchantId?: string },
  facts: RequestFacts,
): Promise<Response> {
  const c: RedirectContext = { request, env, ctx, href: facts.url, pathStart: facts.pathStart, ...on };
  try {
    return await handle(c);
  } catch (err) {
    // A redirect never answers with an error envelope: the visitor gets a page.
    console.error('redirect failed', err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : String(err));
    return page(c, 'error', 503, { 'Retry-After': '5' });
  }
}
