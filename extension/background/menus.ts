import type { Browser } from '#imports';
import { selectionToCandidate } from '../lib/code-text.ts';
import { pickEntry } from '../lib/pick-entry.ts';
import { walletItem } from '../lib/storage.ts';
import { flashBadge } from './badge.ts';
import { saveCode } from './codes.ts';
import { insertAtCaret } from './insert-link.ts';
import { openPopup, openSharePage } from './open-ui.ts';
import { scanTab } from './scan.ts';
import { markUsed } from './wallet.ts';

const MENU = {
  scan: 'vouch-scan-page',
  save: 'vouch-save-code',
  share: 'vouch-share-page',
  insert: 'vouch-insert-link',
} as const;

// Only web pages: the menu has nothing to do on browser or extension pages.
const WEB = ['http://*/*', 'https://*/*'];

/** (Re)create the menus: on install/update, and on startup (Firefox may not keep them). */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  const items: Browser.contextMenus.CreateProperties[] = [
    { id: MENU.scan, title: 'Scan this page for referral codes', contexts: ['page'] },
    { id: MENU.save, title: 'Save “%s” as referral code', contexts: ['selection'] },
    { id: MENU.share, title: 'Share this page with my referral link', contexts: ['page'] },
    { id: MENU.insert, title: 'Insert my referral link', contexts: ['editable'] },
  ];
  for (const item of items) browser.contextMenus.create({ ...item, documentUrlPatterns: WEB });
}

type Tab = { id?: number; url?: string; title?: string };

/** A menu click: a user gesture, so the activeTab grant covers the page for what follows. */
export async function onMenuClick(info: Browser.contextMenus.OnClickData, tab: Tab | undefined): Promise<void> {
  const tabId = tab?.id;
  const pageUrl = info.pageUrl ?? tab?.url;
  switch (info.menuItemId) {
    case MENU.scan: {
      const shown = openPopup();
      if (tab) await scanTab(tab).catch(() => {});
      await shown;
      return;
    }
    case MENU.share:
      if (pageUrl) await openSharePage(pageUrl);
      return;
    case MENU.save: {
      const candidate = selectionToCandidate(info.selectionText ?? '');
      if (!candidate) {
        if (tabId !== undefined) await flashBadge(tabId, '!', tab?.url);
        return;
      }
      let origin: string | null = null;
      try {
        origin = pageUrl ? new URL(pageUrl).origin : null;
      } catch {
        // Saved without an origin.
      }
      await saveCode({ ...candidate, page_origin: origin, context: info.selectionText ?? '' });
      if (tabId !== undefined) await flashBadge(tabId, '✓', tab?.url);
      return;
    }
    case MENU.insert: {
      if (tabId === undefined) return;
      const entry = pickEntry((await walletItem.getValue()).entries, info.frameUrl ?? pageUrl);
      if (!entry) {
        // Nothing to insert yet: the popup explains how to connect a shop.
        await openPopup();
        return;
      }
      const [frame] = await browser.scripting.executeScript({
        target: { tabId, frameIds: [info.frameId ?? 0] },
        func: insertAtCaret,
        args: [entry.entry.advocate.link],
      });
      if (frame?.result === 'inserted') await markUsed(entry.id);
      else await flashBadge(tabId, '!', tab?.url);
      return;
    }
  }
}
