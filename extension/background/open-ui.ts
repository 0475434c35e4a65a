import type { Browser } from '#imports';

/**
 * Show the popup after a menu click or shortcut. `action.openPopup` needs the user gesture, so it is
 * called before any other await; where it is refused (older Chrome, no focused window) the popup's
 * page opens in a small window instead.
 */
export function openPopup(): Promise<void> {
  let opened: Promise<void>;
  try {
    opened = Promise.resolve(browser.action.openPopup());
  } catch (err) {
    opened = Promise.reject(err);
  }
  return opened.catch(() => openWindow(browser.runtime.getURL('/popup.html')));
}

/** The share page for a page URL: the deep link and share options, or why there is none. */
export function openSharePage(pageUrl: string): Promise<void> {
  return openWindow(`${browser.runtime.getURL('/share.html')}?${new URLSearchParams({ url: pageUrl })}`);
}

async function openWindow(url: string): Promise<void> {
  const options: Browser.windows.CreateData = { url, type: 'popup', width: 400, height: 640, focused: true };
  await browser.windows.create(options);
}
