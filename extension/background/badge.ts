import { badgeText } from '../lib/badge-text.ts';
import { entriesForPage } from '../lib/pick-entry.ts';
import { settingsItem, walletItem } from '../lib/storage.ts';

const BADGE_COLOR = '#0f766e';

/**
 * Set one tab's badge to the reward its merchant pays this advocate, or clear it. Called on tab
 * activation and page load only (no polling). `url` is only known for pages the extension may see:
 * merchant sites the user granted, or the tab the user just invoked the extension on.
 */
export async function updateBadge(tabId: number, url: string | undefined): Promise<string> {
  const [{ badge }, wallet] = await Promise.all([settingsItem.getValue(), walletItem.getValue()]);
  const entry = badge ? entriesForPage(wallet.entries, url)[0] : undefined;
  const text = entry ? badgeText(entry.entry.program.referrer_reward) : '';
  await browser.action.setBadgeText({ tabId, text });
  if (text) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
  return text;
}

/** The active tab's badge again (after the wallet, settings or granted sites change). */
export async function updateActiveBadge(): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id !== undefined) await updateBadge(tab.id, tab.url);
}

/** A short acknowledgement on the badge (saved, nothing to insert): no notification permission needed. */
export async function flashBadge(tabId: number, text: '✓' | '!', url: string | undefined): Promise<void> {
  await browser.action.setBadgeText({ tabId, text });
  await browser.action.setBadgeBackgroundColor({ tabId, color: text === '!' ? '#b91c1c' : BADGE_COLOR });
  setTimeout(() => void updateBadge(tabId, url).catch(() => {}), 2500);
}
