import type { LinkView } from './resolve-link.ts';

/**
 * Links this isolate has seen recently, so a warm link costs no Redis round trip. Entries are
 * fresh for LINK_CACHE_FRESH_MS (a minute by default: a disabled code stops within that), and kept
 * stale for a day to keep redirecting when Redis is unreachable. Bounded: the oldest entries go first.
 */
const NEGATIVE_FRESH_MS = 10_000;
const STALE_MS = 24 * 3600_000;
const MAX_ENTRIES = 20_000;

interface Entry {
  view: LinkView;
  storedAt: number;
}

const entries = new Map<string, Entry>();

export function cached(code: string, now: number, freshMs: number): { view: LinkView; fresh: boolean } | null {
  const entry = entries.get(code);
  if (!entry) return null;
  const age = now - entry.storedAt;
  if (age > STALE_MS) {
    entries.delete(code);
    return null;
  }
  const freshFor = entry.view.kind === 'missing' ? Math.min(NEGATIVE_FRESH_MS, freshMs) : freshMs;
  // A program that starts soon must not stay "not started" in the cache past its start.
  const startsAt = entry.view.kind === 'unavailable' ? entry.view.startsAt : null;
  const fresh = age <= freshFor && !(startsAt && now >= startsAt);
  return { view: entry.view, fresh };
}

export function remember(code: string, view: LinkView, now = Date.now()): void {
  entries.delete(code);
  entries.set(code, { view, storedAt: now });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

/**
 * Stale-while-revalidate: the codes whose stale entry one request is refreshing now, and since when.
 * Others meanwhile answer from the stale view with no read of their own (the bench saw 32 concurrent
 * refreshes of one code, and TimeoutErrors); they never await the refresher's promise, which workerd
 * forbids across requests. A claim lapses after CLAIM_MS (the redirect's read gives up at 300 ms), so a
 * refresher whose request died without releasing it holds nobody up for long.
 */
const CLAIM_MS = 1000;
const refreshing = new Map<string, number>();

/** True when the caller should refresh `code` itself (and then `release` it); false when another is. */
export function claimRefresh(code: string, now: number): boolean {
  const since = refreshing.get(code);
  if (since !== undefined && now - since < CLAIM_MS) return false;
  refreshing.set(code, now);
  return true;
}

export function releaseRefresh(code: string): void {
  refreshing.delete(code);
}
