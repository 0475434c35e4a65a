import { matchesSites } from './sites.ts';
import type { WalletItem } from './storage.ts';

const byRecentUse = (a: WalletItem, b: WalletItem) => b.last_used_at - a.last_used_at;

/** Entries whose merchant's sites include this page, most recently used first. */
export const entriesForPage = (entries: readonly WalletItem[], pageUrl: string | undefined): WalletItem[] =>
  pageUrl
    ? entries.filter((e) => e.status === 'ok' && matchesSites(pageUrl, e.entry.merchant.sites)).sort(byRecentUse)
    : [];

/** The link to insert on a page: the merchant's own entry there, else the most recently used one. */
export function pickEntry(entries: readonly WalletItem[], pageUrl: string | undefined): WalletItem | null {
  return (
    entriesForPage(entries, pageUrl)[0] ?? [...entries].filter((e) => e.status === 'ok').sort(byRecentUse)[0] ?? null
  );
}
