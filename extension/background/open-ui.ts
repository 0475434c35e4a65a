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
  return opened.catch(async () => void (await openWindow(browser.runtime.getURL('/popup.html'))));
}

/** The share page for a page URL: the deep link and share options, or why there is none. */
export async function openSharePage(pageUrl: string): Promise<void> {
  await openWindow(`${browser.runtime.getURL('/share.html')}?${new URLSearchParams({ url: pageUrl })}`);
}

let connectWindow: number | undefined;

/**
 * The confirmation page for a pairing link handed over by the pair page: "Connect the shop from this
 * pairing link?". The token travels in the extension page's fragment (no web page can read an
 * extension page's URL, and no server sees a fragment); `tab` is the pair page's tab, told the
 * outcome. One at a time: a page sending its visitor to `/pair` again replaces the window.
 */
export async function openConnectPage(token: string, tabId: number | null): Promise<void> {
  const query = tabId === null ? '' : `?${new URLSearchParams({ tab: String(tabId) })}`;
  if (connectWindow !== undefined) await browser.windows.remove(connectWindow).catch(() => {});
  connectWindow = await openWindow(`${browser.runtime.getURL('/connect.html')}${query}#${encodeURIComponent(token)}`);
}

async function openWindow(url: string): Promise<number | undefined> {
  const options: Browser.windows.CreateData = { url, type: 'popup', width: 400, height: 640, focused: true };
  const created = await browser.windows.create(options);
  return created?.id;
}
