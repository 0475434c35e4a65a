import { updateActiveBadge, updateBadge } from '../background/badge.ts';
import { handleMessage } from '../background/handle-message.ts';
import { createMenus, onMenuClick } from '../background/menus.ts';
import { openPopup } from '../background/open-ui.ts';
import { scanTab } from '../background/scan.ts';
import { settingsItem, walletItem } from '../lib/storage.ts';

// The service worker: the only context with network access and tokens. Listeners are registered
// synchronously at the top level so events that wake a stopped worker are delivered.
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    const answer = handleMessage(message, sender);
    if (!answer) return false;
    answer.then(sendResponse, () => sendResponse(undefined));
    return true;
  });

  browser.runtime.onInstalled.addListener(() => void createMenus());
  browser.runtime.onStartup.addListener(() => void createMenus());
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClick(info, tab).catch(() => {}));

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'scan-page') return;
    const shown = openPopup();
    void (async () => {
      const target = tab ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
      if (target) await scanTab(target).catch(() => {});
      await shown;
    })();
  });

  // Badge: on activation and page load only; `tab.url` is there only for pages the extension may see.
  browser.tabs.onActivated.addListener(({ tabId }) => {
    void browser.tabs.get(tabId).then(
      (tab) => updateBadge(tabId, tab.url),
      () => {},
    );
  });
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === 'complete') void updateBadge(tabId, tab.url).catch(() => {});
  });
  browser.permissions.onAdded.addListener(() => void updateActiveBadge().catch(() => {}));
  walletItem.watch(() => void updateActiveBadge().catch(() => {}));
  settingsItem.watch(() => void updateActiveBadge().catch(() => {}));

  // Automation hook: browsers offer no way to click a context menu item or press an extension
  // shortcut from a test; the end-to-end test calls these (the same handlers) through the worker.
  Object.assign(globalThis, { vouchBackground: { onMenuClick, scanTab } });
});
