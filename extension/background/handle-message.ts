import { API_ORIGIN } from '../lib/config.ts';
import { type PairLinkReply, type PairOutcome, parseRequest, type Request, type Response } from '../lib/messages.ts';
import { pairingItem, walletItem } from '../lib/storage.ts';
import { ApiError, errorMessage } from './api.ts';
import { removeCode, saveCode } from './codes.ts';
import { openConnectPage } from './open-ui.ts';
import { cancelPairing, pairingLinkToken, pairWithLink, pollPairing, startPairing, toPublic } from './pairing.ts';
import { scanTab } from './scan.ts';
import { markUsed, refreshWallet, removeEntry } from './wallet.ts';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/**
 * Who is asking. Extension pages (popup, share page, confirmation page) may ask for anything; the
 * pair page's content script, and only on `{API origin}/pair`, may only hand over a pairing link,
 * which opens the confirmation page: any web page can send its visitor to `/pair#vpl_…`, so nothing
 * the pair page says pairs by itself. Messages from other extensions, other pages or other content
 * scripts get no answer at all.
 */
export function senderRole(sender: Sender): 'extension-page' | 'pair-page' | null {
  if (!sender.id || sender.id !== browser.runtime.id || !sender.url) return null;
  if (sender.url.startsWith(browser.runtime.getURL('/'))) return 'extension-page';
  try {
    const url = new URL(sender.url);
    if (url.origin === API_ORIGIN && url.pathname === '/pair') return 'pair-page';
  } catch {
    // Not a URL: refused below.
  }
  return null;
}

const fail = (err: unknown): Response => ({
  type: 'error',
  error: err instanceof ApiError ? err.kind : 'server',
  message: errorMessage(err),
});

/**
 * Decide synchronously whether to answer (null: ignore, so the channel is not held open), then
 * answer asynchronously.
 */
export function handleMessage(message: unknown, sender: Sender): Promise<Response | PairLinkReply> | null {
  const request = parseRequest(message);
  if (!request) return null;
  const role = senderRole(sender);
  if (role === 'extension-page') return handle(request).catch(fail);
  if (role === 'pair-page' && request.type === 'pair:link') return handOverLink(request.link, sender.tab?.id ?? null);
  return null;
}

/**
 * The pair page's link: not exchanged here. The extension's own confirmation page asks the user
 * ("Connect the shop from this pairing link?"), and only its Connect exchanges the link. The page
 * learns only that the extension asks; never a token or an entry.
 */
async function handOverLink(link: string, tabId: number | null): Promise<PairLinkReply> {
  const token = pairingLinkToken(link);
  if (!token) return { type: 'error', error: 'invalid', message: 'That is not a Vouch pairing link.' };
  try {
    await openConnectPage(token, tabId);
    return { type: 'confirm' };
  } catch (err) {
    return { type: 'error', error: 'server', message: errorMessage(err) };
  }
}

/** Tells the pair page's tab how it ended (only our content script there listens; the shop's name at most). */
async function tellPairPage(tabId: number | null, outcome: PairOutcome): Promise<void> {
  if (tabId === null) return;
  await browser.tabs.sendMessage(tabId, outcome).catch(() => {});
}

async function handle(request: Request): Promise<Response> {
  switch (request.type) {
    case 'wallet:get':
      return { type: 'wallet', wallet: await walletItem.getValue() };
    case 'wallet:refresh':
      return { type: 'wallet', wallet: await refreshWallet() };
    case 'wallet:remove':
      return { type: 'wallet', wallet: await removeEntry(request.id) };
    case 'pair:start':
      return { type: 'pairing', pairing: toPublic(await startPairing()) };
    case 'pair:poll':
      return { type: 'pairing', pairing: toPublic(await pollPairing()) };
    case 'pair:cancel':
      await cancelPairing();
      return { type: 'pairing', pairing: toPublic(await pairingItem.getValue()) };
    case 'pair:link':
      return { type: 'paired', entry: await pairWithLink(request.link) };
    case 'pair:confirm-link': {
      try {
        const entry = await pairWithLink(request.link);
        await tellPairPage(request.tab_id, {
          type: 'pair:outcome',
          state: 'connected',
          merchant_name: entry.entry.merchant.name,
        });
        return { type: 'paired', entry };
      } catch (err) {
        await tellPairPage(request.tab_id, {
          type: 'pair:outcome',
          state: 'failed',
          error: err instanceof ApiError ? err.kind : 'server',
        });
        throw err;
      }
    }
    case 'pair:decline-link':
      await tellPairPage(request.tab_id, { type: 'pair:outcome', state: 'cancelled' });
      return { type: 'ok' };
    case 'scan:active-tab': {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      if (!tab) throw new ApiError('no_tab', 'There is no page to scan here.');
      const scan = await scanTab(tab);
      return { type: 'scan', scan };
    }
    case 'code:save':
      return { type: 'saved', code: await saveCode(request.code) };
    case 'code:remove':
      await removeCode(request.id);
      return { type: 'ok' };
    case 'code:copy':
      await markUsed(request.entry_id);
      return { type: 'ok' };
  }
}
